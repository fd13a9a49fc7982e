import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { ModelFileError } from './errors/model-file-error';
import { RecurrentModel } from './model';
import type { ModelSpecInput } from './model-spec';
import { deserializeModel, loadModelFile, saveModelFile, serializeModel, type ModelFileJSON } from './serialize';
import { lengthMask } from './testing/finite-difference';

const infer = { training: false };

/** Deterministic outputs of a model for its topology, as plain numbers. */
function outputsOf(model: RecurrentModel): Float32Array {
  return tf.tidy(() => {
    const s = model.spec;
    const T = 4, B = 2;
    const ids = tf.tensor1d([1, 2, 3, 0, 2, 2, 1, 3], 'int32');
    const input =
      s.input.kind === 'dense'
        ? { kind: 'dense' as const, x: tf.tensor2d(Array.from({ length: T * B * s.input.features }, (_, i) => Math.sin(i)), [T * B, s.input.features]) }
        : { kind: 'ids' as const, ids };
    if (s.topology === 'many-to-one') return model.manyToOne(input, T, B, lengthMask([4, 2], T), infer).dataSync() as Float32Array;
    if (s.topology === 'many-to-many') return model.manyToMany(input, T, B, null, null, infer).logits.dataSync() as Float32Array;
    if (s.topology === 'one-to-many') {
      const first = input.kind === 'dense' ? { kind: 'dense' as const, x: tf.slice(input.x, [0, 0], [B, -1]) as tf.Tensor2D } : { kind: 'ids' as const, ids: tf.slice(ids, [0], [B]) as tf.Tensor1D };
      return model.oneToMany(first, T, B, infer).dataSync() as Float32Array;
    }
    const d = model.encode(ids, lengthMask([4, 3], T), T, B, infer);
    return model.decode(d, tf.tensor1d([1, 1, 2, 3, 3, 2], 'int32'), 3, B, infer).dataSync() as Float32Array;
  });
}

const SPECS: ModelSpecInput[] = [
  { cell: 'lstm', layers: 2, hidden: 6, embed: 3, topology: 'many-to-many', input: { kind: 'tokens', vocab: 5 }, outputSize: 5 },
  { cell: 'gru', gruResetAfter: false, hidden: 5, topology: 'many-to-one', input: { kind: 'dense', features: 3 }, outputSize: 2 },
  { cell: 'rnn', nonlinearity: 'relu', hidden: 4, topology: 'one-to-many', oneToMany: 'every', input: { kind: 'tokens', vocab: 5 }, outputSize: 3 },
  { cell: 'lstm', hidden: 6, embed: 2, context: 'attention', topology: 'encoder-decoder', input: { kind: 'tokens', vocab: 5 }, outputSize: 4 },
];

const config = { task: { name: 'names' }, model: { cell: 'lstm' }, train: { lr: 0.001 } };
const tokenizers = { text: { format: 'rnnlab-tokenizer', version: 1, kind: 'char', vocab: ['<pad>', 'a', 'b'] } };

let dir = '';
beforeAll(async () => {
  await initBackend('auto');
  dir = await mkdtemp(join(tmpdir(), 'rnnlab-serialize-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('serializeModel / deserializeModel round trip', () => {
  for (const spec of SPECS) {
    it(`${spec.topology} ${spec.cell}: identical outputs after JSON text round trip`, () => {
      const model = new RecurrentModel(spec, 3);
      const text = JSON.stringify(serializeModel(model, { config, tokenizers }));
      const loaded = deserializeModel(JSON.parse(text));
      try {
        const before = outputsOf(model);
        expect(before.length).toBeGreaterThan(0);
        expect(outputsOf(loaded.model)).toEqual(before);
        expect(loaded.model.spec).toEqual(model.spec);
        expect(loaded.model.getWeights()).toEqual(model.getWeights());
        expect(loaded.config).toEqual(config);
        expect(loaded.tokenizers).toEqual(tokenizers);
      } finally {
        model.dispose();
        loaded.model.dispose();
      }
    });
  }

  it('writes the documented envelope, float32 little-endian base64 data and the parameter count', () => {
    const model = new RecurrentModel({ cell: 'rnn', hidden: 2, topology: 'many-to-one', input: { kind: 'dense', features: 1 }, outputSize: 2 }, 1);
    model.setWeights(model.getWeights().map((w) => (w.name === 'head.bias' ? { ...w, data: new Float32Array([1.5, -2]) } : w)));
    const json = serializeModel(model);
    try {
      expect(json.format).toBe('rnnlab-model');
      expect(json.version).toBe(1);
      expect(json.paramCount).toBe(2 * (1 + 2) + 2 * 2 + 2 * 2 + 2);
      expect(json.config).toBeNull();
      expect(json.tokenizers).toEqual({});
      const bias = json.weights.find((w) => w.name === 'head.bias');
      // 1.5f = 0x3FC00000, -2f = 0xC0000000, least significant byte first
      expect(bias).toEqual({ name: 'head.bias', shape: [2], dtype: 'float32', data: Buffer.from([0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]).toString('base64') });
    } finally {
      model.dispose();
    }
  });

  it('stores objects with toJSON() (e.g. a fitted tokenizer) in their serialized form', () => {
    const model = new RecurrentModel(SPECS[0], 1);
    const tok = { toJSON: () => ({ kind: 'char', vocab: ['a'] }) };
    try {
      expect(serializeModel(model, { tokenizers: { text: tok } }).tokenizers).toEqual({ text: { kind: 'char', vocab: ['a'] } });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(() => serializeModel(model, { config: cyclic })).toThrow(/config: /);
    } finally {
      model.dispose();
    }
  });
});

describe('deserializeModel rejects bad files, naming the field', () => {
  let good: ModelFileJSON;
  beforeAll(() => {
    const model = new RecurrentModel(SPECS[0], 1);
    good = JSON.parse(JSON.stringify(serializeModel(model, { config, tokenizers }))) as ModelFileJSON;
    model.dispose();
  });
  const edit = (f: (j: Record<string, unknown> & ModelFileJSON) => void): unknown => {
    const j = structuredClone(good) as Record<string, unknown> & ModelFileJSON;
    f(j);
    return j;
  };
  const weight = (j: ModelFileJSON, name: string) => j.weights.find((w) => w.name === name) as ModelFileJSON['weights'][number];

  const CASES: [string, () => unknown, RegExp][] = [
    ['not an object', () => [1, 2], /expected a JSON object, got an array/],
    ['another format', () => edit((j) => { (j as Record<string, unknown>).format = 'keras'; }), /format: expected "rnnlab-model", got "keras"/],
    ['no format', () => edit((j) => { delete (j as Record<string, unknown>).format; }), /format: expected "rnnlab-model", got nothing/],
    ['a newer version', () => edit((j) => { (j as Record<string, unknown>).version = 2; }), /version: expected 1 .*, got 2/],
    ['no weights', () => edit((j) => { delete (j as Record<string, unknown>).weights; }), /weights: /],
    ['empty weights', () => edit((j) => { j.weights = []; }), /weights: /],
    ['an invalid spec field', () => edit((j) => { (j.spec as { hidden: number }).hidden = -3; }), /spec\.hidden: /],
    ['a missing weight', () => edit((j) => { j.weights = j.weights.filter((w) => w.name !== 'rnn.weight_hh_l1'); }), /weights: missing "rnn\.weight_hh_l1" \(shape \[6, 24\]\)/],
    ['a shape mismatch', () => edit((j) => { weight(j, 'head.weight').shape = [5, 6]; }), /weights\["head\.weight"\]\.shape: expected \[6, 5\], got \[5, 6\]/],
    ['too little data', () => edit((j) => { weight(j, 'head.bias').data = Buffer.alloc(16).toString('base64'); }), /weights\["head\.bias"\]\.data: expected 20 bytes \(5 float32\), got 16/],
    ['data that is not base64', () => edit((j) => { weight(j, 'head.bias').data = 'not base64!'; }), /weights\["head\.bias"\]\.data: expected base64/],
    ['another dtype', () => edit((j) => { (weight(j, 'head.bias') as { dtype: string }).dtype = 'float16'; }), /weights\["head\.bias"\]\.dtype: /],
    ['an unexpected weight', () => edit((j) => { j.weights.push({ ...weight(j, 'head.bias'), name: 'head2.bias' }); }), /weights: unexpected "head2\.bias"/],
    ['a duplicate weight', () => edit((j) => { j.weights.push(weight(j, 'head.bias')); }), /weights: duplicate "head\.bias"/],
    ['a wrong paramCount', () => edit((j) => { j.paramCount += 1; }), /paramCount: expected \d+ for this spec, got \d+/],
    ['tokenizers not a record', () => edit((j) => { (j as Record<string, unknown>).tokenizers = 'char'; }), /tokenizers: /],
  ];
  for (const [what, make, message] of CASES) {
    it(what, () => {
      const before = tf.memory().numTensors;
      let err: unknown;
      try {
        deserializeModel(make());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ModelFileError);
      expect((err as ModelFileError).unrecoverable).toBe(true);
      expect((err as Error).message).toMatch(/^invalid model file in deserializeModel\(\)/);
      expect((err as Error).message).toMatch(message);
      expect(tf.memory().numTensors).toBe(before); // rejected before any variable was made
    });
  }

  it('lists every problem at once', () => {
    const bad = edit((j) => {
      j.weights = j.weights.filter((w) => w.name !== 'embed.weight');
      weight(j, 'head.weight').shape = [1, 1];
    });
    expect(() => deserializeModel(bad)).toThrow(/missing "embed\.weight"[\s\S]*"head\.weight"\]\.shape/);
  });
});

describe('saveModelFile / loadModelFile', () => {
  it('round-trips through a file and replaces an existing file atomically (no temp files left)', async () => {
    const path = join(dir, 'model.json');
    const a = new RecurrentModel(SPECS[3], 1);
    const b = new RecurrentModel(SPECS[3], 2);
    try {
      await saveModelFile(path, a, { config });
      const saved = await saveModelFile(path, b, { config, tokenizers });
      expect(saved.bytes).toBe((await readFile(path)).length);
      expect(await readdir(dir)).toEqual(['model.json']);
      const loaded = await loadModelFile(path);
      expect(outputsOf(loaded.model)).toEqual(outputsOf(b));
      expect(loaded.tokenizers).toEqual(tokenizers);
      loaded.model.dispose();
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('fails without leaving a temp file behind (missing directory; target is a directory)', async () => {
    const model = new RecurrentModel(SPECS[1], 1);
    const sub = join(dir, 'occupied');
    await mkdir(sub);
    await writeFile(join(sub, 'keep.txt'), 'x');
    const before = (await readdir(dir)).sort();
    try {
      await expect(saveModelFile(join(dir, 'missing', 'model.json'), model)).rejects.toThrow(/ENOENT/);
      await expect(saveModelFile(sub, model)).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST|EPERM/);
      expect((await readdir(dir)).sort()).toEqual(before);
    } finally {
      model.dispose();
      await rm(sub, { recursive: true });
    }
  });

  it('names the path of a file that is not JSON or not a model file', async () => {
    const notJson = join(dir, 'broken.json');
    await writeFile(notJson, '{"format": "rnnlab-model", "version": 1, ');
    await expect(loadModelFile(notJson)).rejects.toThrow(new RegExp(`invalid model file ${notJson}: not JSON`));
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ format: 'rnn-reference-fixture/v1' }));
    await expect(loadModelFile(other)).rejects.toThrow(/other\.json: format: expected "rnnlab-model", got "rnn-reference-fixture\/v1"/);
    await rm(notJson);
    await rm(other);
  });
});

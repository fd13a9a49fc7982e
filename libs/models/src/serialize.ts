/**
 * Saving and loading a model together with its run config and tokenizers, as one versioned JSON
 * document:
 *
 *   { format: 'rnnlab-model', version: 1, spec, weights: [{ name, shape, dtype: 'float32', data }],
 *     config, tokenizers, paramCount }
 *
 * `data` is base64 of the row-major float32 values in little-endian byte order, whatever the host,
 * so weights round-trip bit for bit. `config` and `tokenizers` are opaque here (the caller parses
 * them with the contracts' RunConfigSchema and the tokenization lib's `tokenizerFromJSON`): this lib
 * depends on neither of their formats.
 */
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { ModelFileError } from './errors/model-file-error';
import { RecurrentModel, TFJS_ENGINE, type Engine } from './model';
import { ModelSpecSchema, type ModelSpec } from './model-spec';
import { expectedParamCount, expectedParamShapes } from './param-count';

export const MODEL_FILE_FORMAT = 'rnnlab-model';
export const MODEL_FILE_VERSION = 1;

/** One parameter tensor as stored in a model file. */
export interface WeightJSON {
  /** parameter name, e.g. `rnn.weight_hh_l0` */
  name: string;
  /** row-major shape; matrices are [in, out] (transposed relative to PyTorch) */
  shape: number[];
  dtype: 'float32';
  /** base64 of the little-endian float32 values: 4·∏shape bytes */
  data: string;
}

/** A model file (version 1), as written by `serializeModel` and read by `deserializeModel`. */
export interface ModelFileJSON {
  format: typeof MODEL_FILE_FORMAT;
  version: typeof MODEL_FILE_VERSION;
  /** the full architecture, defaults filled in */
  spec: ModelSpec;
  weights: WeightJSON[];
  /** the run config the model was trained with (opaque here), or null */
  config: unknown;
  /** fitted tokenizers by role (e.g. `source`, `target`), each its `toJSON()` (opaque here) */
  tokenizers: Record<string, unknown>;
  /** total trainable scalars, a cheap consistency check and handy for listings */
  paramCount: number;
}

/** What travels with the weights. */
export interface ModelExtras {
  config?: unknown;
  tokenizers?: Record<string, unknown>;
}

/** A model restored from a file, with what was saved alongside it. */
export interface LoadedModel {
  model: RecurrentModel;
  config: unknown;
  tokenizers: Record<string, unknown>;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const WeightJSONSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().min(0).max(2 ** 31)),
  dtype: z.literal('float32'),
  data: z.string().regex(BASE64, 'expected base64'),
});

/** Version-1 model file. Unknown top-level keys are ignored (stripped), so tools may annotate files. */
export const ModelFileSchema = z.object({
  format: z.literal(MODEL_FILE_FORMAT),
  version: z.literal(MODEL_FILE_VERSION),
  spec: ModelSpecSchema,
  weights: z.array(WeightJSONSchema).min(1),
  config: z.unknown(),
  tokenizers: z.record(z.string(), z.unknown()),
  paramCount: z.number().int().min(0),
});

/**
 * A model's spec, weights and extras as a JSON-ready object (`JSON.stringify` it to write a file).
 * `config` and each tokenizer are deep-copied through JSON, so class instances with `toJSON()`
 * (e.g. a fitted tokenizer) are stored in their serialized form.
 * @example const json = serializeModel(model, { config: runConfig, tokenizers: { text: tok.toJSON() } });
 */
export function serializeModel(model: RecurrentModel, extras: ModelExtras = {}): ModelFileJSON {
  if (model.params.size === 0) throw new Error('cannot serialize a disposed RecurrentModel in serializeModel()');
  const tokenizers: Record<string, unknown> = {};
  for (const [role, tok] of Object.entries(extras.tokenizers ?? {})) tokenizers[role] = jsonCopy(tok, `tokenizers.${role}`);
  return {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    spec: structuredClone(model.spec),
    weights: model.getWeights().map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32', data: encodeFloat32(w.data) })),
    config: jsonCopy(extras.config, 'config'),
    tokenizers,
    paramCount: model.paramCount(),
  };
}

/**
 * Rebuild a model from `serializeModel` output (typically `JSON.parse` of a file). Throws a
 * ModelFileError naming every bad field: wrong `format` or `version`, an invalid `spec`, missing,
 * unexpected or misshapen `weights`, a `paramCount` that disagrees with the spec.
 * @example const { model, config, tokenizers } = deserializeModel(JSON.parse(text));
 */
export function deserializeModel(json: unknown, engine: Engine = TFJS_ENGINE): LoadedModel {
  return restore(json, engine, 'invalid model file in deserializeModel()');
}

/**
 * Write a model file atomically: a temporary file in the same directory, flushed, then renamed over
 * `path`, so readers never see a half-written file and a crash leaves the previous file intact.
 * @example await saveModelFile('runs/42/model.json', model, { config, tokenizers: { text: tok.toJSON() } });
 */
export async function saveModelFile(
  path: string,
  model: RecurrentModel,
  extras: ModelExtras = {},
): Promise<{ path: string; bytes: number }> {
  const text = JSON.stringify(serializeModel(model, extras));
  const tmp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  return { path, bytes: Buffer.byteLength(text, 'utf8') };
}

/**
 * Read a model file written by `saveModelFile`. I/O errors propagate as they are; a file that is
 * not JSON or not a valid model file throws a ModelFileError naming the path and the fields.
 * @example const { model } = await loadModelFile('runs/42/model.json');
 */
export async function loadModelFile(path: string, engine: Engine = TFJS_ENGINE): Promise<LoadedModel> {
  const text = await readFile(path, 'utf8');
  const where = `invalid model file ${path}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(where, [`not JSON (${(e as Error).message})`], { cause: e });
  }
  return restore(json, engine, where);
}

function restore(json: unknown, engine: Engine, where: string): LoadedModel {
  // envelope first, so a file of another kind or version gets one clear message, not a list of field errors
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFileError(where, [`expected a JSON object, got ${describeValue(json)}`]);
  }
  const env = json as Record<string, unknown>;
  if (env.format !== MODEL_FILE_FORMAT) {
    throw new ModelFileError(where, [`format: expected "${MODEL_FILE_FORMAT}", got ${describeValue(env.format)}`]);
  }
  if (env.version !== MODEL_FILE_VERSION) {
    throw new ModelFileError(where, [
      `version: expected ${MODEL_FILE_VERSION} (the only version this build reads), got ${describeValue(env.version)}`,
    ]);
  }
  const parsed = ModelFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ModelFileError(where, parsed.error.issues.map((i) => `${fieldName(env, i.path)}: ${i.message}`));
  }
  const file = parsed.data;

  // every parameter present once with its shape and byte length; checked before any tensor is made
  const issues: string[] = [];
  const want = expectedParamShapes(file.spec);
  const byName = new Map<string, (typeof file.weights)[number]>();
  for (const w of file.weights) {
    if (byName.has(w.name)) issues.push(`weights: duplicate "${w.name}"`);
    byName.set(w.name, w);
  }
  const decoded: { name: string; shape: number[]; data: Float32Array }[] = [];
  for (const p of want) {
    const w = byName.get(p.name);
    if (!w) {
      issues.push(`weights: missing "${p.name}" (shape [${p.shape.join(', ')}])`);
      continue;
    }
    if (!sameShape(w.shape, p.shape)) {
      issues.push(`weights["${p.name}"].shape: expected [${p.shape.join(', ')}], got [${w.shape.join(', ')}]`);
      continue;
    }
    const size = p.shape.reduce((a, b) => a * b, 1);
    const bytes = Buffer.from(w.data, 'base64');
    if (bytes.length !== 4 * size) {
      issues.push(`weights["${p.name}"].data: expected ${4 * size} bytes (${size} float32), got ${bytes.length}`);
      continue;
    }
    decoded.push({ name: p.name, shape: p.shape, data: decodeFloat32(bytes) });
  }
  const known = new Set(want.map((p) => p.name));
  for (const w of file.weights) if (!known.has(w.name)) issues.push(`weights: unexpected "${w.name}" for this spec`);
  const count = expectedParamCount(file.spec);
  if (file.paramCount !== count) issues.push(`paramCount: expected ${count} for this spec, got ${file.paramCount}`);
  if (issues.length > 0) throw new ModelFileError(where, issues);

  const model = new RecurrentModel(file.spec, 0, engine);
  try {
    model.setWeights(decoded);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, config: file.config ?? null, tokenizers: file.tokenizers };
}

/** Little-endian float32 bytes as base64. */
function encodeFloat32(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function decodeFloat32(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A value as plain JSON data (undefined -> null); throws naming the field if it cannot be. */
function jsonCopy(value: unknown, field: string): unknown {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new ModelFileError('cannot serialize in serializeModel()', [`${field}: ${(e as Error).message}`], { cause: e });
  }
  if (text === undefined) {
    throw new ModelFileError('cannot serialize in serializeModel()', [`${field}: not JSON-serializable (${typeof value})`]);
  }
  return JSON.parse(text) as unknown;
}

/** A zod issue path as a field name; a weight is named by its `name` when it has one: weights["head.bias"].data */
function fieldName(json: Record<string, unknown>, path: PropertyKey[]): string {
  const [first, index, ...rest] = path;
  const w = first === 'weights' && typeof index === 'number' && Array.isArray(json.weights) ? (json.weights[index] as unknown) : null;
  const name = w && typeof w === 'object' ? (w as { name?: unknown }).name : undefined;
  if (typeof name === 'string' && name.length > 0) return [`weights[${JSON.stringify(name)}]`, ...rest.map(String)].join('.');
  return path.map(String).join('.') || '(root)';
}

/** A short description of a received value for error messages. */
function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (field missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

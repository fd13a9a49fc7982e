/**
 * The trained model for TensorFlow.js, end to end in a real headless Chromium (Debian's, driven by
 * playwright-core) against a real platform (redis-server, SQLite, a worker, `rnnlab dashboard`):
 * runs trained by the worker, their exported model linked from the run page, loaded in the page
 * with `tf.loadLayersModel` from the dashboard's own URL (tfjs injected from node_modules: the page
 * makes no request outside the dashboard), and its predictions compared with the same files loaded
 * over HTTP by tfjs in Node, and with what the model's own forward pass scored in the worker (the
 * regression run's test mse over its whole test split). A model the export refuses (GRU reset-after) finishes its run all the
 * same, with a warning in its timeline and no link.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDataset } from '@rnnlab/datasets';
import { openStore, type Store } from '@rnnlab/store';
import type { Browser, Page } from 'playwright-core';
import { browserTestsReady, launchBrowser } from './testing/browser';
import { repoRoot, startPlatform, waitFor, type Platform } from './testing/platform';

const TF_MIN = join(repoRoot, 'node_modules/@tensorflow/tfjs/dist/tf.min.js');
const ready = browserTestsReady('model download e2e');

const TOL = 1e-5;
const QUIET = ['--eval-every', '0', '--diag-every', '0', '--checkpoint-every', '0', '--seed', '2'];
/** a names language model: token ids through the one-hot Embedding, 2 LSTM layers, a head on every step */
const LM = ['--task', 'names', '--cell', 'lstm', '--layers', '2', '--hidden', '16', '--batch', '16', '--steps', '30', '--lr', '0.01', ...QUIET];
/** the adding problem: dense input, a reset-before GRU, the head on the last step */
const ADDING = ['--task', 'adding', '--seq-len', '12', '--size', '400', '--hidden', '8', '--batch', '16', '--steps', '20', '--lr', '0.01', ...QUIET];

/** what the page and Node both compute: predict() on a fixed input */
interface Prediction {
  backend: string;
  shape: number[];
  y: number[];
  metadata: unknown;
}

interface TfLike {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  loadLayersModel(url: string): Promise<{ predict(x: unknown): { shape: number[]; data(): Promise<ArrayLike<number>> }; getUserDefinedMetadata(): unknown }>;
  tensor(values: number[], shape: number[], dtype: string): unknown;
}

/** Load `url` with tfjs and predict on x (runs in the page, and in Node with tfjs from node_modules). */
async function predictWith(tf: TfLike, a: { url: string; x: number[]; shape: number[]; dtype: string }): Promise<Prediction> {
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel(a.url);
  const y = model.predict(tf.tensor(a.x, a.shape, a.dtype));
  return { backend: tf.getBackend(), shape: y.shape, y: Array.from(await y.data()), metadata: model.getUserDefinedMetadata() };
}

function submit(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(repoRoot, 'apps/cli/bin/rnnlab.mjs'), 'submit', ...args, '--json'], { cwd: repoRoot, env }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`rnnlab submit ${args.join(' ')} failed: ${stderr || err.message}`));
      resolve((JSON.parse(stdout.trim().split('\n').pop() as string) as { id: string }).id);
    });
  });
}

const maxAbsDiff = (a: number[], b: number[]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), a.length === b.length ? 0 : Infinity);

describe.skipIf(!ready)('the trained model for TensorFlow.js, in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  let page: Page;
  let store: Store;
  const ids: Record<'lm' | 'adding' | 'refused', string> = { lm: '', adding: '', refused: '' };
  const outsideRequests: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ workerThreads: 1 });
    store = await openStore(platform.env.DATABASE_URL);
    ids.lm = await submit(platform.env, LM);
    ids.adding = await submit(platform.env, [...ADDING, '--cell', 'gru', '--gru-reset-before']);
    ids.refused = await submit(platform.env, [...ADDING, '--cell', 'gru', '--gru-reset-after']);
    browser = await launchBrowser();
    page = await browser.newPage();
    // nothing from the network: only the dashboard answers
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(platform.url)) return route.continue();
      outsideRequests.push(route.request().url());
      return route.abort();
    });
    for (const id of Object.values(ids)) {
      await waitFor(`run ${id} to finish`, 240_000, async () => ((await store.getRun(id))?.status === 'succeeded' ? true : null), platform.worker.output);
    }
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await store?.close();
    await platform?.stop();
  }, 60_000);

  /** The exported model of `id` loaded in the page and in Node, predicting on a fixed input. */
  async function compare(id: string): Promise<{ page: Prediction; node: Prediction; err: number }> {
    await waitFor(`the model of ${id} to be stored`, 60_000, async () => ((await store.listArtifacts(id)).length === 2 ? true : null), platform.worker.output);
    await page.goto(`${platform.url}/runs/${id}`);
    const link = page.getByTestId('model-download').locator('a', { hasText: 'Download the model (TensorFlow.js)' });
    const href = (await link.getAttribute('href')) as string;
    expect(href).toBe(`/api/v1/runs/${id}/model/model.json`);
    // the input: what the model's metadata says it reads, from a fixed pattern
    const meta = (await (await fetch(`${platform.url}${href}`)).json()) as { userDefinedMetadata: { rnnlab: { input: { kind: 'dense'; features: number } | { kind: 'tokens'; vocab: number } } } };
    const input = meta.userDefinedMetadata.rnnlab.input;
    const B = 2;
    const T = 7;
    const x =
      input.kind === 'dense'
        ? Array.from({ length: B * T * input.features }, (_, i) => ((i * 37) % 11) / 10 - 0.5)
        : Array.from({ length: B * T }, (_, i) => 1 + ((i * 5) % (input.vocab - 1)));
    const args = { url: href, x, shape: input.kind === 'dense' ? [B, T, input.features] : [B, T], dtype: input.kind === 'dense' ? 'float32' : 'int32' };

    await page.addScriptTag({ content: readFileSync(TF_MIN, 'utf8') });
    const inPage = await page.evaluate(
      async ({ a, fn }) => {
        // the helper travels as source text: the same code runs here and in Node
        const predict = new Function(`return (${fn})`)() as typeof predictWith;
        return predict((globalThis as unknown as { tf: TfLike }).tf, a);
      },
      { a: args, fn: predictWith.toString() },
    );
    const tf = (await import('@tensorflow/tfjs')) as unknown as TfLike;
    const inNode = await predictWith(tf, { ...args, url: `${platform.url}${href}` });
    return { page: inPage, node: inNode, err: maxAbsDiff(inPage.y, inNode.y) };
  }

  it('links the model from the run page; tf.loadLayersModel(url) in the page predicts what the same files predict in Node (language model)', async () => {
    const r = await compare(ids.lm);
    console.log(`names LM (LSTM x2, tokens): max |page − Node| = ${r.err}`);
    expect(r.page.backend).toBe('cpu');
    expect(r.page.shape).toEqual([2, 7, (r.page.metadata as { rnnlab: { outputSize: number } }).rnnlab.outputSize]);
    expect(r.err).toBeLessThan(TOL);
    expect(r.page.y.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    expect(r.page.metadata).toEqual(r.node.metadata);
    expect(r.page.metadata).toMatchObject({ rnnlab: { cell: 'lstm', layers: 2, topology: 'many-to-many', input: { kind: 'tokens' } } });
    expect(outsideRequests).toEqual([]);
  }, 120_000);

  it('does the same for a regression model (GRU reset-before, dense input, last step)', async () => {
    const r = await compare(ids.adding);
    console.log(`adding (GRU reset-before, dense): max |page − Node| = ${r.err}`);
    expect(r.page.shape).toEqual([2, 1]);
    expect(r.err).toBeLessThan(TOL);
    expect(r.page.metadata).toMatchObject({ rnnlab: { cell: 'gru', topology: 'many-to-one', input: { kind: 'dense', features: 2 } } });
    expect(outsideRequests).toEqual([]);

    // the exported model scores the run's test split as the worker's forward pass (RecurrentModel) did
    const run = await store.getRun(ids.adding);
    const stored = await store.getPreparedDataset(run?.preparedDatasetId as string);
    const ds = decodeDataset(stored?.data as Uint8Array);
    const tf = (await import('@tensorflow/tfjs')) as unknown as TfLike;
    const model = await tf.loadLayersModel(`${platform.url}/api/v1/runs/${ids.adding}/model/model.json`);
    const it = ds.batches('test', { batch: 16, seed: 2 });
    let se = 0;
    let n = 0;
    for (let b = it.next(); b; b = it.next()) {
      if (b.kind !== 'regression') throw new Error(`expected regression batches, got ${b.kind}`);
      const { B, T, I, O } = b.shape;
      const y = await model.predict(tf.tensor(Array.from(b.x), [B, T, I], 'float32')).data();
      for (let k = 0; k < B * O; k++) se += (y[k] - b.y[k]) ** 2;
      n += B * O;
    }
    const ours = run?.finalMetrics?.test.mse as number;
    console.log(`adding: test mse of the exported model ${se / n} (${n} examples), of the worker's forward pass ${ours}: |difference| ${Math.abs(se / n - ours)}`);
    expect(n).toBe(ds.sizes.test);
    expect(Math.abs(se / n - ours)).toBeLessThan(TOL * Math.max(1, ours));
  }, 120_000);

  it('serves both files for download by run id, and 404s with a JSON error for anything else', async () => {
    const base = `${platform.url}/api/v1/runs/${ids.lm}/model`;
    const json = await fetch(`${base}/model.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="model.json"');
    const model = (await json.json()) as { format: string; weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[] };
    expect(model.format).toBe('layers-model');
    expect(model.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);
    const bin = await fetch(`${base}/weights.bin`);
    expect(bin.status).toBe(200);
    expect(bin.headers.get('content-type')).toBe('application/octet-stream');
    expect(bin.headers.get('content-disposition')).toBe('attachment; filename="weights.bin"');
    const floats = model.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect((await bin.arrayBuffer()).byteLength).toBe(4 * floats);
    // stored once: the hash validates a cached copy
    const etag = bin.headers.get('etag') as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect((await fetch(`${base}/weights.bin`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const notFound = async (url: string, field: string) => {
      const r = await fetch(url);
      expect(r.status, url).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await r.json()) as { error: string; fields: Record<string, string> };
      expect(body.error).toBe('not found');
      expect(Object.keys(body.fields)).toEqual([field]);
    };
    await notFound(`${base}/group1-shard1of1.bin`, 'file');
    await notFound(`${base}/..%2F..%2Fhealth`, 'file');
    await notFound(`${platform.url}/api/v1/runs/not-a-run/model/model.json`, 'id');
    await notFound(`${platform.url}/api/v1/runs/r-0000000000000000/model/model.json`, 'id');
    await notFound(`${platform.url}/api/v1/runs/${ids.refused}/model/weights.bin`, 'id');
  }, 60_000);

  it('finishes a run whose model cannot be exported, says why in its timeline, and links nothing', async () => {
    expect((await store.getRun(ids.refused))?.status).toBe('succeeded');
    expect(await store.listArtifacts(ids.refused)).toEqual([]);
    await page.goto(`${platform.url}/runs/${ids.refused}`);
    await expect(page.getByTestId('timeline').textContent()).resolves.toMatch(/no TensorFlow.js model to download: cannot export a GRU with gruResetAfter: true/);
    expect(await page.getByTestId('model-download').count()).toBe(0);
  }, 60_000);
});

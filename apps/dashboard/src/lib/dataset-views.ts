/**
 * The Datasets page's reads (server only), its view state in the URL: `/datasets?name=names&tokenizer=bpe`
 * previews a built-in dataset, `/datasets?upload=<id>&tokenizer=word` an upload. Every preview is
 * bounded (a few examples, a tokenizer fitted on at most 20,000 characters, 60 tokens shown) and
 * timed, and the page says how long it took. The built-in catalogue loads the corpora once per
 * server process (about a second cold, then from memory).
 */
import { TOKENIZERS, UPLOAD_ID_PATTERN, type TokenizerKind } from '@rnnlab/contracts';
import { listDatasets, previewDataset, type BuiltInTask, type DatasetInfo, type DatasetPreview } from '@rnnlab/datasets';
import type { UploadInfo } from '@rnnlab/store';
import { previewTokens, type TokenPreview } from '@rnnlab/tokenization';
import { getStore } from './server/services';
import { cliLineFor, maxUploadBytes } from './server/uploads';
import { describeLimit } from './server/upload-body';

/** examples shown per built-in dataset */
export const PREVIEW_EXAMPLES = 6;
/** lines of an upload shown */
const UPLOAD_PREVIEW_LINES = 8;
/** the BPE target of a preview (the smallest useful one: 256 bytes and a few merges) */
const PREVIEW_BPE_VOCAB = 300;

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export interface DatasetsView {
  name: BuiltInTask | null;
  upload: string | null;
  tokenizer: TokenizerKind;
  /** what in the URL was not understood, said on the page */
  notes: string[];
}

export function parseDatasetsView(p: Params, builtIn: readonly string[]): DatasetsView {
  const notes: string[] = [];
  const name = one(p.name);
  const upload = one(p.upload);
  const tokenizer = one(p.tokenizer);
  const okName = name !== undefined && name !== 'text' && builtIn.includes(name);
  if (name !== undefined && !okName) notes.push(`no built-in dataset ${JSON.stringify(name.slice(0, 40))}: choose one below`);
  const okUpload = upload !== undefined && UPLOAD_ID_PATTERN.test(upload);
  if (upload !== undefined && !okUpload) notes.push(`${JSON.stringify(upload.slice(0, 70))} is not an upload id (64 hex digits)`);
  const okTokenizer = tokenizer !== undefined && (TOKENIZERS as readonly string[]).includes(tokenizer);
  if (tokenizer !== undefined && !okTokenizer) notes.push(`no tokenizer ${JSON.stringify(tokenizer.slice(0, 20))}: ${TOKENIZERS.join(', ')}`);
  return { name: okName ? (name as BuiltInTask) : null, upload: okUpload ? upload : null, tokenizer: okTokenizer ? (tokenizer as TokenizerKind) : 'char', notes };
}

export interface DatasetsPageData {
  view: DatasetsView;
  builtIn: DatasetInfo[];
  uploads: (UploadInfo & { cli: string })[];
  limit: string;
  maxBytes: number;
  /** the built-in dataset chosen, with its examples */
  preview: DatasetPreview | null;
  /** the upload chosen: its info and first lines */
  upload: (UploadInfo & { cli: string; lines: string[] }) | null;
  /** how the chosen dataset's sample splits into tokens */
  tokens: TokenPreview | null;
  /** ms the preview (examples and tokens) took on the server */
  previewMs: number | null;
  notes: string[];
}

function tokensOf(sample: string, tokenizer: TokenizerKind): TokenPreview {
  return previewTokens(sample, tokenizer, { vocabSize: PREVIEW_BPE_VOCAB, maxTokens: 60 });
}

export async function datasetsPage(p: Params): Promise<DatasetsPageData> {
  const builtIn = listDatasets().filter((d) => d.name !== 'text');
  const view = parseDatasetsView(p, builtIn.map((d) => d.name));
  const store = await getStore();
  const uploads = (await store.listUploads({ limit: 200 })).map((u) => ({ ...u, cli: cliLineFor(u.id) }));
  const maxBytes = maxUploadBytes();
  const data: DatasetsPageData = { view, builtIn, uploads, limit: describeLimit(maxBytes), maxBytes, preview: null, upload: null, tokens: null, previewMs: null, notes: view.notes };
  const t0 = performance.now();
  if (view.upload) {
    const info = uploads.find((u) => u.id === view.upload) ?? (await store.getUploadInfo(view.upload));
    if (!info) data.notes.push(`no upload ${view.upload}`);
    else {
      // the stored preview (its first 2,000 characters): the text itself is not read for a page
      data.upload = { ...info, cli: cliLineFor(info.id), lines: info.preview.split('\n').slice(0, UPLOAD_PREVIEW_LINES) };
      data.tokens = tokensOf(info.preview, view.tokenizer);
    }
  } else if (view.name) {
    data.preview = await previewDataset(view.name, PREVIEW_EXAMPLES);
    data.tokens = tokensOf(data.preview.sample, view.tokenizer);
  }
  if (data.preview || data.upload) data.previewMs = performance.now() - t0;
  return data;
}

/** The uploads as choices of the new-run form; none when the store is down (the form still loads). */
export async function uploadChoices(): Promise<{ id: string; label: string }[]> {
  try {
    return (await (await getStore()).listUploads({ limit: 200 })).map((u) => ({ id: u.id, label: u.label }));
  } catch {
    return [];
  }
}

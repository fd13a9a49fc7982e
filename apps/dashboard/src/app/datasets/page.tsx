import { datasetsPage } from '@/lib/dataset-views';
import { requireRoleOrSignIn } from '@/lib/server/auth';
import { BuiltInDatasets } from '@/ui/datasets/built-in-datasets';
import { DatasetPreview } from '@/ui/datasets/dataset-preview';
import { datasetsHref } from '@/ui/datasets/datasets-href';
import { TokenPreview } from '@/ui/datasets/token-preview';
import { UploadForm } from '@/ui/datasets/upload-form';
import { UploadsTable } from '@/ui/datasets/uploads-table';

export const dynamic = 'force-dynamic';

export default async function DatasetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRoleOrSignIn('viewer');
  const data = await datasetsPage(await searchParams);
  const { view } = data;
  return (
    <>
      <h1>Datasets</h1>
      {data.notes.map((n) => (
        <p key={n} className="error" role="alert" data-testid="datasets-note">
          {n}
        </p>
      ))}
      <p className="explain">The built-in tasks (as `rnnlab datasets` lists them): choose one to see a few examples as the model sees them, and how a tokenizer splits its text.</p>
      <BuiltInDatasets datasets={data.builtIn} view={view} />
      {data.preview && <DatasetPreview preview={data.preview} />}
      {data.upload && (
        <section className="card" data-testid="upload-preview">
          <h2>
            {data.upload.label} <span className="muted small">({data.upload.format}; the first lines of its text)</span>
          </h2>
          <pre className="config">{data.upload.lines.join('\n')}</pre>
          <p className="small">
            Queue a run on it: <code>{data.upload.cli}</code>, or <a href={`/new?upload=${data.upload.id}`}>from the form</a>.
          </p>
        </section>
      )}
      {data.tokens && <TokenPreview tokens={data.tokens} ms={data.previewMs} hrefFor={(tokenizer) => datasetsHref({ name: view.name, upload: view.upload, tokenizer })} />}

      <h2>Uploads</h2>
      <p className="explain">
        Train on your own text: a .txt file is the text itself; a .csv file needs a header row and a column named <code>text</code> (a one-column file uses its only column), one
        record per line of text; a .jsonl file holds one JSON object per line with a string field <code>text</code>. UTF-8 only (a byte-order mark is dropped, CRLF read as LF), no
        NUL characters, lines of at most 1,000,000 characters, at most 10,000 distinct characters. An upload is kept under the SHA-256 of its text: the same text twice is one
        upload. Runs use it as task <code>text</code> with its id.
      </p>
      <UploadForm maxBytes={data.maxBytes} limit={data.limit} />
      <UploadsTable uploads={data.uploads} />
    </>
  );
}

'use client';
/**
 * Upload a text, CSV or JSONL file: sent as the request body to POST /api/v1/datasets (the file's
 * bytes, not a form encoding), where it is size-capped, validated and stored under its hash. A file
 * over the limit is refused here before sending anything; the server checks again whatever it is
 * sent. The answer (the upload's id, or what to fix) shows below the form.
 */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { UPLOAD_FORMATS } from '@rnnlab/contracts';

type State = { kind: 'idle' } | { kind: 'sending'; name: string } | { kind: 'done'; id: string; label: string; created: boolean } | { kind: 'error'; message: string };

const fmt = (n: number) => n.toLocaleString('en-US');

export function UploadForm({ maxBytes, limit }: { maxBytes: number; limit: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const format = (form.elements.namedItem('format') as HTMLSelectElement).value;
    if (!file) return setState({ kind: 'error', message: 'choose a file first' });
    if (file.size > maxBytes) return setState({ kind: 'error', message: `${file.name} is ${fmt(file.size)} bytes: larger than the upload limit of ${limit}. Nothing was sent.` });
    setState({ kind: 'sending', name: file.name });
    try {
      const q = new URLSearchParams({ name: file.name });
      if (format) q.set('format', format);
      const res = await fetch(`/api/v1/datasets?${q}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream' } });
      const body = (await res.json().catch(() => null)) as { upload?: { id: string; label: string }; created?: boolean; fields?: Record<string, string> } | null;
      if (!res.ok || !body?.upload) {
        const why = Object.values(body?.fields ?? {}).join('; ') || `the server answered ${res.status}`;
        return setState({ kind: 'error', message: `${why}. Nothing was stored.` });
      }
      setState({ kind: 'done', id: body.upload.id, label: body.upload.label, created: body.created === true });
      form.reset();
      router.refresh();
    } catch (err) {
      setState({ kind: 'error', message: `the upload did not reach the server (${(err as Error).message}). Nothing was stored.` });
    }
  }

  return (
    <form onSubmit={onSubmit} className="upload-form" data-testid="upload-form" noValidate>
      <label className="field">
        <span>file</span>
        <input type="file" name="file" accept=".txt,.text,.md,.csv,.jsonl,.ndjson,text/plain,text/csv" data-testid="upload-file" />
      </label>
      <label className="field">
        <span>format</span>
        <select name="format" defaultValue="" data-testid="upload-format">
          <option value="">by the file&apos;s extension (.txt, .csv, .jsonl)</option>
          {UPLOAD_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <div>
        <button type="submit" disabled={state.kind === 'sending'} data-testid="upload-submit">
          {state.kind === 'sending' ? `Uploading ${state.name}…` : 'Upload'}
        </button>{' '}
        <span className="muted small">at most {limit}</span>
      </div>
      {state.kind === 'error' && (
        <p className="error" role="alert" data-testid="upload-error">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && (
        <p role="status" data-testid="upload-done">
          {state.created ? 'Stored' : 'Already stored (the same text was uploaded before)'}: {state.label} as <code data-testid="upload-done-id">{state.id}</code>
        </p>
      )}
    </form>
  );
}

import Link from 'next/link';
import type { UploadInfo } from '@rnnlab/store';
import { datasetsHref } from './datasets-href';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The uploads, newest first: each with its id, a preview, a link to train on it and the CLI line. */
export function UploadsTable({ uploads }: { uploads: (UploadInfo & { cli: string })[] }) {
  if (uploads.length === 0) return <p className="muted" data-testid="no-uploads">No uploads yet.</p>;
  return (
    <table data-testid="uploads">
      <thead>
        <tr>
          <th>file</th>
          <th>format</th>
          <th>size</th>
          <th>text</th>
          <th>id (SHA-256 of the text)</th>
          <th>uploaded</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {uploads.map((u) => (
          <tr key={u.id} data-testid="upload-row" data-upload-id={u.id}>
            <td>
              <Link href={datasetsHref({ upload: u.id })}>{u.label}</Link>
            </td>
            <td>{u.format}</td>
            <td>{fmt(u.fileBytes)} bytes</td>
            <td>
              {fmt(u.chars)} characters, {fmt(u.entries)} {u.format === 'text' ? 'lines' : 'records'}
            </td>
            <td>
              <code className="upload-id" data-testid="upload-id">
                {u.id}
              </code>
              <div className="small muted">
                <code>{u.cli}</code>
              </div>
            </td>
            <td className="small">{new Date(u.createdAt).toISOString().replace('T', ' ').slice(0, 16)}</td>
            <td>
              <Link href={`/new?upload=${u.id}`} data-testid="train-on-upload">
                train on it
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

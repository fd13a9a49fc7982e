import Link from 'next/link';
import { experimentsList } from '@/lib/data';
import { fmtTime } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default async function ExperimentsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const raw = Number((await searchParams).page ?? '1');
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  const list = await experimentsList(page);
  return (
    <>
      <h1>Experiments</h1>
      {list.length === 0 && (
        <p className="muted">
          None yet: <Link href="/new">queue a comparison</Link>.
        </p>
      )}
      <table data-testid="experiments-table">
        <thead>
          <tr>
            <th>experiment</th>
            <th>kind</th>
            <th>runs</th>
            <th>queued</th>
          </tr>
        </thead>
        <tbody>
          {list.map(({ experiment: e, byStatus }) => (
            <tr key={e.id}>
              <td>
                <Link href={`/experiments/${e.id}`}>{e.name}</Link>
                <div className="muted small">{e.id}</div>
              </td>
              <td>{e.kind}</td>
              <td className="small">
                {Object.entries(byStatus)
                  .map(([s, n]) => `${n} ${s}`)
                  .join(' · ')}
              </td>
              <td className="small">{fmtTime(e.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        {page > 1 && <Link href={`/experiments?page=${page - 1}`}>← previous</Link>}
        {list.length === 100 && <Link href={`/experiments?page=${page + 1}`}>next →</Link>}
      </div>
    </>
  );
}

import { runsPage } from '@/lib/data';
import { parseRunsView } from '@/lib/runs-query';
import { RunsTable } from '@/ui/runs/runs-table';

export const dynamic = 'force-dynamic';

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = parseRunsView(await searchParams);
  const data = await runsPage(view);
  return (
    <>
      <h1>Runs</h1>
      <RunsTable view={view} {...data} />
    </>
  );
}

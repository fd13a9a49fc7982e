import { redirect } from 'next/navigation';
import { hasExperiments, runsPage } from '@/lib/data';
import { DEFAULT_VIEW } from '@/lib/runs-query';
import { FirstRun } from '@/ui/home/first-run';
import { RunsTable } from '@/ui/runs/runs-table';

export const dynamic = 'force-dynamic';

/**
 * `/`: the runs; until the first experiment, the first-run page above them, offering the demo
 * comparison in one click (`npm start`'s single main job does not count as an experiment).
 */
export default async function Home() {
  if (await hasExperiments()) redirect('/runs');
  const data = await runsPage(DEFAULT_VIEW);
  return (
    <>
      <FirstRun />
      {data.total > 0 && (
        <>
          <h2>Runs</h2>
          <RunsTable view={DEFAULT_VIEW} {...data} />
        </>
      )}
    </>
  );
}

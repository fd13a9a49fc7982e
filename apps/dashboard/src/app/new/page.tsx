import { UPLOAD_ID_PATTERN } from '@rnnlab/contracts';
import { requireRoleOrSignIn } from '@/lib/server/auth';
import { uploadChoices } from '@/lib/dataset-views';
import { SubmissionForm } from '@/ui/new/submission-form';

export const dynamic = 'force-dynamic';

export default async function NewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRoleOrSignIn('viewer');
  // /new?upload=<id> (from the Datasets page): start on task text with that upload
  const upload = (await searchParams).upload;
  const uploads = await uploadChoices();
  const chosen = typeof upload === 'string' && UPLOAD_ID_PATTERN.test(upload) && uploads.some((u) => u.id === upload) ? upload : null;
  const start = chosen ? { 'task.name': 'text', 'task.upload': chosen, 'task.seqLen': '32' } : undefined;
  return (
    <>
      <h1>New run, comparison or sweep</h1>
      <p className="explain">
        Filled in with the classic question — RNN vs LSTM vs GRU on the adding problem (T = 50), three seeds each. Workers train every cell × seed on the same
        data; the experiment page then shows the curves, each cell&apos;s mean with its 95% confidence interval, the tests and a verdict.
      </p>
      <SubmissionForm start={start} uploads={uploads} />
    </>
  );
}

import { SubmissionForm } from '@/ui/new/submission-form';

export const dynamic = 'force-dynamic';

export default function NewPage() {
  return (
    <>
      <h1>New run or comparison</h1>
      <p className="explain">
        Filled in with the classic question — RNN vs LSTM vs GRU on the adding problem (T = 50), three seeds each. Workers train every cell × seed on the same
        data; the experiment page then shows the curves, each cell&apos;s mean with its 95% confidence interval, the tests and a verdict.
      </p>
      <SubmissionForm />
    </>
  );
}

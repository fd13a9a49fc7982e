'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { queueDemo, type FormState } from '@/lib/actions';

export function FirstRun() {
  const [state, action, pending] = useActionState<FormState>(queueDemo, { errors: {} });
  return (
    <div className="hero" data-testid="first-run">
      <h1>Why do gated cells beat the vanilla RNN?</h1>
      <p className="explain">
        No comparison has run here yet. One click queues the classic comparison — <b>RNN vs LSTM vs GRU on the adding problem</b> (T = 50, hidden 64, 2000 steps,
        three seeds each, about a minute on two cores). The experiment page then shows every curve, each cell&apos;s mean with its 95% confidence interval, the tests,
        a verdict in plain words, and for each run the gradient reaching every time step — the picture of vanishing gradients.
      </p>
      <form action={action}>
        <button type="submit" disabled={pending} data-testid="queue-demo">
          {pending ? 'Queueing…' : 'Queue RNN vs LSTM vs GRU on the adding problem'}
        </button>{' '}
        or <Link href="/new">choose your own</Link>
      </form>
      {state.errors[''] && (
        <p className="form-error" role="alert">
          {state.errors['']}
        </p>
      )}
    </div>
  );
}

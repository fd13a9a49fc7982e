'use client';
import { useState, useTransition } from 'react';
import { cancelExperimentAction, cancelRunAction, retryRunAction, setPriorityAction, type ActionResult } from '@/lib/actions';

function ActionButton({ label, confirmText, run, className, testId }: { label: string; confirmText?: string; run: () => Promise<ActionResult>; className?: string; testId: string }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  return (
    <span style={{ marginLeft: 12 }}>
      <button
        type="button"
        className={className}
        disabled={pending}
        data-testid={testId}
        onClick={() => {
          if (confirmText && !window.confirm(confirmText)) return;
          start(async () => setResult(await run()));
        }}
      >
        {pending ? '…' : label}
      </button>
      {result && (
        <span className={result.ok ? 'muted small' : 'form-error'} data-testid={`${testId}-result`} style={{ marginLeft: 8 }}>
          {result.message}
        </span>
      )}
    </span>
  );
}

export function CancelRunButton({ runId }: { runId: string }) {
  return <ActionButton label="Cancel run" className="danger" testId="cancel-run" run={() => cancelRunAction(runId)} />;
}

export function RetryRunButton({ runId }: { runId: string }) {
  return <ActionButton label="Retry" className="secondary" testId="retry-run" run={() => retryRunAction(runId)} />;
}

export function CancelExperimentButton({ experimentId }: { experimentId: string }) {
  return <ActionButton label="Cancel experiment" className="danger" testId="cancel-experiment" confirmText="Cancel every unfinished run of this experiment?" run={() => cancelExperimentAction(experimentId)} />;
}

export function PriorityControl({ runId, priority }: { runId: string; priority: number }) {
  const [value, setValue] = useState(String(priority));
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  return (
    <span>
      <input type="text" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} size={3} aria-label={`priority of ${runId}`} data-testid={`priority-${runId}`} />
      <button type="button" className="secondary" disabled={pending} onClick={() => start(async () => setResult(await setPriorityAction(runId, value)))}>
        set
      </button>
      {result && <span className={result.ok ? 'muted small' : 'form-error'}> {result.message}</span>}
    </span>
  );
}

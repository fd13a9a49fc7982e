'use client';

/** Any page whose data could not be read: the store or the queue is down. Never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="hero" role="alert" data-testid="error-page">
      <h1>Service unavailable</h1>
      <p>The dashboard could not read the store or reach the queue. Check that the database (DATABASE_URL) and Redis (REDIS_URL) are up — `rnnlab up` starts both locally.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}

/**
 * No plan came back in time: no worker takes plan jobs (none running, or none with `--queues plan`),
 * or the one planning took too long. Transient: asking again once a worker runs can succeed.
 */
export class PlanTimeoutError extends Error {
  constructor(
    message: string,
    /** the plan job, still in Redis when a worker holds it */
    readonly jobId: string,
  ) {
    super(message);
    this.name = 'PlanTimeoutError';
  }
}

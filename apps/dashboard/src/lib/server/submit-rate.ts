/**
 * Enqueue is rate-limited per user (RELIABILITY.md rule 9): at most SUBMITS_PER_MINUTE submissions
 * (runs, comparisons, batteries; each may hold many runs) in any 60 s, counted in this process. The
 * same request again is the same experiment, so the limit is about load, not correctness.
 * RNNLAB_SUBMITS_PER_MINUTE changes it (tests, a team's big sweeps).
 */
const WINDOW_MS = 60_000;
const DEFAULT_PER_MINUTE = 30;

const g = globalThis as { __rnnlabSubmits?: Map<string, number[]> };
const recent: Map<string, number[]> = (g.__rnnlabSubmits ??= new Map<string, number[]>());

export class SubmitRateError extends Error {
  constructor(readonly retryAfterS: number) {
    super(`too many submissions: at most ${perMinute()} a minute per user; try again in ${retryAfterS} s`);
    this.name = 'SubmitRateError';
  }
}

function perMinute(): number {
  const n = Number(process.env.RNNLAB_SUBMITS_PER_MINUTE);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_PER_MINUTE;
}

/** Counts one submission of `userId` at `now`; throws SubmitRateError when over the limit (not counted then). */
export function takeSubmitSlot(userId: string, now = Date.now()): void {
  const times = (recent.get(userId) ?? []).filter((t) => now - t < WINDOW_MS);
  if (times.length >= perMinute()) {
    recent.set(userId, times);
    throw new SubmitRateError(Math.max(1, Math.ceil((times[0] + WINDOW_MS - now) / 1000)));
  }
  times.push(now);
  recent.set(userId, times);
  if (recent.size > 10_000) for (const [k, v] of recent) if (v.every((t) => now - t >= WINDOW_MS)) recent.delete(k);
}

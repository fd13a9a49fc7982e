/**
 * Live events for the browser: one BullMQ QueueEvents subscription on the train queue per server
 * process, fanned out to the open event streams by run id. Progress (step, loss, rate) arrives about
 * once a second per run from the workers; a run's status changes arrive as active / completed /
 * failed. Each stream gets at most MAX_PER_SECOND progress updates per run (the rest are dropped:
 * the next one carries the newest step).
 */
import { QueueEvents } from 'bullmq';
import { QUEUES, TrainProgressSchema, type TrainProgress } from '@rnnlab/contracts';
import { redisUrl } from '@rnnlab/queue';
import { queuePrefix } from './services';

export type LiveEvent =
  | { type: 'progress'; runId: string; progress: TrainProgress; at: number }
  | { type: 'status'; runId: string; status: 'active' | 'completed' | 'failed'; at: number };

type Listener = (e: LiveEvent) => void;

interface Hub {
  events: QueueEvents;
  listeners: Map<string, Set<Listener>>;
}

const MAX_PER_SECOND = 4;
const g = globalThis as { __rnnlabLiveHub?: Hub };

function hub(): Hub {
  if (g.__rnnlabLiveHub) return g.__rnnlabLiveHub;
  const listeners = new Map<string, Set<Listener>>();
  // a reconnecting connection (the worker role's settings): live updates resume when Redis returns
  const events = new QueueEvents(QUEUES.train, {
    connection: { url: redisUrl(), maxRetriesPerRequest: null, retryStrategy: (n: number) => Math.min(5000, 200 * n) },
    prefix: queuePrefix(),
    autorun: true,
  });
  events.on('error', () => undefined);
  const emit = (runId: string, e: LiveEvent) => listeners.get(runId)?.forEach((l) => l(e));
  events.on('progress', ({ jobId, data }) => {
    const p = TrainProgressSchema.safeParse(data);
    if (p.success) emit(jobId, { type: 'progress', runId: jobId, progress: p.data, at: Date.now() });
  });
  for (const status of ['active', 'completed', 'failed'] as const) {
    events.on(status, ({ jobId }: { jobId: string }) => emit(jobId, { type: 'status', runId: jobId, status, at: Date.now() }));
  }
  g.__rnnlabLiveHub = { events, listeners };
  return g.__rnnlabLiveHub;
}

/**
 * Calls `listener` with the events of `runIds` until the returned function is called; progress is
 * throttled per run to MAX_PER_SECOND.
 */
export function subscribe(runIds: readonly string[], listener: Listener): () => void {
  const h = hub();
  const lastSent = new Map<string, number>();
  const throttled: Listener = (e) => {
    if (e.type === 'progress') {
      const last = lastSent.get(e.runId) ?? 0;
      if (e.at - last < 1000 / MAX_PER_SECOND) return;
      lastSent.set(e.runId, e.at);
    }
    listener(e);
  };
  for (const id of runIds) {
    let set = h.listeners.get(id);
    if (!set) h.listeners.set(id, (set = new Set()));
    set.add(throttled);
  }
  return () => {
    for (const id of runIds) {
      const set = h.listeners.get(id);
      set?.delete(throttled);
      if (set?.size === 0) h.listeners.delete(id);
    }
  };
}

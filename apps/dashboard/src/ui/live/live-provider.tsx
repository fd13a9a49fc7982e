'use client';
/**
 * One server-sent event stream per page (`/api/events?…`) shared by its charts and tables. Progress
 * events go to the listeners (live chart appends); a status change re-renders the page's server
 * components (router.refresh), as does a stream of progress every REFRESH_MS (new validation points,
 * the table's numbers). The stream closes when the page does.
 */
import { useRouter } from 'next/navigation';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ProgressEvent {
  type: 'progress';
  runId: string;
  progress: { step: number; totalSteps: number; loss: number | null; tokensPerS: number; at?: number };
  at: number;
}

interface Live {
  onProgress(listener: (e: ProgressEvent) => void): () => void;
}

const LiveContext = createContext<Live | null>(null);
export const useLive = (): Live | null => useContext(LiveContext);

const REFRESH_MS = 5000;

/**
 * `query`: the event stream to follow (null: none). `pollMs`: also re-render every so often — for
 * what no train event announces, such as an experiment's report being written.
 */
export function LiveProvider({ query, pollMs, children }: { query: string | null; pollMs?: number; children: ReactNode }) {
  const router = useRouter();
  const listeners = useRef(new Set<(e: ProgressEvent) => void>());
  const [state, setState] = useState<{ connected: boolean; last: number | null; step: Record<string, number> }>({ connected: false, last: null, step: {} });

  useEffect(() => {
    if (!query) return;
    const source = new EventSource(`/api/events?${query}`);
    let lastRefresh = Date.now();
    let pending: ReturnType<typeof setTimeout> | null = null;
    const refreshSoon = (ms: number) => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        lastRefresh = Date.now();
        router.refresh();
      }, ms);
    };
    source.onopen = () => setState((s) => ({ ...s, connected: true }));
    source.onerror = () => setState((s) => ({ ...s, connected: false }));
    source.addEventListener('progress', (m) => {
      const e = JSON.parse((m as MessageEvent<string>).data) as ProgressEvent;
      // worker -> browser latency of each event, for the dashboard benchmark (bench/dashboard-load.ts)
      if (e.progress.at) (((window as unknown as { __rnnlabLatencies?: number[] }).__rnnlabLatencies ??= [])).push(Date.now() - e.progress.at);
      listeners.current.forEach((l) => l(e));
      setState((s) => ({ connected: true, last: e.at, step: { ...s.step, [e.runId]: e.progress.step } }));
      if (Date.now() - lastRefresh > REFRESH_MS) refreshSoon(0);
    });
    source.addEventListener('status', () => refreshSoon(300));
    return () => {
      source.close();
      if (pending) clearTimeout(pending);
    };
  }, [query, router]);

  useEffect(() => {
    if (!pollMs) return;
    const t = setInterval(() => router.refresh(), pollMs);
    return () => clearInterval(t);
  }, [pollMs, router]);

  const live = useMemo<Live>(
    () => ({
      onProgress(listener) {
        listeners.current.add(listener);
        return () => void listeners.current.delete(listener);
      },
    }),
    [],
  );
  return (
    <LiveContext.Provider value={live}>
      {query && (
        <p className="live-badge" data-testid="live-badge" data-connected={state.connected}>
          <span className={state.connected ? 'dot on' : 'dot'} /> {state.connected ? 'live' : 'connecting…'}
          {state.last && ` · last update ${new Date(state.last).toLocaleTimeString()}`}
          {Object.entries(state.step).length > 0 && ` · ${Object.entries(state.step).length} run(s) training`}
        </p>
      )}
      {children}
    </LiveContext.Provider>
  );
}

/**
 * Run ids are content-addressed: the same submission (config and the experiment it belongs to)
 * gives the same id, so submitting twice — a retried request, a double click — is one run, one job.
 */
import { createHash } from 'node:crypto';
import type { RunConfig } from '@rnnlab/contracts';

/** JSON with object keys sorted, so that equal configs hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** `r-` + 16 hex digits of SHA-256 over the canonical config (and the experiment id, when any). */
export function runIdFor(config: RunConfig, experimentId: string | null = null): string {
  const h = createHash('sha256').update(canonicalJson({ config, experimentId })).digest('hex');
  return `r-${h.slice(0, 16)}`;
}

/** `e-` + 16 hex digits over the run, the split and the dataset (null: the run's own) it is scored on. */
export function evaluationIdFor(runId: string, split: string, task: unknown | null, seed: number | null): string {
  const h = createHash('sha256').update(canonicalJson({ runId, split, task, seed })).digest('hex');
  return `e-${h.slice(0, 16)}`;
}

/** `x-` + 16 hex digits over the experiment's canonical spec: the same spec is the same experiment. */
export function experimentIdFor(spec: unknown): string {
  const h = createHash('sha256').update(canonicalJson(spec)).digest('hex');
  return `x-${h.slice(0, 16)}`;
}

/** `p-` + 16 hex digits over a plan request as given: the same request is the same plan job while it lives. */
export function planJobIdFor(request: unknown): string {
  const h = createHash('sha256').update(canonicalJson(request)).digest('hex');
  return `p-${h.slice(0, 16)}`;
}

'use server';
/**
 * Every mutation of the dashboard: validate the input, check the user's role, then act through the
 * queue lib exactly as the CLI does (a plan job for submissions, so the dashboard never loads the
 * trainer). Errors come back as field errors or one readable message, never a stack trace.
 * Next.js compares the Origin of every server action request with the host (CSRF). A signed-out
 * caller gets 401 (`unauthorized()`), one whose role is too weak a message saying which role it needs.
 */
import { revalidatePath } from 'next/cache';
import { redirect, unauthorized } from 'next/navigation';
import { EXPERIMENT_ID_PATTERN, RUN_ID_PATTERN, type PlanRequestInput } from '@rnnlab/contracts';
import { cancelExperiment, cancelRun, changePriority, requestPlan, retryRun } from '@rnnlab/queue';
import { AuthError, requireRole } from './server/auth';
import { getQueue, getStore } from './server/services';
import { takeSubmitSlot } from './server/submit-rate';
import { DEMO_COMPARISON, parseSubmissionForm, type FieldErrors } from './submission-form';

export interface FormState {
  errors: FieldErrors;
  /** what the user typed, to show again */
  values?: Record<string, string | string[]>;
  /**
   * counts the answers: the form is drawn afresh for each (keyed by it), so that its selects show
   * what was chosen (React resets a form after its action, and a reset select goes back to its first option)
   */
  attempt?: number;
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

const PLAN_TIMEOUT_MS = 60_000;

function readable(e: unknown): string {
  // signed out: a 401 answer (app/unauthorized.tsx), not a message in the form
  if (e instanceof AuthError && e.status === 401) unauthorized();
  if (e instanceof AuthError) return e.message;
  const m = e instanceof Error ? e.message : String(e);
  if (/ECONNREFUSED|Connection is closed|Stream isn't writeable|enableOfflineQueue/.test(m)) return 'Redis is not reachable: the queue is down (is `rnnlab up` or redis-server running?). Nothing was queued.';
  return m.split('\n')[0].slice(0, 300);
}

async function plan(request: PlanRequestInput): Promise<{ ok: true; href: string } | { ok: false; errors: FieldErrors }> {
  const { queue } = await getQueue();
  const result = await requestPlan(queue, request, { timeoutMs: PLAN_TIMEOUT_MS });
  if (!result.ok) return { ok: false, errors: Object.fromEntries(result.errors.map((e) => [e.path.replace(/^(base|config)\./, ''), e.message])) };
  revalidatePath('/runs');
  revalidatePath('/experiments');
  return { ok: true, href: result.experimentId ? `/experiments/${result.experimentId}` : `/runs/${result.runIds[0]}` };
}

function formValues(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string' || k.startsWith('$ACTION') || k === '__proto__') continue;
    out[k] = k === 'cells' ? [...((out[k] as string[]) ?? []), v] : v;
  }
  return { ...out };
}

export async function submitForm(prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form);
  const attempt = (prev.attempt ?? 0) + 1;
  let href: string;
  try {
    const user = await requireRole('editor');
    const parsed = parseSubmissionForm(form.entries());
    if (!parsed.ok) return { errors: { ...parsed.errors }, values, attempt };
    takeSubmitSlot(user.id);
    const planned = await plan(parsed.request);
    if (!planned.ok) return { errors: planned.errors, values, attempt };
    href = planned.href;
  } catch (e) {
    return { errors: { '': readable(e) }, values, attempt };
  }
  redirect(href);
}

export async function queueDemo(): Promise<FormState> {
  let href: string;
  try {
    const user = await requireRole('editor');
    const parsed = parseSubmissionForm(DEMO_COMPARISON);
    if (!parsed.ok) return { errors: parsed.errors };
    takeSubmitSlot(user.id);
    const planned = await plan(parsed.request);
    if (!planned.ok) return { errors: planned.errors };
    href = planned.href;
  } catch (e) {
    return { errors: { '': readable(e) } };
  }
  redirect(href);
}

async function onRun(runId: unknown, what: 'cancel' | 'retry'): Promise<ActionResult> {
  try {
    await requireRole('editor');
    if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) return { ok: false, message: 'expected a run id like r-0123456789abcdef' };
    const store = await getStore();
    const { queue, redis } = await getQueue();
    const run = what === 'cancel' ? await cancelRun(store, queue, redis, runId) : await retryRun(store, queue, runId);
    revalidatePath(`/runs/${runId}`);
    if (!run) {
      const now = await store.getRun(runId);
      if (!now) return { ok: false, message: `no run ${runId}` };
      return { ok: false, message: what === 'cancel' ? `${runId} is ${now.status}: only a queued or running run can be cancelled` : `${runId} is ${now.status}: only a failed or cancelled run can be retried` };
    }
    return { ok: true, message: what === 'cancel' ? (run.status === 'cancelled' ? 'cancelled' : 'stopping after the current step') : 'queued again; it resumes from its newest checkpoint' };
  } catch (e) {
    return { ok: false, message: readable(e) };
  }
}

export async function cancelRunAction(runId: string): Promise<ActionResult> {
  return onRun(runId, 'cancel');
}

export async function retryRunAction(runId: string): Promise<ActionResult> {
  return onRun(runId, 'retry');
}

export async function cancelExperimentAction(experimentId: string): Promise<ActionResult> {
  try {
    await requireRole('editor');
    if (typeof experimentId !== 'string' || !EXPERIMENT_ID_PATTERN.test(experimentId)) return { ok: false, message: 'expected an experiment id like x-0123456789abcdef' };
    const store = await getStore();
    const { queue, redis } = await getQueue();
    const c = await cancelExperiment(store, queue, redis, experimentId);
    revalidatePath(`/experiments/${experimentId}`);
    return { ok: true, message: `${c.cancelled.length} cancelled, ${c.stopping.length} stopping after their current step` };
  } catch (e) {
    return { ok: false, message: readable(e) };
  }
}

export async function setPriorityAction(runId: string, priority: unknown): Promise<ActionResult> {
  try {
    await requireRole('editor');
    if (typeof runId !== 'string' || !RUN_ID_PATTERN.test(runId)) return { ok: false, message: 'expected a run id like r-0123456789abcdef' };
    const p = typeof priority === 'string' && /^\d{1,3}$/.test(priority.trim()) ? Number(priority) : typeof priority === 'number' ? priority : Number.NaN;
    if (!Number.isInteger(p) || p < 0 || p > 100) return { ok: false, message: `priority: expected an integer from 0 to 100, got ${JSON.stringify(String(priority).slice(0, 20))}` };
    const store = await getStore();
    const { queue } = await getQueue();
    const run = await changePriority(store, queue, runId, p);
    revalidatePath('/fleet');
    if (!run) return { ok: false, message: `${runId} is not queued any more: only a queued run's priority can change` };
    return { ok: true, message: `priority ${p}` };
  } catch (e) {
    return { ok: false, message: readable(e) };
  }
}

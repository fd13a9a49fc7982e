/**
 * What a resumed run may change. A checkpoint fixes the model, the data and the optimization; a
 * resume continues exactly that run (bit for bit), so only fields that do not change the trajectory
 * may differ: how many steps in all (more than done so far), and how often to evaluate, diagnose and
 * checkpoint.
 */
import { parseRunConfig, type RunConfig } from '@rnnlab/contracts';
import { RunInputError } from './errors/run-input-error';

/** config paths a resume may change */
export const RESUME_MAY_CHANGE: readonly string[] = [
  'train.steps',
  'train.evalEvery',
  'train.evalBatches',
  'train.diagEvery',
  'train.checkpointEvery',
];

export interface ResumeConflict {
  path: string;
  checkpoint: unknown;
  requested: unknown;
}

function flatten(v: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, v);
  return out;
}

/** Fields of `requested` that differ from the checkpoint's config and that a resume may not change. */
export function resumeConflicts(checkpointConfig: RunConfig, requested: RunConfig): ResumeConflict[] {
  const a = flatten(checkpointConfig, '', new Map());
  const b = flatten(requested, '', new Map());
  const conflicts: ResumeConflict[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (RESUME_MAY_CHANGE.includes(path)) continue;
    if (!Object.is(a.get(path), b.get(path))) conflicts.push({ path, checkpoint: a.get(path), requested: b.get(path) });
  }
  return conflicts;
}

/**
 * The checkpoint's config, parsed (it was valid when written; a checkpoint from an incompatible
 * rnnlab is reported, not crashed on).
 */
export function checkpointConfig(raw: unknown, ref: string): RunConfig {
  try {
    return parseRunConfig(raw);
  } catch (e) {
    throw new RunInputError(`${ref} holds a run config this rnnlab cannot read: ${(e as Error).message}`);
  }
}

/** Throw a RunInputError naming every field a resume asks to change, and a smaller step count. */
export function checkResume(ckConfig: RunConfig, ckStep: number, requested: RunConfig, ref: string): void {
  const conflicts = resumeConflicts(ckConfig, requested);
  const lines = conflicts.map(
    (c) => `${c.path}: cannot change when resuming: the checkpoint has ${JSON.stringify(c.checkpoint)}, got ${JSON.stringify(c.requested)}`,
  );
  if (requested.train.steps < ckStep) {
    lines.push(`train.steps: the checkpoint is at step ${ckStep}, got ${requested.train.steps} (give at least ${ckStep} to continue this run)`);
  }
  if (lines.length) {
    const paths = [...conflicts.map((c) => c.path), ...(requested.train.steps < ckStep ? ['train.steps'] : [])];
    throw new RunInputError(`${lines.join('\n')}\n(resuming ${ref}; to train with other settings, start a new run in another checkpoint directory)`, paths);
  }
}

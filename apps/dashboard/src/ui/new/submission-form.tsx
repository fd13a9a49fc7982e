'use client';
/**
 * New run / comparison / battery / sweep. Every field is named by the config path it sets and checked on the
 * server with the CLI's schemas; errors appear beside their field, and the values typed stay.
 */
import { useActionState } from 'react';
import { CELLS, MATCH_MODES } from '@rnnlab/contracts';
import { submitForm, type FormState } from '@/lib/actions';
import { DEMO_COMPARISON, FORM_FIELDS } from '@/lib/submission-form';

/** the form's starting values: the demo comparison, and the defaults of the fields it leaves out */
export const DEMO_VALUES: Record<string, string | string[]> = {
  'model.layers': '1',
  'train.optimizer': 'adam',
  'train.tbptt': '0',
  seed: '1',
  priority: '50',
  ...Object.fromEntries(DEMO_COMPARISON.filter(([k]) => k !== 'cells')),
  cells: DEMO_COMPARISON.filter(([k]) => k === 'cells').map(([, v]) => v),
};

type Choice = { value: string; label: string };

function Field({ name, state, start = DEMO_VALUES, choices }: { name: string; state: FormState; start?: Record<string, string | string[]>; choices?: readonly Choice[] }) {
  const spec = FORM_FIELDS[name];
  const value = (state.values?.[name] ?? start[name] ?? '') as string;
  const error = state.errors[name];
  return (
    <label className={error ? 'field invalid' : 'field'}>
      <span>{spec.label}</span>
      {choices ? (
        // choices known only at request time (the uploads): none chosen sends nothing
        <select name={name} defaultValue={value} aria-invalid={Boolean(error)}>
          <option value="">none</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : spec.kind === 'choice' ? (
        <select name={name} defaultValue={value} aria-invalid={Boolean(error)}>
          {spec.choices?.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input type="text" inputMode={spec.kind === 'text' ? 'text' : 'decimal'} name={name} defaultValue={value} aria-invalid={Boolean(error)} placeholder={value === '' ? 'default' : undefined} />
      )}
      {error ? (
        <span className="error" role="alert" data-testid={`error-${name}`}>
          {error}
        </span>
      ) : (
        spec.hint && <span className="hint">{spec.hint}</span>
      )}
    </label>
  );
}

/**
 * `start` overrides the demo's starting values (e.g. task text on an upload, from /new?upload=…);
 * `uploads` are the choices of the uploaded-dataset field.
 */
export function SubmissionForm({ initial, start, uploads = [] }: { initial?: FormState; start?: Record<string, string | string[]>; uploads?: readonly { id: string; label: string }[] }) {
  const [state, action, pending] = useActionState(submitForm, initial ?? { errors: {} });
  const starting = start ? { ...DEMO_VALUES, ...start } : DEMO_VALUES;
  const values = state.values ?? starting;
  const uploadChoices = uploads.length ? uploads.map((u) => ({ value: u.id, label: `${u.label} (${u.id.slice(0, 12)}…)` })) : undefined;
  const cells = (Array.isArray(values.cells) ? values.cells : values.cells ? [values.cells] : []) as string[];
  const err = (k: string) =>
    state.errors[k] ? (
      <span className="error" role="alert" data-testid={`error-${k || 'form'}`}>
        {state.errors[k]}
      </span>
    ) : null;
  return (
    <form key={state.attempt ?? 0} action={action} className="stack" data-testid="submission-form" noValidate>
      {err('')}
      <fieldset>
        <legend>What to queue</legend>
        <label className="field">
          <span>kind</span>
          <select name="kind" defaultValue={values.kind as string}>
            <option value="compare">a comparison: every cell × seeds</option>
            <option value="battery">a memory-horizon battery: the comparison at every lag</option>
            <option value="sweep">a sweep: trials over options (grid or random), with successive halving</option>
            <option value="run">a single run (the first cell ticked)</option>
          </select>
        </label>
        <label className={state.errors.lags ? 'field invalid' : 'field'}>
          <span>lags (battery)</span>
          <input type="text" name="lags" defaultValue={(values.lags as string) ?? ''} placeholder="e.g. 10, 25, 50, 100" />
          {err('lags') ?? <span className="hint">battery only: the adding problem&apos;s T or the copy task&apos;s delay, ascending</span>}
        </label>
        <div className={state.errors.cells ? 'field invalid' : 'field'}>
          <span>cells</span>
          <span>
            {CELLS.map((c) => (
              <label key={c} style={{ marginRight: 14 }}>
                <input type="checkbox" name="cells" value={c} defaultChecked={cells.includes(c)} /> <span className={`cell-tag cell-${c}`}>{c.toUpperCase()}</span>
              </label>
            ))}
          </span>
          {err('cells')}
        </div>
        <label className={state.errors.seeds ? 'field invalid' : 'field'}>
          <span>seeds per cell</span>
          <input type="text" inputMode="numeric" name="seeds" defaultValue={values.seeds as string} />
          {err('seeds') ?? <span className="hint">1–20; the mean and its 95% CI are over these</span>}
        </label>
        <label className={state.errors.match ? 'field invalid' : 'field'}>
          <span>size the cells by</span>
          <select name="match" defaultValue={values.match as string}>
            {MATCH_MODES.map((m) => (
              <option key={m} value={m}>
                {m === 'hidden' ? 'the same hidden size' : 'matching parameter count'}
              </option>
            ))}
          </select>
          {err('match')}
        </label>
      </fieldset>
      <fieldset>
        <legend>Task and model</legend>
        {['task.name', ...(uploadChoices ? ['task.upload'] : []), 'task.seqLen', 'task.lag', 'model.layers', 'model.hidden'].map((n) => (
          <Field key={n} name={n} state={state} start={starting} choices={n === 'task.upload' ? uploadChoices : undefined} />
        ))}
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        {['train.steps', 'train.batch', 'train.optimizer', 'train.lr', 'train.clip', 'train.tbptt', 'seed'].map((n) => (
          <Field key={n} name={n} state={state} start={starting} />
        ))}
        <label className={state.errors.priority ? 'field invalid' : 'field'}>
          <span>priority</span>
          <input type="text" inputMode="numeric" name="priority" defaultValue={values.priority as string} />
          {err('priority') ?? <span className="hint">0–100, higher runs sooner</span>}
        </label>
      </fieldset>
      <fieldset>
        <legend>Sweep (kind: a sweep)</legend>
        <label className={state.errors['search.mode'] ? 'field invalid' : 'field'}>
          <span>search</span>
          <select name="search.mode" defaultValue={(values['search.mode'] as string) ?? 'grid'}>
            <option value="grid">grid: every combination</option>
            <option value="random">random: seeded draws</option>
          </select>
          {err('search.mode')}
        </label>
        <label className={state.errors['search.text'] ? 'field invalid' : 'field'}>
          <span>axes</span>
          <input type="text" name="search.text" defaultValue={(values['search.text'] as string) ?? ''} placeholder="e.g. lr=1e-3,3e-3 hidden=32,64" spellCheck={false} />
          {err('search.text') ?? (
            <span className="hint">
              as <code>rnnlab sweep</code> takes them: <code>lr=1e-3,3e-3</code>; random also <code>lr=loguniform(1e-4,1e-2)</code>, <code>hidden=int(32,256)</code>. The cells
              ticked are swept too.
            </span>
          )}
        </label>
        <label className={state.errors['search.trials'] ? 'field invalid' : 'field'}>
          <span>draws (random)</span>
          <input type="text" inputMode="numeric" name="search.trials" defaultValue={(values['search.trials'] as string) ?? '16'} />
          {err('search.trials') ?? <span className="hint">random search only: how many trials to draw (1–1000)</span>}
        </label>
        <label className="field">
          <span>successive halving</span>
          <span>
            <input type="checkbox" name="asha" defaultChecked={values.asha === 'on'} /> stop the trials that fall behind at each rung (ASHA)
          </span>
        </label>
        <label className={state.errors['asha.eta'] ? 'field invalid' : 'field'}>
          <span>halving factor η</span>
          <input type="text" inputMode="numeric" name="asha.eta" defaultValue={(values['asha.eta'] as string) ?? '3'} />
          {err('asha.eta') ?? <span className="hint">the top 1/η of each rung go on (2–10)</span>}
        </label>
        <label className={state.errors['asha.minSteps'] ? 'field invalid' : 'field'}>
          <span>first rung (steps)</span>
          <input type="text" inputMode="numeric" name="asha.minSteps" defaultValue={(values['asha.minSteps'] as string) ?? ''} placeholder="default: steps / η²" />
          {err('asha.minSteps') ?? <span className="hint">rungs at this many steps × η^k</span>}
        </label>
      </fieldset>
      <div>
        <button type="submit" disabled={pending} data-testid="submit">
          {pending ? 'Queueing…' : 'Queue it'}
        </button>
      </div>
    </form>
  );
}

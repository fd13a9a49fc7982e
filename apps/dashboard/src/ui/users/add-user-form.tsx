'use client';
import { useActionState } from 'react';
import { addUserAction, type UserFormState } from '@/lib/user-actions';

const ROLE_HELP = { viewer: 'reads everything', editor: 'also queues, cancels and retries runs', admin: 'also manages users and tokens' } as const;

export function AddUserForm({ firstUser }: { firstUser: boolean }) {
  const [state, action, pending] = useActionState<UserFormState, FormData>(addUserAction, { errors: {} });
  const err = (k: string) =>
    state.errors[k] ? (
      <span className="error" role="alert" data-testid={`user-error-${k || 'form'}`}>
        {state.errors[k]}
      </span>
    ) : null;
  return (
    <form action={action} className="stack" data-testid="add-user-form" noValidate>
      <fieldset>
        <legend>Add a user</legend>
        {firstUser && <p className="explain">The first user must be an admin. Once a user exists, everyone signs in, starting with them.</p>}
        {err('')}
        <label className={state.errors.email ? 'field invalid' : 'field'}>
          <span>email</span>
          <input type="text" name="email" inputMode="email" autoComplete="off" />
          {err('email')}
        </label>
        <label className={state.errors.name ? 'field invalid' : 'field'}>
          <span>name</span>
          <input type="text" name="name" autoComplete="off" />
          {err('name')}
        </label>
        <label className={state.errors.password ? 'field invalid' : 'field'}>
          <span>password</span>
          <input type="password" name="password" autoComplete="new-password" />
          {err('password') ?? <span className="hint">at least 10 characters; tell it to them another way</span>}
        </label>
        <label className={state.errors.role ? 'field invalid' : 'field'}>
          <span>role</span>
          <select name="role" defaultValue={firstUser ? 'admin' : 'viewer'}>
            {Object.entries(ROLE_HELP).map(([r, help]) => (
              <option key={r} value={r}>
                {r}: {help}
              </option>
            ))}
          </select>
          {err('role')}
        </label>
      </fieldset>
      <div>
        <button type="submit" disabled={pending} data-testid="add-user">
          {pending ? 'Adding…' : 'Add user'}
        </button>
        {state.message && (
          <span className="muted" style={{ marginLeft: 12 }} data-testid="add-user-result">
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}

'use client';
import { useActionState, useState, useTransition } from 'react';
import type { ApiTokenInfo, AccountUser } from '@rnnlab/auth';
import { createTokenAction, revokeTokenAction, type UserActionResult, type UserFormState } from '@/lib/user-actions';

export function CreateTokenForm({ users }: { users: Pick<AccountUser, 'id' | 'email' | 'role'>[] }) {
  const [state, action, pending] = useActionState<UserFormState, FormData>(createTokenAction, { errors: {} });
  return (
    <form action={action} className="stack" data-testid="create-token-form" noValidate>
      <fieldset>
        <legend>Make an API token</legend>
        <p className="explain">A script sends it as <code>Authorization: Bearer &lt;token&gt;</code> to /api/v1/…; it can do what its user&apos;s role allows, and stops working when revoked.</p>
        {state.errors[''] && <span className="form-error" role="alert">{state.errors['']}</span>}
        <label className="field">
          <span>for user</span>
          <select name="userId">
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email} ({u.role})
              </option>
            ))}
          </select>
        </label>
        <label className={state.errors.name ? 'field invalid' : 'field'}>
          <span>name</span>
          <input type="text" name="name" placeholder="e.g. nightly sweep" autoComplete="off" />
          {state.errors.name && <span className="error">{state.errors.name}</span>}
        </label>
      </fieldset>
      <div>
        <button type="submit" disabled={pending || users.length === 0} data-testid="create-token">
          Make token
        </button>
      </div>
      {state.token && (
        <div className="card" data-testid="new-token-card">
          <p>{state.message}</p>
          <code data-testid="new-token">{state.token}</code>
        </div>
      )}
    </form>
  );
}

export function RevokeTokenButton({ token }: { token: Pick<ApiTokenInfo, 'id' | 'name'> }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<UserActionResult | null>(null);
  return (
    <span>
      <button type="button" className="danger" disabled={pending} data-testid={`revoke-${token.id}`} onClick={() => window.confirm(`Revoke the token "${token.name}"?`) && start(async () => setResult(await revokeTokenAction(token.id)))}>
        Revoke
      </button>
      {result && !result.ok && <span className="form-error">{result.message}</span>}
    </span>
  );
}

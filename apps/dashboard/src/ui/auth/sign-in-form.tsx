'use client';
/**
 * Email and password, posted by better-auth's client to /api/auth/sign-in/email, where its rate
 * limiter and ours (per account) apply. On success the browser loads `next` afresh.
 */
import { useState, type FormEvent } from 'react';
import { createAuthClient } from 'better-auth/client';

function message(error: { status: number; message?: string }): string {
  if (error.status === 429) return error.message && /account/.test(error.message) ? error.message : 'Too many sign-in attempts from here: wait a minute and try again.';
  if (error.status === 401) return 'Wrong email or password.';
  return error.message || `Sign-in failed (HTTP ${error.status}).`;
}

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const { error: failed } = await createAuthClient().signIn.email({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
    if (failed) {
      setError(message(failed));
      setPending(false);
      return;
    }
    window.location.assign(next);
  }
  return (
    <form className="stack" onSubmit={onSubmit} data-testid="sign-in-form">
      <fieldset>
        <legend>Sign in</legend>
        <label className="field">
          <span>email</span>
          <input type="text" name="email" autoComplete="username" inputMode="email" required />
        </label>
        <label className="field">
          <span>password</span>
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
      </fieldset>
      <div>
        <button type="submit" disabled={pending} data-testid="sign-in">
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}

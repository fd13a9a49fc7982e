import { redirect } from 'next/navigation';
import { authState, currentUser } from '@/lib/server/auth';
import { safeNext } from '@/lib/sign-in-path';
import { SignInForm } from '@/ui/auth/sign-in-form';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeNext(typeof raw === 'string' ? raw : null);
  if (await currentUser()) redirect(next);
  const state = await authState();
  return (
    <div className="hero">
      <h1>Sign in to rnnlab</h1>
      {!state.hasUsers && state.required && (
        <p className="explain" data-testid="no-users">
          No user exists yet. On the machine that runs the dashboard, create the first admin: <code>npx rnnlab users add you@example.org --name &quot;Your Name&quot; --role admin</code>{' '}
          (it asks for a password), then sign in here.
        </p>
      )}
      {!state.hasUsers && !state.required && !state.loopback && (
        <p className="explain" data-testid="local-only">
          This dashboard has no users yet and runs in single-user local mode, which serves only its own machine: open it at http://127.0.0.1 there, or create a
          user with <code>npx rnnlab users add</code> to sign in from here.
        </p>
      )}
      {state.hasUsers && <SignInForm next={next} />}
    </div>
  );
}

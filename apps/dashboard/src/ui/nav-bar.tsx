import Link from 'next/link';
import { currentUser } from '@/lib/server/auth';
import { SignOutButton } from '@/ui/auth/sign-out-button';

const LINKS = [
  ['/runs', 'Runs'],
  ['/experiments', 'Experiments'],
  ['/new', 'New'],
  ['/fleet', 'Fleet'],
  ['/datasets', 'Datasets'],
] as const;

export async function NavBar() {
  // the bar is drawn on error pages too: a store that cannot be read shows no user, not a crash
  const user = await currentUser().catch(() => null);
  return (
    <header className="nav">
      <Link href="/" className="brand">
        rnnlab
      </Link>
      <nav>
        {LINKS.map(([href, label]) => (
          <Link key={href} href={href}>
            {label}
          </Link>
        ))}
        {user?.role === 'admin' && <Link href="/users">Users</Link>}
      </nav>
      <div className="user" data-testid="nav-user">
        {user ? (
          <>
            <span data-testid="nav-user-name">{user.name}</span>
            <span className="status" data-testid="nav-user-role">
              {user.role}
            </span>
            {user.via === 'local' ? <span className="small" title="no user exists yet: whoever opens the dashboard on this machine is its admin">local mode</span> : <SignOutButton />}
          </>
        ) : (
          <Link href="/sign-in">Sign in</Link>
        )}
      </div>
    </header>
  );
}

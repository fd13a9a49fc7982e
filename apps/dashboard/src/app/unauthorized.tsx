import Link from 'next/link';

/** A request that needs a signed-in user came without one (e.g. a form sent after the session ended). */
export default function Unauthorized() {
  return (
    <div className="hero" role="alert" data-testid="unauthorized">
      <h1>Sign in first</h1>
      <p>
        This needs a signed-in user; nothing was changed. <Link href="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}

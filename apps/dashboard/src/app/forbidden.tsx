import Link from 'next/link';

/** Signed in, but with a role too weak for this page (e.g. a viewer on /users). */
export default function Forbidden() {
  return (
    <div className="hero" role="alert" data-testid="forbidden">
      <h1>Not for your role</h1>
      <p>
        This page needs a higher role than yours; an admin can change it on the users page. <Link href="/runs">All runs</Link>
      </p>
    </div>
  );
}

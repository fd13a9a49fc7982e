'use client';
import { useState } from 'react';
import { createAuthClient } from 'better-auth/client';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="secondary"
      disabled={pending}
      data-testid="sign-out"
      onClick={async () => {
        setPending(true);
        await createAuthClient().signOut();
        // a full load: every server component reads the user again
        window.location.assign('/sign-in');
      }}
    >
      Sign out
    </button>
  );
}

'use client';
import { useState, useTransition } from 'react';
import { setRoleAction, type UserActionResult } from '@/lib/user-actions';

const ROLES = ['viewer', 'editor', 'admin'] as const;

export function UserRole({ userId, role }: { userId: string; role: string }) {
  const [value, setValue] = useState(role);
  const [pending, start] = useTransition();
  const [result, setResult] = useState<UserActionResult | null>(null);
  return (
    <span>
      <select value={value} onChange={(e) => setValue(e.target.value)} disabled={pending} data-testid={`role-${userId}`} aria-label="role">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>{' '}
      <button type="button" className="secondary" disabled={pending || value === role} onClick={() => start(async () => setResult(await setRoleAction(userId, value)))} data-testid={`set-role-${userId}`}>
        Change
      </button>
      {result && (
        <span className={result.ok ? 'muted small' : 'form-error'} style={{ marginLeft: 8 }}>
          {result.message}
        </span>
      )}
    </span>
  );
}

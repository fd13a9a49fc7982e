import { fmtTime } from '@/lib/format';
import { getAccounts } from '@/lib/server/accounts';
import { requireRoleOrSignIn } from '@/lib/server/auth';
import { AddUserForm } from '@/ui/users/add-user-form';
import { CreateTokenForm, RevokeTokenButton } from '@/ui/users/tokens';
import { UserRole } from '@/ui/users/user-role';

export const dynamic = 'force-dynamic';

/** Users, their roles and the API tokens: admins only (in local mode, the local admin). */
export default async function UsersPage() {
  const me = await requireRoleOrSignIn('admin');
  const accounts = await getAccounts();
  const [users, tokens] = await Promise.all([accounts.listUsers(), accounts.listTokens()]);
  return (
    <>
      <h1>Users</h1>
      {me.via === 'local' && (
        <p className="explain" data-testid="local-mode-note">
          Single-user local mode: no user exists, so whoever opens the dashboard on this machine is its admin. Add the first user (an admin) to require sign-in
          from then on.
        </p>
      )}
      <table data-testid="users-table">
        <thead>
          <tr>
            <th>user</th>
            <th>email</th>
            <th>role</th>
            <th>added</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <UserRole userId={u.id} role={u.role} />
              </td>
              <td className="small">{fmtTime(u.createdAt.getTime())}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.length === 0 && <p className="muted">No users yet.</p>}
      <AddUserForm firstUser={users.length === 0} />
      <h2>API tokens</h2>
      <table data-testid="tokens-table">
        <thead>
          <tr>
            <th>name</th>
            <th>token</th>
            <th>user</th>
            <th>made</th>
            <th>last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.start}…</code>
              </td>
              <td>
                {t.userEmail} ({t.role})
              </td>
              <td className="small">{fmtTime(t.createdAt.getTime())}</td>
              <td className="small">{t.lastUsedAt ? fmtTime(t.lastUsedAt.getTime()) : 'never'}</td>
              <td>
                <RevokeTokenButton token={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokens.length === 0 && <p className="muted">None.</p>}
      <CreateTokenForm users={users.map(({ id, email, role }) => ({ id, email, role }))} />
    </>
  );
}

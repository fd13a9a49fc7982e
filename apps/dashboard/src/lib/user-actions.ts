'use server';
/**
 * The /users page's mutations, for admins only: add a user, change a role, make and revoke API
 * tokens. Each checks the caller's role, then lets @rnnlab/auth validate and apply the change (it
 * keeps the rules: the first user is an admin, the last admin stays one). Next.js checks the Origin.
 */
import { revalidatePath } from 'next/cache';
import { redirect, unauthorized } from 'next/navigation';
import { AuthInputError } from '@rnnlab/auth';
import { getAccounts } from './server/accounts';
import { AuthError, requireRole } from './server/auth';

export interface UserFormState {
  errors: Record<string, string>;
  message?: string;
  /** a new token, shown once */
  token?: string;
}

export interface UserActionResult {
  ok: boolean;
  message: string;
}

function failed(e: unknown): Record<string, string> {
  if (e instanceof AuthError && e.status === 401) unauthorized();
  if (e instanceof AuthError) return { '': e.message };
  if (e instanceof AuthInputError) return { ...e.fields };
  return { '': (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300) };
}

const text = (form: FormData, key: string): string => {
  const v = form.get(key);
  return typeof v === 'string' ? v : '';
};

export async function addUserAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  let endsLocalMode = false;
  let email: string;
  try {
    const me = await requireRole('admin');
    const user = await (await getAccounts()).addUser({ email: text(form, 'email'), name: text(form, 'name'), password: text(form, 'password'), role: text(form, 'role') });
    email = user.email;
    endsLocalMode = me.via === 'local';
  } catch (e) {
    return { errors: failed(e) };
  }
  revalidatePath('/users');
  // the first user ends local mode: from now on everyone signs in, starting with them
  if (endsLocalMode) redirect(`/sign-in?next=${encodeURIComponent('/users')}`);
  return { errors: {}, message: `added ${email}` };
}

export async function setRoleAction(userId: string, role: string): Promise<UserActionResult> {
  try {
    await requireRole('admin');
    const user = await (await getAccounts()).setRole({ userId, role });
    revalidatePath('/users');
    return { ok: true, message: `${user.email} is now a ${user.role}` };
  } catch (e) {
    return { ok: false, message: Object.values(failed(e)).join('; ') };
  }
}

export async function createTokenAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  try {
    await requireRole('admin');
    const { token, info } = await (await getAccounts()).createToken({ userId: text(form, 'userId'), name: text(form, 'name') });
    revalidatePath('/users');
    return { errors: {}, token, message: `token "${info.name}" for ${info.userEmail} (${info.role}); copy it now, it is not shown again` };
  } catch (e) {
    return { errors: failed(e) };
  }
}

export async function revokeTokenAction(tokenId: string): Promise<UserActionResult> {
  try {
    await requireRole('admin');
    const revoked = await (await getAccounts()).revokeToken(tokenId);
    revalidatePath('/users');
    return revoked ? { ok: true, message: 'revoked' } : { ok: false, message: 'no such token (revoked already?)' };
  } catch (e) {
    return { ok: false, message: Object.values(failed(e)).join('; ') };
  }
}

/**
 * When sign-in is required. RNNLAB_AUTH=auto (the default) is the single-user local mode until the
 * first user exists: no sign-in, and whoever reaches the dashboard at a loopback address is the
 * local admin. RNNLAB_AUTH=required asks every visitor to sign in, users or not.
 */
import { AuthConfigError } from './errors/auth-config-error';

export const AUTH_MODES = ['auto', 'required'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** RNNLAB_AUTH as a mode; unset or empty is `auto`. */
export function authModeFromEnv(env: NodeJS.ProcessEnv = process.env): AuthMode {
  const raw = env.RNNLAB_AUTH?.trim() ?? '';
  if (raw === '') return 'auto';
  const v = raw.toLowerCase();
  if ((AUTH_MODES as readonly string[]).includes(v)) return v as AuthMode;
  throw new AuthConfigError(`RNNLAB_AUTH=${JSON.stringify(raw.slice(0, 40))} is not a mode: use ${AUTH_MODES.join(' or ')} (auto: no sign-in until the first user exists)`);
}

/**
 * Whether a Host header (`name[:port]`) names this machine's loopback interface: localhost,
 * *.localhost, 127.0.0.0/8 or [::1]. Local mode serves only these, so that a page elsewhere cannot
 * reach the local admin by rebinding its own name to 127.0.0.1 (its requests carry its own Host).
 */
export function isLoopbackHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.replace(/:\d{1,5}$/, '');
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  return /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(name) && name.split('.').every((p) => Number(p) <= 255);
}

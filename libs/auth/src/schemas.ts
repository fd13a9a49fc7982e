/**
 * What an admin may type to add a user, change a role or make a token: strict (unknown keys are
 * refused), bounded, with one readable message per field. Shared by the dashboard's /users page and
 * `rnnlab users`, so both refuse the same input in the same words.
 */
import { z } from 'zod';
import { AuthInputError } from './errors/auth-input-error';
import { ROLES } from './roles';

export const MIN_PASSWORD_LENGTH = 10;
/** better-auth's own cap (longer inputs only slow the hash down) */
export const MAX_PASSWORD_LENGTH = 128;

// C0/C1 control characters and the line/paragraph separators: a name is shown in pages and logs
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const label = (what: string, max: number) =>
  z
    .string({ error: `expected ${what} as text` })
    .trim()
    .min(1, `give ${what}`)
    .max(max, `at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'no control characters');

export const RoleSchema = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });

export const NewUserSchema = z
  .object({
    email: z
      .string({ error: 'expected an email address' })
      .trim()
      .toLowerCase()
      .max(254, 'at most 254 characters')
      .pipe(z.email('expected an email address like ada@example.org')),
    name: label('a name', 100),
    password: z
      .string({ error: 'expected a password' })
      .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`),
    role: RoleSchema,
  })
  .strict();
export type NewUser = z.infer<typeof NewUserSchema>;

export const RoleChangeSchema = z.object({ userId: z.string().min(1).max(64), role: RoleSchema }).strict();
export type RoleChange = z.infer<typeof RoleChangeSchema>;

export const NewTokenSchema = z.object({ userId: z.string().min(1).max(64), name: label('a token name', 64) }).strict();
export type NewToken = z.infer<typeof NewTokenSchema>;

/** `schema` parsed from `input`, or an AuthInputError with one message per field */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.code === 'unrecognized_keys' ? '' : issue.path.map(String).join('.');
    fields[key] ??= issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` : issue.message;
  }
  throw new AuthInputError(fields);
}

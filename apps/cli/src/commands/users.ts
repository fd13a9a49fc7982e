/**
 * `rnnlab users add EMAIL --role R [--name N]`, `rnnlab users list`, `rnnlab users role EMAIL R`,
 * `rnnlab users token EMAIL --name N`: the dashboard's users, on the database DATABASE_URL names
 * (default SQLite under RNNLAB_HOME). Whoever can run this can reach that database, so it needs no
 * sign-in: it is how the first admin is made where the dashboard requires sign-in from the start
 * (RNNLAB_AUTH=required, or a dashboard listening beyond loopback). The password comes from
 * RNNLAB_PASSWORD, else is asked for twice on a terminal (not echoed), else is the first line of
 * standard input; never an argument (it would stay in the shell's history and in `ps`).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AuthInputError, openAccounts, ROLES, type Accounts, type AccountUser } from '@rnnlab/auth';
import { parseFlags, UsageError } from '../args';
import { USERS_FLAGS } from '../users-args';
import { commandUsage } from '../usage';

const SUBCOMMANDS = ['add', 'list', 'role', 'token'] as const;

function usage(message: string): never {
  throw new UsageError(`users: ${message}`);
}

/** RNNLAB_PASSWORD, else a hidden prompt on a terminal (twice), else one line of standard input */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.RNNLAB_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line.replace(/\r$/, '');
    }
    usage('no password: set RNNLAB_PASSWORD, or pipe it on standard input, or run this on a terminal');
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // echo nothing of what is typed
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.includes(prompt)) process.stdout.write(prompt);
      };
      rl.question(prompt, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('password: ');
  if ((await ask('again: ')) !== first) usage('the two passwords differ; nothing was written');
  return first;
}

const line = (u: AccountUser) => `${u.email}\t${u.role}\t${u.name}`;
const userJson = (u: AccountUser) => ({ id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.toISOString() });

async function findUser(accounts: Accounts, email: string): Promise<AccountUser> {
  const wanted = email.trim().toLowerCase();
  const user = (await accounts.listUsers()).find((u) => u.email === wanted);
  if (!user) usage(`no user ${JSON.stringify(email)} (see \`rnnlab users list\`)`);
  return user;
}

export async function usersCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, USERS_FLAGS, { positionals: true });
  if (values.help || positionals.length === 0) {
    process.stdout.write(commandUsage('users'));
    return values.help ? 0 : 2;
  }
  const [sub, ...rest] = positionals;
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) usage(`unknown subcommand ${JSON.stringify(sub)}: use ${SUBCOMMANDS.join(', ')}`);
  const expect = { add: 1, list: 0, role: 2, token: 1 }[sub as (typeof SUBCOMMANDS)[number]];
  if (rest.length !== expect) usage(`${sub} takes ${expect === 0 ? 'no argument' : expect === 1 ? 'an email address' : 'an email address and a role'}, got ${rest.length ? rest.map((r) => JSON.stringify(r)).join(' ') : 'none'}`);
  if (sub === 'add' && values.role === undefined) usage(`add needs --role (${ROLES.join(', ')})`);
  if (sub === 'token' && values.name === undefined) usage('token needs --name (what the token is for)');
  const password = sub === 'add' ? await readPassword() : '';
  const accounts = await openAccounts({ home: process.env.RNNLAB_HOME?.trim() || join(homedir(), '.rnnlab') });
  try {
    if (sub === 'list') {
      const users = await accounts.listUsers();
      process.stdout.write(values.json ? `${JSON.stringify(users.map(userJson))}\n` : users.length ? `${users.map(line).join('\n')}\n` : 'no users: the dashboard runs in single-user local mode (see `rnnlab users add --help`)\n');
      return 0;
    }
    if (sub === 'add') {
      const email = rest[0];
      const name = (values.name as string | undefined) ?? email.split('@')[0];
      const user = await accounts.addUser({ email, name, password, role: values.role });
      process.stdout.write(values.json ? `${JSON.stringify(userJson(user))}\n` : `added ${line(user)}: sign in to the dashboard with this email and password\n`);
      return 0;
    }
    const user = await findUser(accounts, rest[0]);
    if (sub === 'role') {
      const updated = await accounts.setRole({ userId: user.id, role: rest[1] });
      process.stdout.write(values.json ? `${JSON.stringify(userJson(updated))}\n` : `${updated.email} is now a ${updated.role}\n`);
      return 0;
    }
    const { token, info } = await accounts.createToken({ userId: user.id, name: values.name });
    process.stdout.write(values.json ? `${JSON.stringify({ id: info.id, name: info.name, email: info.userEmail, role: info.role, token })}\n` : `${token}\n`);
    if (!values.json) process.stderr.write(`token "${info.name}" for ${info.userEmail} (${info.role}): shown once; send it as Authorization: Bearer <token>\n`);
    return 0;
  } catch (e) {
    if (e instanceof AuthInputError) usage(Object.entries(e.fields).map(([k, m]) => (k ? `${k === 'userId' ? 'email' : k}: ${m}` : m)).join('; '));
    throw e;
  } finally {
    await accounts.close();
  }
}

/**
 * `rnnlab dashboard [--port P] [--host H]`: serve the dashboard's production build for the
 * platform that REDIS_URL and DATABASE_URL name, until Ctrl-C.
 */
import { parseFlags, UsageError } from '../args';
import { portIsFree, startDashboard } from '../dashboard-process';
import { DASHBOARD_COMMAND_FLAGS } from '../fleet-args';
import { commandUsage } from '../usage';

export const DEFAULT_DASHBOARD_PORT = 3000;

export async function dashboardCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, DASHBOARD_COMMAND_FLAGS);
  if (values.help) {
    process.stdout.write(commandUsage('dashboard'));
    return 0;
  }
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  const port = (values.port as number | undefined) ?? DEFAULT_DASHBOARD_PORT;
  if (!(await portIsFree(port, host))) throw new UsageError(`--port ${port}: something else listens on ${host}:${port}; choose another port`);
  const dashboard = await startDashboard({ port, host, env: process.env, log: process.stderr });
  process.stdout.write(`rnnlab dashboard: ${dashboard.url}\n`);
  return new Promise((resolve) => {
    const stop = (code: number) => void dashboard.stop().then(() => resolve(code));
    process.once('SIGINT', () => stop(130));
    process.once('SIGTERM', () => stop(143));
    dashboard.child.once('exit', (code) => resolve(code === 0 || code === null ? 0 : 1));
  });
}

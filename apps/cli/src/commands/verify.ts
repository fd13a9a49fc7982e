/**
 * `rnnlab verify [FILE...]`: run PyTorch reference fixtures on the engine and report, per fixture,
 * the worst absolute error of every checked tensor; without FILE, the fixtures bundled with
 * @rnnlab/models. Exit 0 when all match, 1 on any mismatch, 2 when a file is missing or is not a fixture.
 */
import { basename } from 'node:path';
import { bundledFixtureFiles, initBackend, ReferenceFixtureSchema, verifyFixture, type FixtureReport } from '@rnnlab/models';
import { selectEngine } from '@rnnlab/trainer';
import { parseVerifyArgs, UsageError } from '../args';
import { readJsonFile } from '../files';
import { fmtNum, formatTable } from '../printers/format';
import { requireEngine } from '../require-engine';
import { commandUsage } from '../usage';

interface FileReport extends FixtureReport {
  file: string;
}

export async function verifyCommand(argv: string[]): Promise<number> {
  const args = parseVerifyArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('verify'));
    return 0;
  }
  // read and check every file before computing anything
  const files = args.files.length > 0 ? args.files : bundledFixtureFiles();
  if (files.length === 0) throw new UsageError('verify: no FILE given and no bundled fixtures found in @rnnlab/models');
  const fixtures: { file: string; json: unknown }[] = [];
  for (const file of files) {
    const json = await readJsonFile(file, 'verify');
    const parsed = ReferenceFixtureSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new UsageError(`verify: "${file}" is not a reference fixture (rnn-reference-fixture/v1): ${issues.join('; ')}`);
    }
    fixtures.push({ file, json });
  }
  requireEngine(args.engine);

  const backend = await initBackend('auto');
  const engine = await selectEngine(args.engine, { threads: args.threads });
  const reports: FileReport[] = fixtures.map(({ file, json }) => ({ file, ...verifyFixture(json, { tolerance: args.tolerance, engine }) }));
  const failed = reports.filter((r) => !r.ok);

  if (args.json) {
    const summary = { ok: failed.length === 0, tolerance: args.tolerance, engine: engine.name, backend: backend.name, files: reports };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    for (const r of reports) {
      process.stdout.write(`${r.file}: ${r.cell}, ${r.layers} layer${r.layers === 1 ? '' : 's'}: ${r.ok ? 'ok' : 'FAIL'} (worst ${fmtErr(r.worst)})\n`);
      const rows = r.checks.map((c) => [`  ${c.name}`, fmtErr(c.maxAbsError), c.ok ? 'ok' : 'FAIL']);
      process.stdout.write(formatTable(['  tensor', 'worst abs error', 'result'], rows, [1]) + '\n');
    }
    const where = `tolerance ${fmtNum(args.tolerance)}, engine ${engine.name} on backend ${backend.name}`;
    process.stdout.write(
      failed.length === 0
        ? `all ${reports.length} fixture${reports.length === 1 ? '' : 's'} ok (${where})\n`
        : `${failed.length} of ${reports.length} fixture${reports.length === 1 ? '' : 's'} FAIL (${where}): ${failed.map((r) => basename(r.file)).join(', ')}\n`,
    );
  }
  return failed.length === 0 ? 0 : 1;
}

function fmtErr(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : 'mismatch (shape or NaN)';
}

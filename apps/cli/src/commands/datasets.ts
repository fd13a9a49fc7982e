/**
 * `rnnlab datasets`: the built-in tasks with their kind and, for corpora, their size.
 */
import { listDatasets } from '@rnnlab/datasets';
import { parseDatasetsArgs } from '../args';
import { formatTable } from '../printers/format';
import { commandUsage } from '../usage';

export async function datasetsCommand(argv: string[]): Promise<number> {
  const args = parseDatasetsArgs(argv);
  if (args.help) {
    process.stdout.write(commandUsage('datasets'));
    return 0;
  }
  // await: the catalogue may become asynchronous (corpora loaded lazily)
  const list = await listDatasets();
  if (args.json) {
    process.stdout.write(`${JSON.stringify(list)}\n`);
    return 0;
  }
  const rows = list.map((d) => [d.name, d.kind, d.size !== null ? d.size.toLocaleString('en-US') : d.name === 'text' ? 'your file' : 'generated', d.description]);
  process.stdout.write(formatTable(['name', 'kind', 'size', 'description'], rows, [2]));
  return 0;
}

import Link from 'next/link';
import type { DatasetInfo } from '@rnnlab/datasets';
import type { DatasetsView } from '@/lib/dataset-views';
import { datasetsHref } from './datasets-href';

/** The built-in datasets (`rnnlab datasets`): each name opens its preview. */
export function BuiltInDatasets({ datasets, view }: { datasets: DatasetInfo[]; view: DatasetsView }) {
  return (
    <table data-testid="built-in-datasets">
      <thead>
        <tr>
          <th>name</th>
          <th>kind</th>
          <th>size</th>
          <th>description</th>
        </tr>
      </thead>
      <tbody>
        {datasets.map((d) => (
          <tr key={d.name} data-testid={`dataset-${d.name}`} aria-selected={view.name === d.name}>
            <td>
              <Link href={datasetsHref({ name: d.name, tokenizer: view.tokenizer })}>{view.name === d.name ? <strong>{d.name}</strong> : d.name}</Link>
            </td>
            <td>{d.kind}</td>
            <td>{d.size === null ? <span className="muted">generated</span> : `${d.size.toLocaleString('en-US')} entries`}</td>
            <td>{d.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { DatasetPreview as Preview } from '@rnnlab/datasets';

/** A built-in dataset's examples as the model sees them: input -> target. */
export function DatasetPreview({ preview }: { preview: Preview }) {
  return (
    <section className="card" data-testid="dataset-preview">
      <h2>
        {preview.name} <span className="muted small">({preview.kind}; {preview.source === 'generated' ? 'generated examples, seed 1' : 'the first entries'})</span>
      </h2>
      <p className="explain">{preview.explain}</p>
      <table data-testid="preview-examples">
        <thead>
          <tr>
            <th>input</th>
            <th>target</th>
          </tr>
        </thead>
        <tbody>
          {preview.examples.map((e, i) => (
            <tr key={i}>
              <td>
                <code className="example">{e.input}</code>
              </td>
              <td>
                <code className="example">{e.target}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

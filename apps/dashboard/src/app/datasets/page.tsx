export const dynamic = 'force-dynamic';

export default function DatasetsPage() {
  return (
    <>
      <h1>Datasets</h1>
      <p className="muted">The built-in datasets are listed by `rnnlab datasets`; previews and uploads come to this page next.</p>
    </>
  );
}

import Link from 'next/link';

const LINKS = [
  ['/runs', 'Runs'],
  ['/experiments', 'Experiments'],
  ['/new', 'New'],
  ['/fleet', 'Fleet'],
  ['/datasets', 'Datasets'],
] as const;

export function NavBar() {
  return (
    <header className="nav">
      <Link href="/" className="brand">
        rnnlab
      </Link>
      <nav>
        {LINKS.map(([href, label]) => (
          <Link key={href} href={href}>
            {label}
          </Link>
        ))}
      </nav>
    </header>
  );
}

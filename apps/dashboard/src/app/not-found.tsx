import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="hero">
      <h1>Not found</h1>
      <p>
        No such run or experiment (ids look like r-0123456789abcdef and x-0123456789abcdef). <Link href="/runs">All runs</Link>
      </p>
    </div>
  );
}

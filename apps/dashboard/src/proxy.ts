/**
 * Tells the pages their own path (`x-rnnlab-path`), so that a signed-out visitor sent to /sign-in
 * comes back to the link they opened. Only that: who may read what is checked where the data is
 * read (lib/data.ts, lib/server/auth.ts), never here.
 */
import { NextResponse, type NextRequest } from 'next/server';

export function proxy(request: NextRequest) {
  const url = request.nextUrl;
  const search = new URLSearchParams(url.search);
  search.delete('_rsc');
  const q = search.toString();
  const headers = new Headers(request.headers);
  headers.set('x-rnnlab-path', `${url.pathname}${q ? `?${q}` : ''}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/|icon.svg|favicon.ico|sign-in).*)'],
};

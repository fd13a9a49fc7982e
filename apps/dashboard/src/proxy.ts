/**
 * In front of every page: a page whose data is down is answered with a readable HTTP 503 (the store
 * for every page; Redis for /fleet, whose data is the queue's), probed at most once a second; and the
 * pages are told their own path (`x-rnnlab-path`), so that a signed-out visitor sent to /sign-in
 * comes back to the link they opened. Who may read what is checked where the data is read
 * (lib/data.ts, lib/server/auth.ts), never here.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { availability } from '@/lib/server/availability';
import { unavailableResponse } from '@/lib/server/unavailable-page';

/** pages that show the queue itself: unavailable while Redis is down (the others read the store) */
const QUEUE_PAGES = /^\/fleet(\/|$)/;

export async function proxy(request: NextRequest) {
  const url = request.nextUrl;
  const search = new URLSearchParams(url.search);
  search.delete('_rsc');
  const q = search.toString();
  const path = `${url.pathname}${q ? `?${q}` : ''}`;
  const down = await availability();
  if (down.store !== null) return unavailableResponse('store', down.store, path);
  if (down.redis !== null && QUEUE_PAGES.test(url.pathname)) return unavailableResponse('redis', down.redis, path);
  const headers = new Headers(request.headers);
  headers.set('x-rnnlab-path', path);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/|icon.svg|favicon.ico|sign-in).*)'],
};

/**
 * Where /sign-in sends a visitor afterwards: back to the page they opened, and only to a path of
 * this dashboard (`?next=//evil.example` or `https://…` would make the sign-in page an open redirect).
 */
export function safeNext(path: string | null | undefined): string {
  return path && path.length <= 2000 && /^\/(?![/\\])[^\s\\]*$/.test(path) ? path : '/';
}

/** /sign-in, with the page to come back to */
export function signInHref(path: string | null | undefined): string {
  const next = safeNext(path);
  return next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}

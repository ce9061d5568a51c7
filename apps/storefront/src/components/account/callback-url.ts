/**
 * Where to go after signing in: only a path on this site. Absolute URLs are accepted when they
 * point at `origin` (next-auth sometimes hands those out) and are reduced to their path; anything
 * else — other hosts, protocol-relative "//evil", "/\evil", javascript:, control characters — falls
 * back. The sign-in and sign-up pages themselves fall back too, so a shopper never lands in a loop.
 */
export function safeCallbackUrl(value: string | string[] | null | undefined, fallback = '/account', origin?: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001F\u007F\\]/.test(raw)) return fallback;
  let path: string;
  if (raw.startsWith('/')) {
    if (raw.startsWith('//')) return fallback;
    path = raw;
  } else {
    if (!origin) return fallback;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return fallback;
    }
    if (url.origin !== new URL(origin).origin) return fallback;
    path = `${url.pathname}${url.search}${url.hash}`;
  }
  // Normalise through URL so "/a/../login" is seen for what it is, and nothing escapes the origin.
  const base = 'http://storefront.invalid';
  let resolved: URL;
  try {
    resolved = new URL(path, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base) return fallback;
  // The sign-in pages themselves, and the password reset pages (whose links are spent once used).
  if (['/login', '/register', '/forgot-password', '/reset-password'].includes(resolved.pathname)) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** A same-site path to return to after signing in; anything else (absolute URLs, //host, /login itself) goes to the dashboard. */
export function safeCallbackUrl(value: unknown): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === '/login' || raw.startsWith('/login?') || raw.startsWith('/api/')) return '/';
  return raw.slice(0, 2000);
}

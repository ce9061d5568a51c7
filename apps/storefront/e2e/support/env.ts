/**
 * The e2e suite's settings, read once (the lint rule keeps process.env reads in env.ts files).
 * Playwright loads the config in the runner and again in every worker; the fresh database's name
 * is chosen once, in the runner, and handed to the workers through OMNICART_E2E_DATABASE_URL.
 */
export const STOREFRONT_URL = process.env.STOREFRONT_URL ?? 'http://127.0.0.1:3000';
export const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
/** The dev inbox `npm start` runs (every e-mail and SMS the shop sends; its JSON API). */
export const MAIL_INBOX_URL = process.env.MAIL_INBOX_URL ?? 'http://127.0.0.1:1080';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CI = Boolean(process.env.CI);
/** E2E_REPLICAS=2: the platform runs as `npm run start:replicas` (every domain service and the gateway twice). */
export const REPLICAS = process.env.E2E_REPLICAS === '2' ? '2' : '1';
export const WORKERS = process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : undefined;

/**
 * DATABASE_URL set (CI, `npm test`): the platform gets a fresh database `omnicart_e2e_<timestamp>` on
 * that server (the platform creates it on start, migrates it and seeds the demo data into it), and
 * global teardown drops it. DATABASE_URL unset: undefined, and `npm start` uses its embedded PostgreSQL.
 */
export function e2eDatabaseUrl(): string | undefined {
  const chosen = process.env.OMNICART_E2E_DATABASE_URL;
  if (chosen) return chosen;
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const url = new URL(base);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  url.pathname = `/omnicart_e2e_${stamp}_${process.pid}`;
  process.env.OMNICART_E2E_DATABASE_URL = url.toString();
  return url.toString();
}

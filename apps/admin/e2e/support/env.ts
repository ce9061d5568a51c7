/**
 * The admin e2e suite's settings, read once (the lint rule keeps process.env reads in env.ts files).
 * Same fresh-database scheme as the storefront's suite (apps/storefront/e2e/support/env.ts): the
 * runner picks `omnicart_e2e_admin_<timestamp>` once and hands it to the workers.
 */
export const ADMIN_URL = process.env.ADMIN_URL ?? 'http://127.0.0.1:3001';
/** The storefront `npm start` runs beside the admin: merchant flows check what shoppers then see. */
export const STOREFRONT_URL = process.env.STOREFRONT_URL ?? 'http://127.0.0.1:3000';
export const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CI = Boolean(process.env.CI);
/** E2E_REPLICAS=2: the platform runs as `npm run start:replicas` (every domain service and the gateway twice). */
export const REPLICAS = process.env.E2E_REPLICAS === '2' ? '2' : '1';
export const WORKERS = process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : undefined;

export function e2eDatabaseUrl(): string | undefined {
  const chosen = process.env.OMNICART_E2E_ADMIN_DATABASE_URL;
  if (chosen) return chosen;
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const url = new URL(base);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  url.pathname = `/omnicart_e2e_admin_${stamp}_${process.pid}`;
  process.env.OMNICART_E2E_ADMIN_DATABASE_URL = url.toString();
  return url.toString();
}

/** The dev inbox `npm start` runs (every e-mail and SMS the shop sends; its JSON API). */
export const MAIL_INBOX_URL = process.env.MAIL_INBOX_URL ?? 'http://127.0.0.1:1080';

import 'server-only';
import { DEFAULT_TRUSTED_PROXIES, proxyList } from '@omnicart/contracts';
import { z } from 'zod';

/**
 * The admin server's configuration, validated once. `npm start` (scripts/start.mjs) fills
 * NEXTAUTH_SECRET/NEXTAUTH_URL/ADMIN_URL for local runs; production deployments set them (k8s secret).
 */
const url = z.url().transform((value) => value.replace(/\/+$/, ''));
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Where the services are reached (tRPC under /trpc/<domain>). Server-side only. */
  GATEWAY_URL: url.default('http://127.0.0.1:4000'),
  /** The admin's public base URL (secure cookies when https, the CSP's upgrade-insecure-requests). */
  ADMIN_URL: url.default('http://127.0.0.1:3001'),
  /** Signs and encrypts the admin's session cookie (next-auth reads it too). Its own, not the storefront's. Required in production. */
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  /** Upper bound for one call to a service. */
  SERVICE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** The platform's SERVICE_TOKEN: with it the gateway trusts the admin as a proxy (staff addresses, not the app's). */
  SERVICE_TOKEN: z.string().min(16).optional(),
  /** Proxies in front of the admin (CIDR blocks or addresses) whose X-Forwarded-For entries count. */
  TRUSTED_PROXIES: z
    .string()
    .default(DEFAULT_TRUSTED_PROXIES.join(','))
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .superRefine((entries, ctx) => {
      try {
        proxyList(entries);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /** The catalog's https image hosts (same variable as the catalog's): the CSP lets product images load from them. */
  CATALOG_IMAGE_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
    ),
});
export type AdminEnv = z.infer<typeof schema>;

let cached: AdminEnv | undefined;

export function getEnv(): AdminEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid admin environment:\n${problems}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.NEXTAUTH_SECRET && process.env.NEXT_PHASE !== 'phase-production-build') {
    throw new Error('Invalid admin environment:\n  - NEXTAUTH_SECRET: is required in production (32+ random characters)');
  }
  cached = parsed.data;
  return cached;
}

/** The platform's development SERVICE_TOKEN (packages/api runtime/env.ts): `npm start` needs no setting. */
const DEVELOPMENT_SERVICE_TOKEN = 'omnicart-dev-service-token';

/** The token the admin presents to the gateway as a trusted proxy; none in production unless set. */
export const serviceToken = (): string | undefined => getEnv().SERVICE_TOKEN ?? (getEnv().NODE_ENV === 'production' ? undefined : DEVELOPMENT_SERVICE_TOKEN);

/** Cookies are Secure when the public URL is https (plain http on localhost keeps working). */
export const secureCookies = (): boolean => getEnv().ADMIN_URL.startsWith('https://');

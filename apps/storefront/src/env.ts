import 'server-only';
import { DEFAULT_TRUSTED_PROXIES, proxyList } from '@omnicart/contracts';
import { z } from 'zod';

/**
 * The storefront server's configuration, validated once. `npm start` (scripts/start.mjs) fills
 * NEXTAUTH_SECRET/NEXTAUTH_URL for local runs; production deployments set them (k8s secret).
 */
const url = z.url().transform((value) => value.replace(/\/+$/, ''));
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Where the services are reached (tRPC under /trpc/<domain>). Server-side only. */
  GATEWAY_URL: url.default('http://127.0.0.1:4000'),
  /** The storefront's public base URL: canonical links, sitemap, Open Graph, JSON-LD. */
  STOREFRONT_URL: url.default('http://127.0.0.1:3000'),
  /** Signs and encrypts the session cookie (next-auth reads it too). Required in production. */
  NEXTAUTH_SECRET: z.string().min(32, 'NEXTAUTH_SECRET must be at least 32 characters').optional(),
  /** How long cached catalog reads live at most; product changes revalidate them sooner. */
  CATALOG_REVALIDATE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How long the running automatic promotions (product and listing badges) are kept before asking again. */
  PROMOTIONS_REVALIDATE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How often the catalog change feed is polled to revalidate cached pages (0 = never). */
  CATALOG_CHANGES_POLL_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /** Upper bound for one call to a service. */
  SERVICE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Upper bound for one recommendation shelf (the shelf is left out when it takes longer). */
  SHELF_TIMEOUT_MS: z.coerce.number().int().min(20).max(5000).default(300),
  /** How long the shelves that are the same for everyone (not "for you") are kept (0: asked every time). */
  SHELF_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** How often queued behaviour events are sent to analytics (also as soon as 50 wait). */
  ANALYTICS_FLUSH_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** The most behaviour events kept while analytics cannot be reached (the oldest are dropped). */
  ANALYTICS_QUEUE_MAX: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  /** Upper bound for one call to analytics.ingest (off the page's path; a failure is retried). */
  ANALYTICS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /**
   * The platform's SERVICE_TOKEN (the services' and gateway's shared secret). With it the gateway
   * trusts the storefront as a proxy and counts each shopper's address (sign-in throttling, rate
   * limits) instead of the storefront's. Outside production the platform's development default.
   */
  SERVICE_TOKEN: z.string().min(16).optional(),
  /**
   * Proxies in front of the storefront (CIDR blocks or addresses) whose X-Forwarded-For entries
   * count when working out the shopper's address. Default: loopback and private networks.
   */
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
  /**
   * The catalog's allow-list of https image hosts (same variable, comma-separated): the
   * Content-Security-Policy lets images load from them. Empty: same-origin images only.
   */
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
export type StorefrontEnv = z.infer<typeof schema>;

let cached: StorefrontEnv | undefined;

export function getEnv(): StorefrontEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid storefront environment:\n${problems}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.NEXTAUTH_SECRET && process.env.NEXT_PHASE !== 'phase-production-build') {
    throw new Error('Invalid storefront environment:\n  - NEXTAUTH_SECRET: is required in production (32+ random characters)');
  }
  cached = parsed.data;
  return cached;
}

/** The platform's development SERVICE_TOKEN (packages/api runtime/env.ts): `npm start` needs no setting. */
const DEVELOPMENT_SERVICE_TOKEN = 'omnicart-dev-service-token';

/** The token the storefront presents to the gateway as a trusted proxy; none in production unless set. */
export const serviceToken = (): string | undefined => getEnv().SERVICE_TOKEN ?? (getEnv().NODE_ENV === 'production' ? undefined : DEVELOPMENT_SERVICE_TOKEN);

/** Cookies are Secure when the public URL is https (plain http on localhost keeps working). */
export const secureCookies = (): boolean => getEnv().STOREFRONT_URL.startsWith('https://');

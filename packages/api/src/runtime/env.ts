import { z } from 'zod';

/**
 * The one place that reads process.env. Every variable is validated once, at start, and a bad
 * value stops the process with a message that lists every problem at once.
 */

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const url = (fallback: string) => z.url().default(fallback);
const optionalUrl = () => z.url().optional();
const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    /** Absent → `npm start` runs an embedded PostgreSQL. */
    DATABASE_URL: optionalUrl(),
    DB_POOL_MAX: positiveInt(10),
    /** Where the embedded PostgreSQL keeps its data (git-ignored). */
    EMBEDDED_PG_DIR: z.string().optional(),
    EMBEDDED_PG_PORT: port(54329),

    /**
     * Interface every service binds to. Loopback by default so a laptop does not expose the
     * domain services (which trust the gateway's X-Forwarded-For) to its network; containers
     * set 0.0.0.0 (k8s/base/config.yaml).
     */
    HOST: z.string().default('127.0.0.1'),
    GATEWAY_PORT: port(4000),
    IDENTITY_PORT: port(4101),
    CATALOG_PORT: port(4102),
    INVENTORY_PORT: port(4103),
    CART_PORT: port(4104),
    ORDERS_PORT: port(4105),
    PAYMENTS_PORT: port(4106),
    IDENTITY_URL: url('http://127.0.0.1:4101'),
    CATALOG_URL: url('http://127.0.0.1:4102'),
    INVENTORY_URL: url('http://127.0.0.1:4103'),
    CART_URL: url('http://127.0.0.1:4104'),
    ORDERS_URL: url('http://127.0.0.1:4105'),
    PAYMENTS_URL: url('http://127.0.0.1:4106'),
    /**
     * Shared secret services present to each other (header x-omnicart-service-token) to call
     * internal procedures (reserve stock, charge a payment...). The gateway strips the header
     * from client requests and never routes internal procedures. Required in production.
     */
    SERVICE_TOKEN: z.string().min(16).default('omnicart-dev-service-token'),
    /** Timeout of one service-to-service call. */
    SERVICE_CALL_TIMEOUT_MS: positiveInt(10_000),
    /** Default: `${IDENTITY_URL}/.well-known/jwks.json`. */
    JWKS_URL: optionalUrl(),
    /** `npm start`: which services this process hosts (default all). */
    SERVICES: commaList('identity,catalog,inventory,cart,orders,payments,stripe-simulator,gateway'),

    /**
     * Event bus behind the transactional outboxes: RabbitMQ when RABBITMQ_URL is set (e.g.
     * amqp://guest:guest@127.0.0.1:5672), otherwise durable queues in PostgreSQL (schema events).
     */
    RABBITMQ_URL: optionalUrl(),
    /** How often an outbox relay and the PostgreSQL bus poll when nothing woke them. */
    EVENTS_POLL_MS: positiveInt(500),
    /**
     * RabbitMQ only: prefix of the exchange and queue names (`<ns>.omnicart.events`,
     * `<ns>.<consumer>`), so several platforms (e.g. test runs) can share one broker.
     */
    EVENTS_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
      .optional(),

    /**
     * Payments: with STRIPE_SECRET_KEY and no STRIPE_API_URL the SDK talks to real Stripe;
     * otherwise it talks to the local simulator at STRIPE_API_URL.
     */
    STRIPE_SECRET_KEY: z.string().default('sk_test_omnicart_simulator'),
    STRIPE_API_URL: optionalUrl(),
    /** Signing secret of the webhook endpoint (whsec_...); the simulator signs with the same one. */
    STRIPE_WEBHOOK_SECRET: z.string().min(8).default('whsec_omnicart_simulator_dev_secret'),
    /** Seconds a webhook timestamp may be off before it is refused (Stripe's default is 300). */
    STRIPE_WEBHOOK_TOLERANCE_SECONDS: positiveInt(300),
    /** The local Stripe simulator (`npm start` runs it; STRIPE_API_URL defaults to it). */
    STRIPE_SIMULATOR_PORT: port(12111),
    /** Where the simulator delivers webhooks (the payments service's /webhooks/stripe). */
    STRIPE_SIMULATOR_WEBHOOK_URL: optionalUrl(),

    /** Inventory: how long a checkout's reservation holds stock. */
    RESERVATION_TTL_SECONDS: positiveInt(900),
    /** Inventory: how often expired reservations are released. */
    RESERVATION_SWEEP_MS: positiveInt(5_000),

    /** Orders: shipping is a flat rate, free at or above the threshold (integer cents). */
    SHIPPING_FLAT_CENTS: z.coerce.number().int().min(0).default(499),
    FREE_SHIPPING_THRESHOLD_CENTS: z.coerce.number().int().min(0).default(5_000),
    /** Orders: tax rate per destination country, e.g. "US:0.0725,DE:0.19" (others: DEFAULT_TAX_RATE). */
    TAX_RATES: z.string().default('US:0.0725,CA:0.13,GB:0.20,DE:0.19,FR:0.20,NL:0.21,ES:0.21,IT:0.22,AU:0.10,JP:0.10'),
    DEFAULT_TAX_RATE: z.coerce.number().min(0).max(1).default(0),
    /** Orders: how often the recovery loop looks for checkouts a crash left half-way. */
    ORDERS_RECOVERY_INTERVAL_MS: positiveInt(5_000),
    /** Orders: a checkout untouched this long is resumed or compensated by the recovery loop. */
    ORDERS_RECOVERY_AFTER_MS: positiveInt(15_000),
    /**
     * Orders: HMAC secret of guest order access tokens (guestCheckout / guestGet). Default: derived
     * from SERVICE_TOKEN. Changing it invalidates the tokens guests hold.
     */
    ORDERS_GUEST_TOKEN_SECRET: z.string().min(16).optional(),
    /**
     * Test-only fault injection (ignored unless NODE_ENV=test): the orders process exits at the
     * named checkout step, e.g. "after-payment" (the crash-recovery test).
     */
    ORDERS_CRASH_AT: z.string().optional(),

    /** PKCS8 PEM Ed25519 key; required in production (development generates and stores one). */
    JWT_PRIVATE_KEY: z.string().optional(),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
    OMNICART_ADMIN_PASSWORD: z.string().min(8).default('omnicart-admin'),
    OMNICART_DEMO_PASSWORD: z.string().min(8).default('omnicart-demo'),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt(50),
    LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(900),

    /** Gateway: per-IP token bucket. The defaults never throttle browsing or the bench. */
    RATE_LIMIT_PER_SECOND: positiveInt(5000),
    RATE_LIMIT_BURST: positiveInt(10_000),
    /** Loopback callers (the co-located storefront/admin servers, local tools) are not rate-limited. */
    RATE_LIMIT_EXEMPT_LOOPBACK: flag(true),
    /** Gateway: keep rate-limit buckets in Redis (shared by replicas); absent → in memory. */
    REDIS_URL: optionalUrl(),
    /** Gateway: browser origins allowed by CORS. */
    CORS_ORIGINS: commaList('http://localhost:3000,http://localhost:3001'),
    /** Gateway: trust X-Forwarded-For / X-Forwarded-Proto from a proxy in front of it. */
    TRUST_PROXY: flag(false),
    UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
    /** Gateway: entries of the micro-cache of anonymous public REST GETs (LRU); 0 disables it. */
    GATEWAY_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(5000),

    /** Catalog size seeded by `npm start` on first start. */
    SEED_PRODUCTS: positiveInt(2400),
    /** SIGTERM: how long in-flight requests may take before connections are cut. */
    SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
    /** Requests slower than this are logged at warn level. */
    SLOW_REQUEST_MS: positiveInt(1000),
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses an environment (default: process.env). Throws EnvError listing every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (e.g. `DATABASE_URL= npm start`).
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== '') cleaned[key] = value;
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const value = typeof issue.path[0] === 'string' ? cleaned[issue.path[0]] : undefined;
        const shown = value === undefined || /KEY|PASSWORD|SECRET|URL/.test(name) ? '' : ` (got "${value}")`;
        return `${name}: ${issue.message}${shown}`;
      });
  // Production needs explicit secrets (checked beside the schema so it is reported with the rest).
  if (cleaned.NODE_ENV === 'production' && !cleaned.JWT_PRIVATE_KEY) {
    problems.push('JWT_PRIVATE_KEY: is required when NODE_ENV=production (PKCS8 PEM Ed25519 private key)');
  }
  if (cleaned.NODE_ENV === 'production' && !cleaned.SERVICE_TOKEN) {
    problems.push('SERVICE_TOKEN: is required when NODE_ENV=production (a random secret shared by the services)');
  }
  if (parsed.success && problems.length === 0) return Object.freeze(parsed.data) as Env;
  throw new EnvError(problems);
}

let current: Env | undefined;

/** The validated environment of this process, read once. */
export function getEnv(): Env {
  current ??= loadEnv();
  return current;
}

/**
 * Replaces the process environment seen by getEnv() (tests and the test platform use it to start
 * services with e.g. a small rate limit). Call before starting the services that should see it.
 * `defaults` apply only where the process environment sets nothing.
 */
export function configureEnv(overrides: Record<string, string | undefined> = {}, defaults: Record<string, string> = {}): Env {
  current = loadEnv({ ...defaults, ...process.env, ...overrides });
  return current;
}

/** For CLIs: validate now and exit(1) with the readable message instead of a stack trace. */
export function getEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export const jwksUrl = (env: Env = getEnv()): string => env.JWKS_URL ?? `${env.IDENTITY_URL.replace(/\/$/, '')}/.well-known/jwks.json`;
const SERVICE_URL_KEYS = {
  identity: 'IDENTITY_URL',
  catalog: 'CATALOG_URL',
  inventory: 'INVENTORY_URL',
  cart: 'CART_URL',
  orders: 'ORDERS_URL',
  payments: 'PAYMENTS_URL',
} as const satisfies Record<string, keyof Env>;
const SERVICE_PORT_KEYS = {
  identity: 'IDENTITY_PORT',
  catalog: 'CATALOG_PORT',
  inventory: 'INVENTORY_PORT',
  cart: 'CART_PORT',
  orders: 'ORDERS_PORT',
  payments: 'PAYMENTS_PORT',
} as const satisfies Record<string, keyof Env>;

/** A domain service's base URL from the env (<DOMAIN>_URL), without a trailing slash. */
export const serviceUrlFromEnv = (domain: keyof typeof SERVICE_URL_KEYS, env: Env = getEnv()): string =>
  env[SERVICE_URL_KEYS[domain]].replace(/\/$/, '');
/** The port a domain service listens on when it runs on its own (<DOMAIN>_PORT). */
export const servicePortFromEnv = (domain: keyof typeof SERVICE_PORT_KEYS, env: Env = getEnv()): number => env[SERVICE_PORT_KEYS[domain]];

/** Where the payments service's Stripe SDK sends requests: the simulator unless real Stripe is configured. */
export const stripeApiUrl = (env: Env = getEnv()): string | undefined =>
  env.STRIPE_API_URL ?? (env.STRIPE_SECRET_KEY.startsWith('sk_test_omnicart') ? `http://127.0.0.1:${env.STRIPE_SIMULATOR_PORT}` : undefined);
export const isProduction = (env: Env = getEnv()): boolean => env.NODE_ENV === 'production';

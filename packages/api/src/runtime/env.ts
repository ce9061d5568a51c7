import { z } from 'zod';

/**
 * Environment handling every process shares. The runtime knows only its own settings (the core
 * below); each domain declares its fragment in its `config.ts`, the gateway in `gateway/config.ts`,
 * and the platform layer composes them into the one schema a process validates at start
 * (`platform/env.ts`). `process.env` is read here and in the platform layer only.
 */

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const url = (fallback: string) => z.url().default(fallback);
export const optionalUrl = () => z.url().optional();
export const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * A slice of the environment: its zod object, and the variables production must set explicitly
 * (reported with the other problems, e.g. `JWT_PRIVATE_KEY: is required when NODE_ENV=production (...)`).
 */
export interface ConfigFragment<TShape extends z.ZodRawShape = z.ZodRawShape> {
  schema: z.ZodObject<TShape>;
  /** Variable → what it is, for the message. */
  requiredInProduction?: Readonly<Record<string, string>>;
}

export function defineConfig<TShape extends z.ZodRawShape>(schema: z.ZodObject<TShape>, requiredInProduction?: Record<string, string>): ConfigFragment<TShape> {
  return requiredInProduction ? { schema, requiredInProduction } : { schema };
}

/** SERVICE_TOKEN's development default (production requires its own); tests that seal event secrets use it too. */
export const DEVELOPMENT_SERVICE_TOKEN = 'omnicart-dev-service-token';

/** What the runtime itself reads: logging, the database, the service mesh, the bus, shutdown. */
export const coreConfig = defineConfig(
  z.object({
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
    /**
     * Shared secret services present to each other (header x-omnicart-service-token) to call
     * internal procedures (reserve stock, charge a payment...). The gateway strips the header
     * from client requests and never routes internal procedures. Required in production.
     */
    SERVICE_TOKEN: z.string().min(16).default(DEVELOPMENT_SERVICE_TOKEN),
    /** Deadline of one service-to-service call unless the caller sets its own per operation (orders does: ORDERS_*_TIMEOUT_MS). */
    SERVICE_CALL_TIMEOUT_MS: positiveInt(10_000),
    /** Service-to-service circuit breaker (per caller and callee): consecutive timeouts or transport failures that open it. */
    SERVICE_CALL_BREAKER_THRESHOLD: positiveInt(5),
    /** How long an open service-to-service breaker fails calls at once before it lets one trial through. */
    SERVICE_CALL_BREAKER_OPEN_MS: positiveInt(5_000),
    /** Bulkhead: calls one service may have in flight to one callee; more fail at once with 503 UNAVAILABLE. */
    SERVICE_CALL_MAX_IN_FLIGHT: positiveInt(256),
    /** Timeout of one call the gateway forwards (services size their own waits below it). */
    UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
    /** Default: identity's `/.well-known/jwks.json` at IDENTITY_URL. */
    JWKS_URL: optionalUrl(),
    /**
     * How long the gateway and each service trust identity's answer about a user's session epoch
     * (runtime/auth.ts): the most a revoked access token (sign-out, password or role change,
     * disabled account) keeps working. At most 10 s; 0 asks identity on every request.
     */
    SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(10_000).default(2_000),

    /**
     * Event bus behind the transactional outboxes: RabbitMQ when RABBITMQ_URL is set (e.g.
     * amqp://guest:guest@127.0.0.1:5672), otherwise durable queues in PostgreSQL (schema events).
     */
    RABBITMQ_URL: optionalUrl(),
    /** How often an outbox relay and the PostgreSQL bus poll when nothing woke them. */
    EVENTS_POLL_MS: positiveInt(500),
    /**
     * A relay kicked within this many ms of its previous run waits for the end of that window and
     * publishes everything written meanwhile in one batch (a kick while idle still runs at once).
     * Under load this trades at most this much event latency for far fewer relay and consumer
     * round trips: 5 → 50 ms took the checkout benchmark from about 40 to about 50 orders/s.
     */
    EVENTS_COALESCE_MS: z.coerce.number().int().min(0).max(1_000).default(50),
    /**
     * RabbitMQ only: prefix of the exchange and queue names (`<ns>.omnicart.events`,
     * `<ns>.<consumer>`), so several platforms (e.g. test runs) can share one broker.
     */
    EVENTS_NAMESPACE: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
      .optional(),

    /** SIGTERM: how long in-flight requests may take before connections are cut. */
    SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
    /** Requests slower than this are logged at warn level. */
    SLOW_REQUEST_MS: positiveInt(1000),
  }),
  { SERVICE_TOKEN: 'a random secret shared by the services' },
);
export type CoreEnv = z.output<typeof coreConfig.schema>;

export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Merges fragments into one. A variable may appear in two fragments only as the very same schema
 * (a domain reusing another's setting); anything else is a programming error.
 */
export function mergeConfigs(fragments: readonly ConfigFragment[]): ConfigFragment {
  const shape: Record<string, z.ZodType> = {};
  const requiredInProduction: Record<string, string> = {};
  for (const fragment of fragments) {
    for (const [key, schema] of Object.entries(fragment.schema.shape) as Array<[string, z.ZodType]>) {
      if (key in shape && shape[key] !== schema) throw new Error(`Environment variable ${key} is declared twice with different rules`);
      shape[key] = schema;
    }
    Object.assign(requiredInProduction, fragment.requiredInProduction);
  }
  return { schema: z.object(shape), requiredInProduction };
}

/**
 * Parses an environment against a fragment. Empty strings mean unset (`DATABASE_URL= npm start`).
 * Throws EnvError listing every bad variable at once, production requirements included.
 */
export function parseEnv<T extends ConfigFragment>(fragment: T, source: Record<string, string | undefined>): z.output<T['schema']> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== '') cleaned[key] = value;
  const parsed = fragment.schema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const value = typeof issue.path[0] === 'string' ? cleaned[issue.path[0]] : undefined;
        const shown = value === undefined || /KEY|PASSWORD|SECRET|URL|TOKEN/.test(name) ? '' : ` (got "${value}")`;
        return `${name}: ${issue.message}${shown}`;
      });
  // Checked beside the schema so they are reported with the rest.
  if (cleaned.NODE_ENV === 'production') {
    for (const [name, what] of Object.entries(fragment.requiredInProduction ?? {})) {
      if (!cleaned[name]) problems.push(`${name}: is required when NODE_ENV=production (${what})`);
    }
  }
  if (parsed.success && problems.length === 0) return Object.freeze(parsed.data) as z.output<T['schema']>;
  throw new EnvError(problems);
}

/** For CLIs: run `load` and exit(1) with the readable message instead of a stack trace. */
export function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The process environment, for the layer that composes the schema (platform/env.ts). */
export const processEnv = (): Record<string, string | undefined> => process.env;

export const isProduction = (env: Pick<CoreEnv, 'NODE_ENV'>): boolean => env.NODE_ENV === 'production';

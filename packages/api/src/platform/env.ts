import { z } from 'zod';
import { gatewayConfig, type GatewayConfig } from '../gateway/index.js';
import { JWKS_PATH } from '../identity/index.js';
import { STRIPE_WEBHOOK_PATH } from '../payments/index.js';
import { EnvError, commaList, coreConfig, defineConfig, mergeConfigs, orExit, parseEnv, port, processEnv, url, type CoreEnv } from '../runtime/env.js';
import { DOMAINS, SERVICE_NAMES, type DomainName, type RegisteredDomain } from './registry.js';

/**
 * The platform's environment: the runtime's core settings, the gateway's, every registered
 * domain's fragment (its config.ts), and per domain `<NAME>_PORT` (its manifest's port) and
 * `<NAME>_URL` (where the others reach it). Validated once at start; a bad value stops the process
 * with every problem listed. This and runtime/env.ts are the only readers of process.env.
 */

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;
/** A fragment without variables parses to an index signature: keep only named variables. */
type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type SettingsOf<D> = D extends { config: { schema: infer S } } ? (S extends z.ZodType ? Known<z.output<S>> : never) : never;
type DomainSettings = UnionToIntersection<SettingsOf<RegisteredDomain>>;
type ServiceAddresses = { [K in `${Uppercase<DomainName>}_PORT`]: number } & { [K in `${Uppercase<DomainName>}_URL`]: string };
export type PlatformEnv = CoreEnv & GatewayConfig & DomainSettings & ServiceAddresses & { SERVICES: string[] };

const envName = (domain: string) => domain.toUpperCase();

/** `<NAME>_PORT` / `<NAME>_URL` of every domain, and SERVICES, from the registry. */
const addresses = defineConfig(
  z.object({
    ...Object.fromEntries(
      DOMAINS.flatMap((domain) => [
        [`${envName(domain.name)}_PORT`, port(domain.port)],
        [`${envName(domain.name)}_URL`, url(`http://127.0.0.1:${domain.port}`)],
      ]),
    ),
    /** `npm start`: which services this process hosts (default all). */
    SERVICES: commaList(SERVICE_NAMES.join(',')),
  }),
);

export const platformConfig = mergeConfigs([coreConfig, gatewayConfig, ...DOMAINS.map((domain) => domain.config), addresses]);

/** Parses an environment (default: process.env). Throws EnvError listing every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = processEnv()): PlatformEnv {
  return parseEnv(platformConfig, source) as PlatformEnv;
}

let current: PlatformEnv | undefined;

/** The validated environment of this process, read once. */
export function getEnv(): PlatformEnv {
  current ??= loadEnv();
  return current;
}

/**
 * Replaces the environment getEnv() answers (tests and the test platforms start services with e.g.
 * a small rate limit). `defaults` apply only where the process environment sets nothing.
 */
export function configureEnv(overrides: Record<string, string | undefined> = {}, defaults: Record<string, string> = {}): PlatformEnv {
  current = loadEnv({ ...defaults, ...processEnv(), ...overrides });
  return current;
}

/** For CLIs: validate now and exit(1) with the readable message instead of a stack trace. */
export const getEnvOrExit = (): PlatformEnv => orExit(getEnv);

export { EnvError };

/** A domain service's base URL from the env (<NAME>_URL), without a trailing slash. */
export function serviceUrlFromEnv(domain: DomainName, env: PlatformEnv = getEnv()): string {
  return ((env as unknown as Record<string, string>)[`${envName(domain)}_URL`] ?? '').replace(/\/$/, '');
}

/** The port a domain service listens on when it runs on its own (<NAME>_PORT). */
export function servicePortFromEnv(domain: DomainName, env: PlatformEnv = getEnv()): number {
  return (env as unknown as Record<string, number>)[`${envName(domain)}_PORT`] ?? 0;
}

/** Where access tokens' public keys are fetched: JWKS_URL, else identity's JWKS at IDENTITY_URL. */
export const jwksUrl = (env: PlatformEnv = getEnv()): string => env.JWKS_URL ?? `${serviceUrlFromEnv('identity', env)}${JWKS_PATH}`;

/** Where the Stripe simulator delivers webhooks: STRIPE_SIMULATOR_WEBHOOK_URL, else the payments service's endpoint. */
export const simulatorWebhookUrl = (env: PlatformEnv, paymentsUrl: string = serviceUrlFromEnv('payments', env)): string =>
  env.STRIPE_SIMULATOR_WEBHOOK_URL ?? `${paymentsUrl.replace(/\/$/, '')}${STRIPE_WEBHOOK_PATH}`;

/** A domain's own settings: the variables its config fragment declares. */
export function configOf(domain: Pick<RegisteredDomain, 'config'>, env: PlatformEnv): Record<string, unknown> {
  return Object.fromEntries(Object.keys(domain.config.schema.shape).map((key) => [key, env[key as keyof PlatformEnv]]));
}

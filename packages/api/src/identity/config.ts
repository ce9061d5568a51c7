import { z } from 'zod';
import { defineConfig, positiveInt } from '../runtime/env.js';

/** Identity's settings: its slice of the environment (see the README's table). */
export const identityConfig = defineConfig(
  z.object({
    /** PKCS8 PEM Ed25519 key; required in production (development generates and stores one). */
    JWT_PRIVATE_KEY: z.string().optional(),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
    /** Demo account passwords (seeded at start). */
    OMNICART_ADMIN_PASSWORD: z.string().min(8).default('omnicart-admin'),
    OMNICART_DEMO_PASSWORD: z.string().min(8).default('omnicart-demo'),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt(50),
    LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(900),
  }),
  { JWT_PRIVATE_KEY: 'PKCS8 PEM Ed25519 private key' },
);
export type IdentitySettings = z.output<typeof identityConfig.schema>;

/** Identity's tunables as the service uses them. */
export interface IdentityConfig {
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginFailureWindowSeconds: number;
  /** PKCS8 PEM of an Ed25519 key; absent in development, where a key is kept in the identity schema. */
  jwtPrivateKey?: string | undefined;
}

/** The agreed development defaults (see the env list in the README). */
export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  accessTokenTtlSeconds: 900,
  refreshTokenTtlDays: 30,
  loginMaxFailuresPerAccount: 5,
  loginMaxFailuresPerIp: 50,
  loginFailureWindowSeconds: 900,
};

/** The service's tunables from the validated settings. */
export function identityConfigFrom(settings: IdentitySettings): IdentityConfig {
  return {
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: settings.REFRESH_TOKEN_TTL_DAYS,
    loginMaxFailuresPerAccount: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerIp: settings.LOGIN_MAX_FAILURES_PER_IP,
    loginFailureWindowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS,
    jwtPrivateKey: settings.JWT_PRIVATE_KEY,
  };
}

export const DEMO_ADMIN = { email: 'admin@omnicart.test', name: 'OmniCart Admin', role: 'admin' } as const;
export const DEMO_CUSTOMER = { email: 'demo@omnicart.test', name: 'Demo Shopper', role: 'customer' } as const;

import { z } from 'zod';
import { defineConfig, positiveInt } from '../runtime/env.js';
import type { ThrottleLimits } from './throttle.js';

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
    /** Login throttling (see throttle.ts and the README): failures within the window... */
    LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(900),
    /** ...of one account from one address before that pair is refused (429) for the window. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: positiveInt(5),
    /** ...of one address across accounts before the address is refused. */
    LOGIN_MAX_FAILURES_PER_IP: positiveInt(50),
    /** ...of one account from every address before it slows to one check per interval. */
    LOGIN_ACCOUNT_SLOW_AFTER_FAILURES: positiveInt(20),
    LOGIN_ACCOUNT_SLOW_INTERVAL_SECONDS: positiveInt(10),
    /** Failed logins everywhere within LOGIN_GLOBAL_WINDOW_SECONDS before every address is paced. */
    LOGIN_GLOBAL_SLOW_AFTER_FAILURES: positiveInt(100),
    LOGIN_GLOBAL_WINDOW_SECONDS: positiveInt(60),
    LOGIN_GLOBAL_SLOW_INTERVAL_SECONDS: positiveInt(5),
    /** How long a staff invitation link works. */
    STAFF_INVITATION_TTL_HOURS: positiveInt(168),
  }),
  { JWT_PRIVATE_KEY: 'PKCS8 PEM Ed25519 private key' },
);
export type IdentitySettings = z.output<typeof identityConfig.schema>;

/** Identity's tunables as the service uses them. */
export interface IdentityConfig {
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Login throttling (throttle.ts). */
  loginThrottle: ThrottleLimits;
  /** PKCS8 PEM of an Ed25519 key; absent in development, where a key is kept in the identity schema. */
  jwtPrivateKey?: string | undefined;
  /** How long a staff invitation link works (hours). */
  staffInvitationTtlHours: number;
}

/** The agreed development defaults (see the env list in the README). */
export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  accessTokenTtlSeconds: 900,
  refreshTokenTtlDays: 30,
  loginThrottle: {
    windowSeconds: 900,
    maxPerAccountAndIp: 5,
    maxPerIp: 50,
    accountSlowAfter: 20,
    accountSlowIntervalSeconds: 10,
    globalSlowAfter: 100,
    globalWindowSeconds: 60,
    globalSlowIntervalSeconds: 5,
  },
  staffInvitationTtlHours: 168,
};

/** The service's tunables from the validated settings. */
export function identityConfigFrom(settings: IdentitySettings): IdentityConfig {
  return {
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: settings.REFRESH_TOKEN_TTL_DAYS,
    loginThrottle: {
      windowSeconds: settings.LOGIN_FAILURE_WINDOW_SECONDS,
      maxPerAccountAndIp: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
      maxPerIp: settings.LOGIN_MAX_FAILURES_PER_IP,
      accountSlowAfter: settings.LOGIN_ACCOUNT_SLOW_AFTER_FAILURES,
      accountSlowIntervalSeconds: settings.LOGIN_ACCOUNT_SLOW_INTERVAL_SECONDS,
      globalSlowAfter: settings.LOGIN_GLOBAL_SLOW_AFTER_FAILURES,
      globalWindowSeconds: settings.LOGIN_GLOBAL_WINDOW_SECONDS,
      globalSlowIntervalSeconds: settings.LOGIN_GLOBAL_SLOW_INTERVAL_SECONDS,
    },
    jwtPrivateKey: settings.JWT_PRIVATE_KEY,
    staffInvitationTtlHours: settings.STAFF_INVITATION_TTL_HOURS,
  };
}

/** The seeded owner (every permission, manages staff). */
export const DEMO_ADMIN = { email: 'admin@omnicart.test', name: 'OmniCart Admin', role: 'owner' } as const;
export const DEMO_CUSTOMER = { email: 'demo@omnicart.test', name: 'Demo Shopper', role: 'customer' } as const;

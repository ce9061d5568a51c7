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
    /**
     * Seconds after a refresh token is spent during which presenting it again (a concurrent refresh
     * from another tab or replica) issues a fresh pair in the same family instead of revoking it.
     */
    IDENTITY_REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
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
    /** How long a password-reset link works. */
    PASSWORD_RESET_TOKEN_TTL_MINUTES: positiveInt(30),
    /** Password-reset requests within the window... */
    PASSWORD_RESET_WINDOW_SECONDS: positiveInt(3600),
    /** ...for one e-mail beyond which no new link is sent (silently: the answer stays 202)... */
    PASSWORD_RESET_MAX_PER_EMAIL: positiveInt(3),
    /** ...and from one client address beyond which the address is refused (429). */
    PASSWORD_RESET_MAX_PER_IP: positiveInt(20),
  }),
  { JWT_PRIVATE_KEY: 'PKCS8 PEM Ed25519 private key' },
);
export type IdentitySettings = z.output<typeof identityConfig.schema>;

/** Identity's tunables as the service uses them. */
export interface IdentityConfig {
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** A spent refresh token presented again within this many seconds of its use gets a fresh pair (0: every reuse revokes the family). */
  refreshReuseGraceSeconds: number;
  /** Login throttling (throttle.ts). */
  loginThrottle: ThrottleLimits;
  /** PKCS8 PEM of an Ed25519 key; absent in development, where a key is kept in the identity schema. */
  jwtPrivateKey?: string | undefined;
  /** How long a staff invitation link works (hours). */
  staffInvitationTtlHours: number;
  /** "Forgot your password?" links and their throttles. */
  passwordReset: PasswordResetLimits;
}

export interface PasswordResetLimits {
  /** How long a link works. */
  tokenTtlMinutes: number;
  windowSeconds: number;
  /** Requests per e-mail within the window that send a link; later ones answer the same 202 and send nothing. */
  maxPerEmail: number;
  /** Requests per client address within the window; later ones answer 429. */
  maxPerIp: number;
}

/** The agreed development defaults (see the env list in the README). */
export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  accessTokenTtlSeconds: 900,
  refreshTokenTtlDays: 30,
  refreshReuseGraceSeconds: 30,
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
  passwordReset: { tokenTtlMinutes: 30, windowSeconds: 3600, maxPerEmail: 3, maxPerIp: 20 },
};

/** The service's tunables from the validated settings. */
export function identityConfigFrom(settings: IdentitySettings): IdentityConfig {
  return {
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: settings.REFRESH_TOKEN_TTL_DAYS,
    refreshReuseGraceSeconds: settings.IDENTITY_REFRESH_REUSE_GRACE_SECONDS,
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
    passwordReset: {
      tokenTtlMinutes: settings.PASSWORD_RESET_TOKEN_TTL_MINUTES,
      windowSeconds: settings.PASSWORD_RESET_WINDOW_SECONDS,
      maxPerEmail: settings.PASSWORD_RESET_MAX_PER_EMAIL,
      maxPerIp: settings.PASSWORD_RESET_MAX_PER_IP,
    },
  };
}

/** The seeded owner (every permission, manages staff). */
export const DEMO_ADMIN = { email: 'admin@omnicart.test', name: 'OmniCart Admin', role: 'owner' } as const;
export const DEMO_CUSTOMER = { email: 'demo@omnicart.test', name: 'Demo Shopper', role: 'customer' } as const;

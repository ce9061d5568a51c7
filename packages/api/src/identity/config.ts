/** Identity's tunables. The service host fills them from the validated environment. */
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

export const DEMO_ADMIN = { email: 'admin@omnicart.test', name: 'OmniCart Admin', role: 'admin' } as const;
export const DEMO_CUSTOMER = { email: 'demo@omnicart.test', name: 'Demo Shopper', role: 'customer' } as const;

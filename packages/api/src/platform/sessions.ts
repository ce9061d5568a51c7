import type { IdentityRouter } from '../identity/index.js';
import { createSessionStates, type SessionStates } from '../runtime/auth.js';
import { createServiceClient } from '../runtime/service-client.js';

/**
 * Session states (runtime/auth.ts) learnt from identity's internal `sessionState` procedure, with
 * the service token, cached per user for SESSION_CACHE_TTL_MS. The gateway and every service
 * check each access token's epoch against them; none reads identity's tables.
 */
export function identitySessionStates(options: {
  /** identity's base URL, resolved per call (a hosted identity may sit on an ephemeral port). */
  identityUrl: () => string;
  serviceToken: string;
  /** Who asks (logs, ctx.service in identity). */
  caller: string;
  ttlMs: number;
  /** One lookup's deadline: a slow identity must not hold every authenticated request. */
  timeoutMs?: number;
}): SessionStates {
  const client = createServiceClient<IdentityRouter>({
    url: options.identityUrl,
    caller: options.caller,
    token: options.serviceToken,
    timeoutMs: options.timeoutMs ?? 2_000,
  });
  return createSessionStates((userId) => client.sessionState.query({ userId }), { ttlMs: options.ttlMs });
}

import { describe, expect, it } from 'vitest';
import { createContextFactory, isTrustedProxyPeer } from './context.js';
import type { AccessTokenVerifier } from './auth.js';
import { DomainError } from './errors.js';
import { authedProcedure, createCallerFactory, router } from './trpc.js';

const anonymousOnly: AccessTokenVerifier = { verify: async () => ({ ok: false, reason: 'Access token is invalid' }) };

describe('request context', () => {
  it('takes the client address from X-Forwarded-For only when the gateway is the peer', async () => {
    const createContext = createContextFactory(anonymousOnly);
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    expect((await createContext({ headers, remoteAddress: '127.0.0.1' })).ip).toBe('203.0.113.7');
    expect((await createContext({ headers, remoteAddress: '::ffff:10.4.0.9' })).ip).toBe('203.0.113.7');
    expect((await createContext({ headers, remoteAddress: '198.51.100.20' })).ip).toBe('198.51.100.20');
  });

  it('recognises loopback and private peers only', () => {
    for (const trusted of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.1.1', 'fd12:3456::1']) {
      expect(isTrustedProxyPeer(trusted), trusted).toBe(true);
    }
    for (const untrusted of [undefined, '172.32.0.1', '8.8.8.8', '2001:db8::1', '::ffff:203.0.113.1']) {
      expect(isTrustedProxyPeer(untrusted), String(untrusted)).toBe(false);
    }
  });

  it('keeps the reason a presented token was refused', async () => {
    const ctx = await createContextFactory(anonymousOnly)({ headers: { authorization: 'Bearer abc' } });
    expect(ctx.user).toBeNull();
    expect(ctx.authError).toBe('Access token is invalid');
  });

  it('makes authed procedures answer UNAVAILABLE (503), not UNAUTHORIZED, when the session could not be checked', async () => {
    const unchecked: AccessTokenVerifier = { verify: async () => ({ ok: false, reason: 'Your session could not be checked right now; try again shortly', unavailable: true }) };
    const ctx = await createContextFactory(unchecked)({ headers: { authorization: 'Bearer abc' } });
    expect(ctx.authUnavailable).toBe(true);
    const caller = createCallerFactory(router({ me: authedProcedure.query(({ ctx: authed }) => authed.user.id) }));
    const error = await caller(ctx).me().catch((thrown: unknown) => thrown);
    expect((error as { cause?: unknown }).cause).toEqual(new DomainError('UNAVAILABLE', 'Your session could not be checked right now; try again shortly'));
    const refused = await caller(await createContextFactory(anonymousOnly)({ headers: { authorization: 'Bearer abc' } })).me().catch((thrown: unknown) => thrown);
    expect(((refused as { cause?: DomainError }).cause)?.code).toBe('UNAUTHORIZED');
  });
});

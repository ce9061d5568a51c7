import { SignJWT, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS } from '@omnicart/contracts';
import { generateSigningKey } from '../identity/keys.js';
import { createTestKeys } from '../testing/fakes.js';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  SESSION_EPOCH_CLAIM,
  SESSION_MESSAGES,
  createAccessTokenVerifier,
  createSessionStates,
  type SessionState,
} from './auth.js';

describe('access token verifier', () => {
  it('accepts a valid token, also from its cache, and rejects tampered and expired ones', async () => {
    const keys = await createTestKeys();
    const user = { id: 'u1', email: 'demo@omnicart.test', role: 'customer' as const, staffRole: null, permissions: [] };
    const token = await keys.sign(user, { expiresIn: '2s' });
    expect(await keys.verifier.verify(token)).toEqual({ ok: true, user });
    expect(await keys.verifier.verify(token)).toEqual({ ok: true, user });
    expect(await keys.verifier.verify(`${token.slice(0, -2)}xx`)).toEqual({ ok: false, reason: 'Access token is invalid' });
    const expired = await keys.sign(user, { expiresIn: Math.floor(Date.now() / 1000) - 1 });
    expect(await keys.verifier.verify(expired)).toEqual({ ok: false, reason: 'Access token has expired' });
    const wrongIssuer = await keys.sign(user, { issuer: 'someone-else' });
    expect((await keys.verifier.verify(wrongIssuer)).ok).toBe(false);
  });

  it('reads the staff role and its permissions from the token; a token from before staff roles (role admin) is an owner', async () => {
    const keys = await createTestKeys();
    const analyst = await keys.sign({ id: 'a1', email: 'a@b.c', role: 'analyst', permissions: ROLE_PERMISSIONS.analyst });
    expect(await keys.verifier.verify(analyst)).toEqual({
      ok: true,
      user: { id: 'a1', email: 'a@b.c', role: 'admin', staffRole: 'analyst', permissions: ROLE_PERMISSIONS.analyst },
    });
    const legacy = await keys.sign({ id: 'o1', email: 'o@b.c', role: 'admin' });
    expect(await keys.verifier.verify(legacy)).toEqual({ ok: true, user: { id: 'o1', email: 'o@b.c', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS } });
    // The token's own list is what counts (identity put it there); unknown names are dropped.
    const narrowed = await keys.sign({ id: 'm1', email: 'm@b.c', role: 'order_manager' }, { claims: { perms: ['orders:read', 'time:travel'] } });
    expect(await keys.verifier.verify(narrowed)).toMatchObject({ ok: true, user: { staffRole: 'order_manager', permissions: ['orders:read'] } });
    const badRole = await keys.sign({ id: 'x1', email: 'x@b.c', role: 'customer' }, { claims: { role: 'superuser' } });
    expect(await keys.verifier.verify(badRole)).toEqual({ ok: false, reason: 'Access token is missing required claims' });
    const badPerms = await keys.sign({ id: 'x1', email: 'x@b.c', role: 'owner' }, { claims: { perms: 'everything' } });
    expect(await keys.verifier.verify(badPerms)).toEqual({ ok: false, reason: 'Access token is missing required claims' });
  });

  it('stops accepting a cached token once it expires', async () => {
    const keys = await createTestKeys();
    const token = await keys.sign({ id: 'u1', email: 'a@b.c', role: 'admin' }, { expiresIn: Math.floor(Date.now() / 1000) + 1 });
    expect((await keys.verifier.verify(token)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await keys.verifier.verify(token)).toEqual({ ok: false, reason: 'Access token has expired' });
  });
});

describe('tokens without an expiry', () => {
  it('are refused, though signed with identity’s key', async () => {
    const key = await generateSigningKey();
    const privateKey = await importJWK(key.privateJwk, 'EdDSA');
    const verifier = createAccessTokenVerifier({ getKey: async () => ({ keys: [key.publicJwk] }) });
    const claims = { email: 'a@b.c', role: 'admin' };
    const base = () =>
      new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).setSubject('u1').setIssuer(ACCESS_TOKEN_ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE).setIssuedAt();
    const forever = await base().sign(privateKey);
    expect(await verifier.verify(forever)).toEqual({ ok: false, reason: 'Access token has no expiry (exp claim); sign in again' });
    // The same token with an expiry is fine: only the missing exp is refused.
    expect((await verifier.verify(await base().setExpirationTime('5m').sign(privateKey))).ok).toBe(true);
  });
});

describe('session epochs', () => {
  const user = { id: 'u1', email: 'a@b.c', role: 'admin' as const, staffRole: 'owner' as const, permissions: PERMISSIONS };

  async function setup(state: { current: SessionState | null | Error }, ttlMs = 2_000) {
    let clock = 1_000_000;
    let lookups = 0;
    const keys = await createTestKeys();
    const sessions = createSessionStates(
      async () => {
        lookups += 1;
        if (state.current instanceof Error) throw state.current;
        return state.current;
      },
      { ttlMs, staleIfErrorMs: 10_000, now: () => clock },
    );
    const errors: unknown[] = [];
    const verifier = createAccessTokenVerifier({ getKey: async () => keys.jwks }, { sessions, onSessionCheckError: (error) => errors.push(error) });
    return {
      keys,
      verifier,
      errors,
      advance: (ms: number) => {
        clock += ms;
      },
      lookups: () => lookups,
      sign: (epoch?: number) => keys.sign(user, epoch === undefined ? {} : { claims: { [SESSION_EPOCH_CLAIM]: epoch } }),
    };
  }

  it('accepts a token of the current epoch and asks identity once per user per TTL', async () => {
    const t = await setup({ current: { epoch: 3, disabled: false } });
    const token = await t.sign(3);
    expect(await t.verifier.verify(token)).toEqual({ ok: true, user });
    expect(await t.verifier.verify(token)).toEqual({ ok: true, user });
    expect(t.lookups()).toBe(1);
    t.advance(2_000);
    expect((await t.verifier.verify(token)).ok).toBe(true);
    expect(t.lookups()).toBe(2);
  });

  it('asks again, inside the TTL, for a token newer than the cached answer (signed in again after a change)', async () => {
    const state: { current: SessionState | null | Error } = { current: { epoch: 3, disabled: true } };
    const t = await setup(state);
    expect(await t.verifier.verify(await t.sign(3))).toEqual({ ok: false, reason: SESSION_MESSAGES.disabled });
    // An admin enables the account (the epoch moves on) and the user signs in again at once.
    state.current = { epoch: 4, disabled: false };
    expect(await t.verifier.verify(await t.sign(4))).toEqual({ ok: true, user });
    expect(t.lookups()).toBe(2);
    // The old token stays refused, from the fresh answer.
    expect(await t.verifier.verify(await t.sign(3))).toEqual({ ok: false, reason: SESSION_MESSAGES.revoked });
    expect(t.lookups()).toBe(2);
  });

  it('refuses a token of an older epoch once the cached answer is older than the TTL, also a cached token', async () => {
    const state: { current: SessionState | null | Error } = { current: { epoch: 0, disabled: false } };
    const t = await setup(state);
    const token = await t.sign(0);
    expect((await t.verifier.verify(token)).ok).toBe(true);
    state.current = { epoch: 1, disabled: false };
    // Inside the window the old answer holds: this is the most a revoked token keeps working.
    t.advance(1_999);
    expect((await t.verifier.verify(token)).ok).toBe(true);
    t.advance(1);
    expect(await t.verifier.verify(token)).toEqual({ ok: false, reason: SESSION_MESSAGES.revoked });
    expect(await t.verifier.verify(await t.sign(1))).toEqual({ ok: true, user });
  });

  it('treats a token without the claim as epoch 0', async () => {
    const t = await setup({ current: { epoch: 1, disabled: false } });
    expect(await t.verifier.verify(await t.sign())).toEqual({ ok: false, reason: SESSION_MESSAGES.revoked });
  });

  it('refuses tokens of a disabled or deleted account', async () => {
    const disabled = await setup({ current: { epoch: 0, disabled: true } });
    expect(await disabled.verifier.verify(await disabled.sign(0))).toEqual({ ok: false, reason: SESSION_MESSAGES.disabled });
    const deleted = await setup({ current: null });
    expect(await deleted.verifier.verify(await deleted.sign(0))).toEqual({ ok: false, reason: SESSION_MESSAGES.unknownUser });
  });

  it('uses a recent answer while identity is unreachable, then answers unavailable (not unauthorised)', async () => {
    const state: { current: SessionState | null | Error } = { current: { epoch: 0, disabled: false } };
    const t = await setup(state);
    const token = await t.sign(0);
    expect((await t.verifier.verify(token)).ok).toBe(true);
    state.current = new Error('connect ECONNREFUSED');
    t.advance(5_000);
    expect((await t.verifier.verify(token)).ok).toBe(true);
    t.advance(6_000);
    expect(await t.verifier.verify(token)).toEqual({ ok: false, reason: SESSION_MESSAGES.unavailable, unavailable: true });
    expect(t.errors).toHaveLength(1);
    const fresh = await setup({ current: new Error('down') });
    expect(await fresh.verifier.verify(await fresh.sign(0))).toEqual({ ok: false, reason: SESSION_MESSAGES.unavailable, unavailable: true });
  });

  it('sends one lookup for many concurrent requests of one user', async () => {
    const t = await setup({ current: { epoch: 0, disabled: false } });
    const token = await t.sign(0);
    const results = await Promise.all(Array.from({ length: 20 }, () => t.verifier.verify(token)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(t.lookups()).toBe(1);
  });

  it('refuses a non-integer epoch claim', async () => {
    const t = await setup({ current: { epoch: 0, disabled: false } });
    const token = await t.keys.sign(user, { claims: { [SESSION_EPOCH_CLAIM]: '0' } });
    expect(await t.verifier.verify(token)).toEqual({ ok: false, reason: 'Access token is missing required claims' });
  });
});

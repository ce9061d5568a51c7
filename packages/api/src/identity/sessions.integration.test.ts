import { SignJWT, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, SESSION_MESSAGES } from '../runtime/auth.js';
import { startTestPlatform } from '../testing/platform.js';

/**
 * Session epochs end to end: the gateway and the identity service (real processes' code, real
 * PostgreSQL) refuse access tokens issued before a demotion, a password change, a disable or a
 * logout within the session cache window, and refresh tokens of those sessions stop working.
 * Nothing is mocked: the test waits for the cache window to pass.
 */

const CACHE_TTL_MS = 1_000;
/** What the test allows beyond the TTL (lookups, scheduling on a loaded 2-core machine). */
const SLACK_MS = 1_500;

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let api: string;
let adminToken: string;

interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
}

async function call(method: string, path: string, options: { body?: unknown; token?: string; base?: string } = {}): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${options.base ?? api}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

let counter = 0;
async function signUp(label: string, password = 'password-123') {
  const email = `${label}.${++counter}.${Date.now().toString(36)}@sessions.example.com`;
  const registered = await call('POST', '/users/register', { body: { email, password, name: `Session ${label}` } });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { email, password, id: registered.body.id as string, ...(await login(email, password)) };
}

async function login(email: string, password: string) {
  const result = await call('POST', '/users/login', { body: { email, password } });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return { accessToken: result.body.accessToken as string, refreshToken: result.body.refreshToken as string };
}

/**
 * Polls GET /users/me with `token` until it is refused, and returns how long that took and the
 * refusal. Fails if the token still works after the cache window plus slack.
 */
async function refusedWithin(token: string, since: number, base?: string): Promise<{ afterMs: number; result: Call }> {
  for (;;) {
    const result = await call('GET', '/users/me', { token, ...(base ? { base } : {}) });
    const afterMs = Date.now() - since;
    if (result.status !== 200) return { afterMs, result };
    if (afterMs > CACHE_TTL_MS + SLACK_MS) throw new Error(`the token still works ${afterMs} ms after its session ended`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectUnauthorized(result: Call, message: string): void {
  expect(result.status, JSON.stringify(result.body)).toBe(401);
  expect(result.body).toEqual({ error: { code: 'UNAUTHORIZED', message } });
}

beforeAll(async () => {
  platform = await startTestPlatform({ catalogProducts: 0, env: { SESSION_CACHE_TTL_MS: String(CACHE_TTL_MS) } });
  api = `${platform.gatewayUrl.replace(/\/$/, '')}/api/v1`;
  adminToken = (await login('admin@omnicart.test', 'omnicart-admin')).accessToken;
});

afterAll(async () => {
  await platform?.stop();
});

describe('a demoted admin', () => {
  it('loses admin access within the cache window, at the gateway and at the service, and cannot refresh back', async () => {
    const ada = await signUp('ada');
    const bob = await signUp('bob');
    expect((await call('PUT', `/users/${ada.id}`, { token: adminToken, body: { role: 'admin' } })).status).toBe(200);
    const adaAdmin = await login(ada.email, ada.password);
    // Admin powers: reads another user's profile, through the gateway and at identity directly.
    expect((await call('GET', `/users/${bob.id}`, { token: adaAdmin.accessToken })).status).toBe(200);
    const direct = `${platform.identityUrl.replace(/\/$/, '')}/api/v1`;
    expect((await call('GET', `/users/${bob.id}`, { token: adaAdmin.accessToken, base: direct })).status).toBe(200);

    const demotedAt = Date.now();
    expect((await call('PUT', `/users/${ada.id}`, { token: adminToken, body: { role: 'customer' } })).body).toMatchObject({ role: 'customer' });
    const atGateway = await refusedWithin(adaAdmin.accessToken, demotedAt);
    expectUnauthorized(atGateway.result, SESSION_MESSAGES.revoked);
    expect(atGateway.afterMs).toBeLessThanOrEqual(CACHE_TTL_MS + SLACK_MS);
    const atService = await refusedWithin(adaAdmin.accessToken, demotedAt, direct);
    expectUnauthorized(atService.result, SESSION_MESSAGES.revoked);
    expectUnauthorized(await call('GET', `/users/${bob.id}`, { token: adaAdmin.accessToken }), SESSION_MESSAGES.revoked);

    // The demotion ended the admin sessions: no refresh into a token with the old role.
    const refreshed = await call('POST', '/users/refresh', { body: { refreshToken: adaAdmin.refreshToken } });
    expectUnauthorized(refreshed, 'Refresh token has been revoked; sign in again');
    // Signing in again gives a customer token, which works.
    const again = await login(ada.email, ada.password);
    expect((await call('GET', '/users/me', { token: again.accessToken })).body).toMatchObject({ role: 'customer' });
    expect((await call('GET', `/users/${bob.id}`, { token: again.accessToken })).status).toBe(404);
  });

  it('a promoted customer refreshes into an admin token (the old customer token is refused)', async () => {
    const cy = await signUp('cy');
    const promotedAt = Date.now();
    expect((await call('PUT', `/users/${cy.id}`, { token: adminToken, body: { role: 'admin' } })).status).toBe(200);
    expectUnauthorized((await refusedWithin(cy.accessToken, promotedAt)).result, SESSION_MESSAGES.revoked);
    const refreshed = await call('POST', '/users/refresh', { body: { refreshToken: cy.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user).toMatchObject({ role: 'admin' });
    expect((await call('GET', '/users/me', { token: refreshed.body.accessToken })).status).toBe(200);
  });
});

describe('a password change', () => {
  it('refuses access tokens issued before it within the cache window, and their refresh tokens', async () => {
    const dee = await signUp('dee');
    const otherDevice = await login(dee.email, dee.password);
    const changedAt = Date.now();
    expect((await call('PUT', `/users/${dee.id}`, { token: dee.accessToken, body: { password: 'password-456' } })).status).toBe(200);
    const refused = await refusedWithin(otherDevice.accessToken, changedAt);
    expectUnauthorized(refused.result, SESSION_MESSAGES.revoked);
    expect(refused.afterMs).toBeLessThanOrEqual(CACHE_TTL_MS + SLACK_MS);
    expectUnauthorized(await call('GET', '/users/me', { token: dee.accessToken }), SESSION_MESSAGES.revoked);
    expectUnauthorized(await call('POST', '/users/refresh', { body: { refreshToken: otherDevice.refreshToken } }), 'Refresh token has been revoked; sign in again');
    const fresh = await login(dee.email, 'password-456');
    expect((await call('GET', '/users/me', { token: fresh.accessToken })).status).toBe(200);
  });
});

describe('POST /api/v1/users/logout', () => {
  it('204; the access token is refused within the cache window and the refresh token at once', async () => {
    const eve = await signUp('eve');
    const loggedOutAt = Date.now();
    const out = await call('POST', '/users/logout', { token: eve.accessToken, body: { refreshToken: eve.refreshToken } });
    expect(out.status, JSON.stringify(out.body)).toBe(204);
    expectUnauthorized(await call('POST', '/users/refresh', { body: { refreshToken: eve.refreshToken } }), 'Refresh token has been revoked; sign in again');
    const refused = await refusedWithin(eve.accessToken, loggedOutAt);
    expectUnauthorized(refused.result, SESSION_MESSAGES.revoked);
    expect(refused.afterMs).toBeLessThanOrEqual(CACHE_TTL_MS + SLACK_MS);
    // Idempotent: the ended session's refresh token still signs out (204).
    expect((await call('POST', '/users/logout', { body: { refreshToken: eve.refreshToken } })).status).toBe(204);
    // Signing in again works.
    const again = await login(eve.email, eve.password);
    expect((await call('GET', '/users/me', { token: again.accessToken })).status).toBe(200);
  });

  it('works with the refresh token alone (an expired access token) and revokes only that login’s refresh tokens', async () => {
    const fay = await signUp('fay');
    const laptop = await login(fay.email, fay.password);
    expect((await call('POST', '/users/logout', { body: { refreshToken: fay.refreshToken } })).status).toBe(204);
    expectUnauthorized(await call('POST', '/users/refresh', { body: { refreshToken: fay.refreshToken } }), 'Refresh token has been revoked; sign in again');
    // The other login keeps its refresh token and refreshes into the new epoch.
    const refreshed = await call('POST', '/users/refresh', { body: { refreshToken: laptop.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await call('GET', '/users/me', { token: refreshed.body.accessToken })).status).toBe(200);
  });

  it('401 without any credential or with an unknown refresh token; 400 on a malformed one', async () => {
    expectUnauthorized(
      await call('POST', '/users/logout', { body: {} }),
      'Send the access token (Authorization: Bearer) or the refresh token to sign out',
    );
    expectUnauthorized(await call('POST', '/users/logout', { body: { refreshToken: 'not-a-token' } }), 'Refresh token is invalid');
    const bad = await call('POST', '/users/logout', { body: { refreshToken: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('is also the tRPC mutation identity.logout', async () => {
    const gus = await signUp('gus');
    const loggedOutAt = Date.now();
    const response = await fetch(`${platform.gatewayUrl.replace(/\/$/, '')}/trpc/identity/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gus.accessToken}` },
      body: JSON.stringify({ refreshToken: gus.refreshToken }),
    });
    expect(response.status).toBe(200);
    expectUnauthorized(await call('POST', '/users/refresh', { body: { refreshToken: gus.refreshToken } }), 'Refresh token has been revoked; sign in again');
    expectUnauthorized((await refusedWithin(gus.accessToken, loggedOutAt)).result, SESSION_MESSAGES.revoked);
  });
});

describe('a disabled account', () => {
  it('cannot use its tokens, refresh or sign in until an admin enables it again', async () => {
    const hal = await signUp('hal');
    const disabledAt = Date.now();
    const disabled = await call('PUT', `/users/${hal.id}`, { token: adminToken, body: { disabled: true } });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body).toMatchObject({ id: hal.id, disabled: true });
    const refused = await refusedWithin(hal.accessToken, disabledAt);
    expectUnauthorized(refused.result, SESSION_MESSAGES.disabled);
    expect(refused.afterMs).toBeLessThanOrEqual(CACHE_TTL_MS + SLACK_MS);
    expectUnauthorized(await call('POST', '/users/refresh', { body: { refreshToken: hal.refreshToken } }), 'Refresh token has been revoked; sign in again');
    expectUnauthorized(await call('POST', '/users/login', { body: { email: hal.email, password: hal.password } }), 'This account is disabled');
    // A wrong password still gets the usual answer: the disabled state is told only to the owner.
    expectUnauthorized(await call('POST', '/users/login', { body: { email: hal.email, password: 'wrong-password' } }), 'Invalid email or password');

    expect((await call('PUT', `/users/${hal.id}`, { token: adminToken, body: { disabled: false } })).body).toMatchObject({ disabled: false });
    const back = await login(hal.email, hal.password);
    expect((await call('GET', '/users/me', { token: back.accessToken })).body).toMatchObject({ id: hal.id, disabled: false });
  });

  it('403 when a customer tries to disable anyone, or an admin themselves', async () => {
    const ivy = await signUp('ivy');
    const result = await call('PUT', `/users/${ivy.id}`, { token: ivy.accessToken, body: { disabled: true } });
    expect(result.status).toBe(403);
    expect(result.body.error).toEqual({ code: 'FORBIDDEN', message: 'Disabling or enabling this account requires the customers:write permission' });
    const me = await call('GET', '/users/me', { token: adminToken });
    const self = await call('PUT', `/users/${me.body.id}`, { token: adminToken, body: { disabled: true } });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('You cannot disable your own account');
  });
});

describe('access tokens without an expiry', () => {
  it('are refused by the gateway and the services, though signed with identity’s key', async () => {
    const jo = await signUp('jo');
    const { rows } = await platform.pool.query<{ kid: string; private_jwk: JWK }>(
      'SELECT kid, private_jwk FROM identity.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
    );
    const key = rows[0]!;
    const forever = await new SignJWT({ email: jo.email, role: 'admin', sev: 0 })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
      .setSubject(jo.id)
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .sign(await importJWK(key.private_jwk, 'EdDSA'));
    const message = 'Access token has no expiry (exp claim); sign in again';
    expectUnauthorized(await call('GET', '/users/me', { token: forever }), message);
    expectUnauthorized(await call('GET', '/users/me', { token: forever, base: `${platform.identityUrl.replace(/\/$/, '')}/api/v1` }), message);
  });
});

import { randomUUID } from 'node:crypto';
import { SignJWT, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../runtime/auth.js';
import { DEVELOPMENT_SERVICE_TOKEN } from '../runtime/env.js';
import { openSecret } from '../runtime/sealed.js';
import { startTestPlatform } from '../testing/platform.js';

/**
 * Every /api/v1/users route through the gateway, against a real platform (fresh database,
 * identity and catalog services, gateway). All requests come from 127.0.0.1, so the main
 * platform allows many failures per address; per-address throttling gets its own platform.
 */

const MAX_PER_ACCOUNT_AND_IP = 3;
/** No pacing from the global ceiling here: every request of these suites comes from one address. */
const NO_GLOBAL_CEILING = { LOGIN_GLOBAL_SLOW_AFTER_FAILURES: '100000', LOGIN_ACCOUNT_SLOW_AFTER_FAILURES: '100000' };

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let api: string;

interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; token?: string; authorization?: string; base?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization) headers.authorization = options.authorization;
  const response = await fetch(`${options.base ?? api}${path}`, {
    method,
    headers,
    ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

function expectError(result: Call, status: number, code: string, message?: RegExp | string): void {
  expect(result.status, JSON.stringify(result.body)).toBe(status);
  expect(result.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(Object.keys(result.body.error).filter((key) => !['code', 'message', 'details'].includes(key))).toEqual([]);
  expect(JSON.stringify(result.body)).not.toMatch(/stack|SELECT|prisma|argon2/i);
  if (message instanceof RegExp) expect(result.body.error.message).toMatch(message);
  else if (message !== undefined) expect(result.body.error.message).toBe(message);
}

let emailCounter = 0;
const uniqueEmail = (label: string) => `${label}.${++emailCounter}.${Date.now().toString(36)}@rest.example.com`;

async function signUp(label: string, password = 'password-123') {
  const email = uniqueEmail(label);
  const registered = await call('POST', '/users/register', { body: { email, password, name: `Rest ${label}` } });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const login = await call('POST', '/users/login', { body: { email, password } });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return {
    email,
    password,
    id: registered.body.id as string,
    accessToken: login.body.accessToken as string,
    refreshToken: login.body.refreshToken as string,
  };
}

async function userCount(): Promise<number> {
  const { rows } = await platform.pool.query<{ count: string }>('SELECT count(*) FROM identity.users');
  return Number(rows[0]!.count);
}

/** A token signed with identity's real key but already expired. */
async function expiredTokenFor(user: { id: string; email: string }): Promise<string> {
  const { rows } = await platform.pool.query<{ kid: string; private_jwk: JWK }>(
    'SELECT kid, private_jwk FROM identity.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
  );
  const key = rows[0]!;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: user.email, role: 'customer' })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(now - 3600)
    .setExpirationTime(now - 1800)
    .sign(await importJWK(key.private_jwk, 'EdDSA'));
}

beforeAll(async () => {
  platform = await startTestPlatform({
    catalogProducts: 0,
    env: { LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: String(MAX_PER_ACCOUNT_AND_IP), LOGIN_MAX_FAILURES_PER_IP: '100000', ...NO_GLOBAL_CEILING },
  });
  api = `${platform.gatewayUrl.replace(/\/$/, '')}/api/v1`;
});

afterAll(async () => {
  await platform?.stop();
});

describe('POST /api/v1/users/register', () => {
  it('201 with the new customer', async () => {
    const email = uniqueEmail('reg');
    const result = await call('POST', '/users/register', { body: { email, password: 'password-123', name: ' Reggie ' } });
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ id: expect.any(String), email, name: 'Reggie', role: 'customer', staffRole: null, permissions: [], disabled: false, createdAt: expect.any(String) });
    expect(new Date(result.body.createdAt).toISOString()).toBe(result.body.createdAt);
  });

  it('ignores a role in the body: the account is a customer', async () => {
    const result = await call('POST', '/users/register', {
      body: { email: uniqueEmail('role'), password: 'password-123', name: 'Wannabe', role: 'admin' },
    });
    expect(result.status).toBe(201);
    expect(result.body.role).toBe('customer');
  });

  it('409 on a taken email, in any case', async () => {
    const email = uniqueEmail('taken');
    expect((await call('POST', '/users/register', { body: { email, password: 'password-123', name: 'One' } })).status).toBe(201);
    expectError(await call('POST', '/users/register', { body: { email, password: 'password-123', name: 'Two' } }), 409, 'CONFLICT');
    expectError(
      await call('POST', '/users/register', { body: { email: email.toUpperCase(), password: 'password-123', name: 'Three' } }),
      409,
      'CONFLICT',
      'An account with this email already exists',
    );
  });

  it.each([
    ['an invalid email', { email: 'not-an-email', password: 'password-123', name: 'X' }, /email/i],
    ['a password shorter than 8', { email: 'short.pw@rest.example.com', password: 'seven77', name: 'X' }, /password/i],
    ['a missing name', { email: 'noname@rest.example.com', password: 'password-123' }, /name/i],
    ['a name over 100 characters', { email: 'longname@rest.example.com', password: 'password-123', name: 'n'.repeat(101) }, /name/i],
    ['a password over 200 characters', { email: 'longpw@rest.example.com', password: 'p'.repeat(201), name: 'X' }, /password/i],
  ])('400 on %s, nothing written', async (_label, body, message) => {
    const before = await userCount();
    expectError(await call('POST', '/users/register', { body }), 400, 'VALIDATION_FAILED', message);
    expect(await userCount()).toBe(before);
  });

  it('400 on a body that is not JSON', async () => {
    const before = await userCount();
    expectError(await call('POST', '/users/register', { rawBody: '{"email": ' }), 400, 'VALIDATION_FAILED');
    expect(await userCount()).toBe(before);
  });
});

describe('POST /api/v1/users/login', () => {
  it('200 with a bearer token pair and the user', async () => {
    const email = uniqueEmail('login');
    await call('POST', '/users/register', { body: { email, password: 'password-123', name: 'Lou' } });
    const result = await call('POST', '/users/login', { body: { email: email.toUpperCase(), password: 'password-123' } });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      user: { id: expect.any(String), email, name: 'Lou', role: 'customer', staffRole: null, permissions: [], disabled: false, createdAt: expect.any(String) },
    });
  });

  it('signs in the seeded demo accounts', async () => {
    const admin = await call('POST', '/users/login', { body: { email: 'admin@omnicart.test', password: 'omnicart-admin' } });
    expect(admin.status).toBe(200);
    expect(admin.body.user).toMatchObject({ role: 'admin', name: 'OmniCart Admin' });
    const demo = await call('POST', '/users/login', { body: { email: 'demo@omnicart.test', password: 'omnicart-demo' } });
    expect(demo.status).toBe(200);
    expect(demo.body.user).toMatchObject({ role: 'customer', name: 'Demo Shopper' });
  });

  it('401 with the same body for a wrong password and an unknown email', async () => {
    const { email } = await signUp('same');
    const wrong = await call('POST', '/users/login', { body: { email, password: 'wrong-password' } });
    const unknown = await call('POST', '/users/login', { body: { email: uniqueEmail('ghost'), password: 'wrong-password' } });
    expectError(wrong, 401, 'UNAUTHORIZED', 'Invalid email or password');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('400 on a malformed body', async () => {
    expectError(await call('POST', '/users/login', { body: { email: 'x' } }), 400, 'VALIDATION_FAILED');
  });

  it('429 once one account failed too often from one address, even with the right password', async () => {
    const { email, password } = await signUp('locked');
    for (let attempt = 0; attempt < MAX_PER_ACCOUNT_AND_IP; attempt++) {
      expect((await call('POST', '/users/login', { body: { email, password: 'wrong-password' } })).status).toBe(401);
    }
    const blocked = await call('POST', '/users/login', { body: { email, password } });
    expectError(blocked, 429, 'TOO_MANY_REQUESTS', /try again/);
    expect(blocked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('POST /api/v1/users/login, per-address throttling', () => {
  const MAX_PER_IP = 4;
  let throttled: Platform;
  let base: string;

  beforeAll(async () => {
    throttled = await startTestPlatform({
      catalogProducts: 0,
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '100000', LOGIN_MAX_FAILURES_PER_IP: String(MAX_PER_IP), ...NO_GLOBAL_CEILING },
    });
    base = `${throttled.gatewayUrl.replace(/\/$/, '')}/api/v1`;
  });

  afterAll(async () => {
    await throttled?.stop();
  });

  it('429 once one address failed too often, across accounts', async () => {
    const email = uniqueEmail('bystander');
    const password = 'password-123';
    expect((await call('POST', '/users/register', { base, body: { email, password, name: 'Bystander' } })).status).toBe(201);
    for (let attempt = 0; attempt < MAX_PER_IP; attempt++) {
      const result = await call('POST', '/users/login', { base, body: { email: uniqueEmail('spray'), password: 'wrong-password' } });
      expect(result.status).toBe(401);
    }
    const blocked = await call('POST', '/users/login', { base, body: { email, password } });
    expectError(blocked, 429, 'TOO_MANY_REQUESTS');
    expect(blocked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('sign-ins through a BFF (the storefront, the admin): a trusted proxy for its users', () => {
  const MAX_PER_IP = 4;
  const SERVICE_TOKEN = 'bff-test-service-token-0123456789';
  let throttled: Platform;

  beforeAll(async () => {
    throttled = await startTestPlatform({
      catalogProducts: 0,
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: String(MAX_PER_ACCOUNT_AND_IP),
        LOGIN_MAX_FAILURES_PER_IP: String(MAX_PER_IP),
        PASSWORD_RESET_MAX_PER_IP: String(MAX_PER_IP),
        SERVICE_TOKEN,
        ...NO_GLOBAL_CEILING,
      },
    });
  });

  afterAll(async () => {
    await throttled?.stop();
  });

  /**
   * identity.login the way @omnicart/bff calls it (service-clients.ts `callerHeaders`): from the
   * app server's address (here 127.0.0.1, like every storefront sign-in), with the service token
   * and the shopper's address in X-Forwarded-For.
   */
  async function loginViaBff(shopper: string, input: { email: string; password: string }, token = SERVICE_TOKEN) {
    const response = await fetch(`${throttled.gatewayUrl.replace(/\/$/, '')}/trpc/identity/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-omnicart-service-token': token, 'x-omnicart-service': 'storefront', 'x-forwarded-for': shopper },
      body: JSON.stringify(input),
    });
    return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
  }

  const register = async (label: string) => {
    const email = uniqueEmail(label);
    const base = `${throttled.gatewayUrl.replace(/\/$/, '')}/api/v1`;
    expect((await call('POST', '/users/register', { base, body: { email, password: 'password-123', name: `BFF ${label}` } })).status).toBe(201);
    return { email, password: 'password-123' };
  };

  it('one attacker’s failures through the storefront do not block another shopper', async () => {
    const shopper = await register('shopper');
    // Until issue #10 every storefront sign-in reached identity from 127.0.0.1: these failures
    // locked out every shopper.
    for (let attempt = 0; attempt < MAX_PER_IP; attempt++) {
      expect((await loginViaBff('203.0.113.66', { email: uniqueEmail('stuffed'), password: 'wrong-password' })).status).toBe(401);
    }
    const attacker = await loginViaBff('203.0.113.66', shopper);
    expect(attacker.status).toBe(429);
    expect(attacker.body.error.data).toMatchObject({ domainCode: 'TOO_MANY_REQUESTS' });
    const signedIn = await loginViaBff('198.51.100.23', shopper);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.result.data.user.email).toBe(shopper.email);
  });

  it('a caller without the service token cannot choose the address identity counts', async () => {
    // All of these come from 127.0.0.1, whatever X-Forwarded-For says: the per-address limit holds.
    const base = `${throttled.gatewayUrl.replace(/\/$/, '')}/api/v1`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= MAX_PER_IP; attempt++) {
      const response = await fetch(`${base}/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${attempt + 1}` },
        body: JSON.stringify({ email: uniqueEmail('spoof'), password: 'wrong-password' }),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, MAX_PER_IP).every((status) => status === 401 || status === 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // A wrong token is no better.
    expect((await loginViaBff('198.51.100.99', { email: uniqueEmail('spoof'), password: 'wrong-password' }, 'not-the-service-token-at-all')).status).toBe(429);
  });

  it('password reset: 429 with retryAfterSeconds for the shopper address that asked too often, not for another; links sealed with SERVICE_TOKEN', async () => {
    const shopper = await register('reset-shopper');
    const requestViaBff = async (address: string, email: string) => {
      const response = await fetch(`${throttled.gatewayUrl.replace(/\/$/, '')}/trpc/identity/requestPasswordReset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-omnicart-service-token': SERVICE_TOKEN, 'x-omnicart-service': 'storefront', 'x-forwarded-for': address },
        body: JSON.stringify({ email }),
      });
      return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
    };
    for (let request = 0; request < MAX_PER_IP; request += 1) {
      expect((await requestViaBff('203.0.113.80', uniqueEmail('reset-spray'))).status).toBe(200);
    }
    const refused = await requestViaBff('203.0.113.80', shopper.email);
    expect(refused.status).toBe(429);
    expect(refused.body.error.data).toMatchObject({ domainCode: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect(await resetTokenFor(throttled.pool, shopper.email, SERVICE_TOKEN)).toBeNull();

    expect((await requestViaBff('198.51.100.80', shopper.email)).status).toBe(200);
    expect(await resetTokenFor(throttled.pool, shopper.email, SERVICE_TOKEN)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Over REST (from 127.0.0.1, no service token) the same limit answers 429 with details.
    const base = `${throttled.gatewayUrl.replace(/\/$/, '')}/api/v1`;
    let last: Call | undefined;
    for (let request = 0; request <= MAX_PER_IP; request += 1) last = await call('POST', '/users/password-reset', { base, body: { email: uniqueEmail('reset-rest') } });
    expectError(last!, 429, 'TOO_MANY_REQUESTS', /^Too many password reset requests from this address; try again in \d+ seconds$/);
    expect(last!.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('counts every login of a tRPC batch against the limits (no per-request shortcut)', async () => {
    const victim = await register('batch');
    const operations = 8;
    const input = Object.fromEntries(Array.from({ length: operations }, (_, index) => [index, { email: victim.email, password: 'wrong-password' }]));
    const response = await fetch(`${throttled.gatewayUrl.replace(/\/$/, '')}/trpc/identity/${Array(operations).fill('login').join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-omnicart-service-token': SERVICE_TOKEN, 'x-forwarded-for': '198.51.100.77' },
      body: JSON.stringify(input),
    });
    const results = (await response.json()) as Array<{ error?: { data: { httpStatus: number } } }>;
    const statuses = results.map((result) => result.error?.data.httpStatus);
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_PER_ACCOUNT_AND_IP);
    expect(statuses.filter((status) => status === 429)).toHaveLength(operations - MAX_PER_ACCOUNT_AND_IP);
  });
});

/** The token of the newest reset link sent to `email`, as notifications opens it from the event. */
async function resetTokenFor(pool: Platform['pool'], email: string, serviceToken: string): Promise<string | null> {
  const { rows } = await pool.query<{ payload: { sealedToken: string } }>(
    `SELECT payload FROM identity.outbox_events WHERE type = 'identity.password_reset_requested' AND payload->>'email' = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    [email],
  );
  return rows[0] ? openSecret(rows[0].payload.sealedToken, serviceToken) : null;
}

describe('POST /api/v1/users/password-reset and /password-reset/confirm', () => {
  const LINK_INVALID = 'This reset link is invalid or has expired; ask for a new one.';

  it('202 with the same body for an unknown email and an account; the emailed token sets a new password once and ends the sessions', async () => {
    const user = await signUp('reset');
    const unknown = await call('POST', '/users/password-reset', { body: { email: uniqueEmail('nobody') } });
    const known = await call('POST', '/users/password-reset', { body: { email: user.email } });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(known.body).toEqual({ message: 'If an account exists for that email, we have sent a link to reset its password.' });

    const token = await resetTokenFor(platform.pool, user.email, DEVELOPMENT_SERVICE_TOKEN);
    expect(token).toEqual(expect.any(String));
    const confirmed = await call('POST', '/users/password-reset/confirm', { body: { token, password: 'brand-new-secret' } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toEqual({ email: user.email, message: 'Your password has been changed. You are signed out everywhere else.' });

    expect((await call('POST', '/users/login', { body: { email: confirmed.body.email, password: 'brand-new-secret' } })).status).toBe(200);
    expectError(await call('POST', '/users/refresh', { body: { refreshToken: user.refreshToken } }), 401, 'UNAUTHORIZED', 'Refresh token has been revoked; sign in again');
    expectError(await call('POST', '/users/password-reset/confirm', { body: { token, password: 'another-new-secret' } }), 400, 'VALIDATION_FAILED', LINK_INVALID);
  });

  it('400 for an unknown or malformed token, a weak password, a bad email', async () => {
    expectError(await call('POST', '/users/password-reset/confirm', { body: { token: 'x'.repeat(43), password: 'brand-new-secret' } }), 400, 'VALIDATION_FAILED', LINK_INVALID);
    expectError(await call('POST', '/users/password-reset/confirm', { body: { token: 'x'.repeat(600), password: 'brand-new-secret' } }), 400, 'VALIDATION_FAILED', `token: ${LINK_INVALID}`);
    expectError(await call('POST', '/users/password-reset/confirm', { body: { token: 'x'.repeat(43), password: 'short' } }), 400, 'VALIDATION_FAILED', 'password: Password must be at least 8 characters');
    expectError(await call('POST', '/users/password-reset', { body: { email: 'nope' } }), 400, 'VALIDATION_FAILED', 'email: Invalid email address');
  });
});

describe('POST /api/v1/users/refresh', () => {
  it('200 with a new pair; a spent token again within the reuse grace gets a pair too, after it the reuse revokes the family', async () => {
    const { refreshToken, id } = await signUp('refresh');
    const second = await call('POST', '/users/refresh', { body: { refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { role: 'customer' } });
    expect(second.body.refreshToken).not.toBe(refreshToken);
    const me = await call('GET', '/users/me', { token: second.body.accessToken });
    expect(me.status).toBe(200);

    const third = await call('POST', '/users/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(third.status).toBe(200);

    // A racing refresh (another tab, another replica) with the just-spent token: no false alarm.
    expect((await call('POST', '/users/refresh', { body: { refreshToken } })).status).toBe(200);
    // Past IDENTITY_REFRESH_REUSE_GRACE_SECONDS (30 s), the same reuse is a stolen copy.
    await platform.pool.query("UPDATE identity.refresh_tokens SET used_at = used_at - interval '1 minute' WHERE user_id = $1 AND used_at IS NOT NULL", [id]);
    expectError(await call('POST', '/users/refresh', { body: { refreshToken } }), 401, 'UNAUTHORIZED', /already used/);
    expectError(await call('POST', '/users/refresh', { body: { refreshToken: third.body.refreshToken } }), 401, 'UNAUTHORIZED', /revoked/);
  });

  it('401 on an unknown token, 400 on a missing one', async () => {
    expectError(await call('POST', '/users/refresh', { body: { refreshToken: 'A'.repeat(43) } }), 401, 'UNAUTHORIZED');
    expectError(await call('POST', '/users/refresh', { body: {} }), 400, 'VALIDATION_FAILED');
  });
});

describe('GET /api/v1/users/me', () => {
  it('200 with the caller', async () => {
    const user = await signUp('me');
    const result = await call('GET', '/users/me', { token: user.accessToken });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ id: user.id, email: user.email, name: 'Rest me', role: 'customer', staffRole: null, permissions: [], disabled: false, createdAt: expect.any(String) });
  });

  it('401 without a token', async () => {
    expectError(await call('GET', '/users/me'), 401, 'UNAUTHORIZED');
  });

  it.each([
    ['a non-Bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer without a token', 'Bearer'],
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['a JWT with garbage segments', 'Bearer aaa.bbb.ccc'],
  ])('401 with %s', async (_label, authorization) => {
    expectError(await call('GET', '/users/me', { authorization }), 401, 'UNAUTHORIZED');
  });

  it('401 with an expired token', async () => {
    const user = await signUp('expired');
    expectError(await call('GET', '/users/me', { token: await expiredTokenFor(user) }), 401, 'UNAUTHORIZED', /expired/);
  });

  it('401 with a tampered token (payload changed, signature kept)', async () => {
    const user = await signUp('tampered');
    const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expectError(await call('GET', '/users/me', { token: `${header}.${forged}.${signature}` }), 401, 'UNAUTHORIZED');
    expectError(await call('GET', '/users/me', { token: `${user.accessToken.slice(0, -4)}AAAA` }), 401, 'UNAUTHORIZED');
  });
});

describe('GET /api/v1/users/{id}', () => {
  it('200 for oneself and for an admin; 404 for another customer (IDOR)', async () => {
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    expect((await call('GET', `/users/${alice.id}`, { token: alice.accessToken })).body).toMatchObject({ id: alice.id });
    expectError(await call('GET', `/users/${bob.id}`, { token: alice.accessToken }), 404, 'NOT_FOUND', 'User not found');
    // Indistinguishable from an id that does not exist.
    expectError(await call('GET', `/users/${randomUUID()}`, { token: alice.accessToken }), 404, 'NOT_FOUND', 'User not found');

    const admin = await call('POST', '/users/login', { body: { email: 'admin@omnicart.test', password: 'omnicart-admin' } });
    const asAdmin = await call('GET', `/users/${bob.id}`, { token: admin.body.accessToken });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({ id: bob.id, email: bob.email, role: 'customer' });
  });

  it('401 without a token, 400 on a malformed id', async () => {
    const carol = await signUp('carol');
    expectError(await call('GET', `/users/${carol.id}`), 401, 'UNAUTHORIZED');
    expectError(await call('GET', '/users/not-a-uuid', { token: carol.accessToken }), 400, 'VALIDATION_FAILED');
  });
});

describe('PUT /api/v1/users/{id}', () => {
  it('200 when a user updates their own name and email', async () => {
    const dave = await signUp('dave');
    const email = uniqueEmail('dave.new');
    const result = await call('PUT', `/users/${dave.id}`, { token: dave.accessToken, body: { name: 'David', email: email.toUpperCase() } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: dave.id, name: 'David', email, role: 'customer' });
  });

  it('403 when a customer tries to change their role, and nothing changes', async () => {
    const erin = await signUp('erin');
    expectError(await call('PUT', `/users/${erin.id}`, { token: erin.accessToken, body: { role: 'admin' } }), 403, 'FORBIDDEN', /staff:manage/);
    expect((await call('GET', '/users/me', { token: erin.accessToken })).body.role).toBe('customer');
  });

  it('404 when a customer updates someone else (IDOR)', async () => {
    const frank = await signUp('frank');
    const grace = await signUp('grace');
    expectError(await call('PUT', `/users/${grace.id}`, { token: frank.accessToken, body: { name: 'Pwned' } }), 404, 'NOT_FOUND');
    const admin = await call('POST', '/users/login', { body: { email: 'admin@omnicart.test', password: 'omnicart-admin' } });
    expect((await call('GET', `/users/${grace.id}`, { token: admin.body.accessToken })).body.name).toBe('Rest grace');
  });

  it('200 when an admin changes a role', async () => {
    const heidi = await signUp('heidi');
    const admin = await call('POST', '/users/login', { body: { email: 'admin@omnicart.test', password: 'omnicart-admin' } });
    const result = await call('PUT', `/users/${heidi.id}`, { token: admin.body.accessToken, body: { role: 'admin' } });
    expect(result.status).toBe(200);
    expect(result.body.role).toBe('admin');
  });

  it('409 on an email another account uses; 400 on invalid fields; 401 without a token', async () => {
    const ivan = await signUp('ivan');
    const judy = await signUp('judy');
    expectError(await call('PUT', `/users/${ivan.id}`, { token: ivan.accessToken, body: { email: judy.email.toUpperCase() } }), 409, 'CONFLICT');
    expectError(await call('PUT', `/users/${ivan.id}`, { token: ivan.accessToken, body: { email: 'nope' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/users/${ivan.id}`, { token: ivan.accessToken, body: { password: 'short' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/users/${ivan.id}`, { token: ivan.accessToken, body: { name: '' } }), 400, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/users/${ivan.id}`, { body: { name: 'Anon' } }), 401, 'UNAUTHORIZED');
  });
});

describe('GET /.well-known/jwks.json (through the gateway)', () => {
  it('publishes the Ed25519 public key that signs access tokens', async () => {
    const user = await signUp('jwks');
    const response = await fetch(`${platform.gatewayUrl.replace(/\/$/, '')}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    const kid = JSON.parse(Buffer.from(user.accessToken.split('.')[0]!, 'base64url').toString('utf8')).kid;
    expect(keys.find((key) => key.kid === kid)).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    for (const key of keys) expect(key).not.toHaveProperty('d');
  });
});

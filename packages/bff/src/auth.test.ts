import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const refresh = vi.fn();
const login = vi.fn();
const logout = vi.fn();
const callers: unknown[] = [];
vi.mock('next/headers', () => ({ cookies: vi.fn() }));
const { createSessions } = await import('./auth');
const { authOptions, withFreshAccessToken } = createSessions({
  secret: () => 'x'.repeat(32),
  secureCookies: () => false,
  identity: (caller) => {
    callers.push(caller);
    return { refresh: { mutate: refresh }, login: { mutate: login }, logout: { mutate: logout } } as never;
  },
  cookieName: 'next-auth.session-token',
  maxAgeSeconds: 30 * 24 * 60 * 60,
  signInPage: '/login',
});
const { TRPCClientError } = await import('@trpc/client');
const serviceError = (httpStatus: number) =>
  new TRPCClientError('failed', { result: { error: { message: 'failed', code: -32000, data: { httpStatus } } } } as never);

const user = { id: 'u1', email: 'a@b.c', name: 'A', role: 'customer' as const };
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('withFreshAccessToken', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    refresh.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it('refreshes a token about to expire once, and a late request with the old cookie gets the same expiry', async () => {
    refresh.mockResolvedValue({ accessToken: 'new-access', refreshToken: 'new-refresh', expiresIn: 900, user });
    const old = { user, accessToken: 'old-access', refreshToken: 'old-refresh-1', accessTokenExpires: T0 + 30_000 };
    const first = await withFreshAccessToken(old);
    expect(first).toMatchObject({ accessToken: 'new-access', refreshToken: 'new-refresh', accessTokenExpires: T0 + 900_000 });
    // Ten minutes later a request still carrying the old cookie (single-use refresh token) reuses the answer.
    vi.setSystemTime(T0 + 600_000);
    const late = await withFreshAccessToken(old);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(late.accessTokenExpires).toBe(T0 + 900_000);
  });

  it('ends the session when identity refuses the refresh token, and keeps it when identity is unreachable', async () => {
    refresh.mockRejectedValueOnce(new TRPCClientError('no', { result: { error: { message: 'no', code: -32001, data: { httpStatus: 401 } } } } as never));
    const revoked = await withFreshAccessToken({ user, accessToken: 'a', refreshToken: 'old-refresh-2', accessTokenExpires: T0 });
    expect(revoked).toMatchObject({ error: 'RefreshFailed', accessToken: undefined, refreshToken: undefined });
    refresh.mockRejectedValueOnce(new TypeError('fetch failed'));
    const kept = { user, accessToken: 'a', refreshToken: 'old-refresh-3', accessTokenExpires: T0 };
    expect(await withFreshAccessToken(kept)).toBe(kept);
  });
});

describe('sign-in (credentials provider)', () => {
  const authorize = (credentials: { email: string; password: string }) => {
    const provider = authOptions().providers[0] as unknown as { options: { authorize: (c: unknown) => Promise<unknown> } };
    return provider.options.authorize(credentials);
  };

  it('says wrong credentials by returning null, and throttling or an outage in words', async () => {
    login.mockRejectedValueOnce(serviceError(401));
    expect(await authorize({ email: 'a@b.c', password: 'nope' })).toBeNull();
    login.mockRejectedValueOnce(serviceError(429));
    await expect(authorize({ email: 'a@b.c', password: 'nope' })).rejects.toThrow(/too many failed sign-in attempts/i);
    login.mockRejectedValueOnce(serviceError(503));
    await expect(authorize({ email: 'a@b.c', password: 'nope' })).rejects.toThrow(/temporarily unavailable/);
  });
});

describe('sign-out', () => {
  const signOut = (token: unknown) => (authOptions().events as { signOut: (message: { token: unknown }) => Promise<void> }).signOut({ token });
  beforeEach(() => {
    logout.mockReset();
    callers.length = 0;
  });

  it('ends the session at identity with the refresh token (its family is revoked, access tokens refused)', async () => {
    logout.mockResolvedValue(undefined);
    await signOut({ user, accessToken: 'access', refreshToken: 'refresh-1', accessTokenExpires: Date.now() });
    expect(logout).toHaveBeenCalledExactlyOnceWith({ refreshToken: 'refresh-1' });
    // No bearer: an expired or already refused access token must not make the call fail.
    expect(callers).toEqual([{}]);
  });

  it('uses the access token when there is no refresh token, and does nothing for a guest', async () => {
    logout.mockResolvedValue(undefined);
    await signOut({ user, accessToken: 'access-only' });
    expect(callers).toEqual([{ accessToken: 'access-only' }]);
    expect(logout).toHaveBeenCalledExactlyOnceWith({});
    logout.mockReset();
    await signOut(null);
    await signOut({});
    expect(logout).not.toHaveBeenCalled();
  });

  it('still signs out locally when identity refuses or cannot be reached', async () => {
    logout.mockRejectedValueOnce(serviceError(401));
    await expect(signOut({ user, refreshToken: 'spent' })).resolves.toBeUndefined();
    logout.mockRejectedValueOnce(new TypeError('fetch failed'));
    await expect(signOut({ user, refreshToken: 'refresh-2' })).resolves.toBeUndefined();
  });
});

describe('staffFields', () => {
  it("keeps identity's staff role and known permissions, and drops anything else", async () => {
    const { staffFields } = await import('./auth');
    expect(staffFields({ staffRole: 'order_manager', permissions: ['orders:read', 'orders:write', 'bogus'] })).toEqual({
      staffRole: 'order_manager',
      permissions: ['orders:read', 'orders:write'],
    });
    expect(staffFields({ staffRole: null, permissions: [] })).toEqual({ staffRole: null, permissions: [] });
    expect(staffFields({ staffRole: 'superuser' })).toEqual({});
    expect(staffFields({})).toEqual({});
  });
});

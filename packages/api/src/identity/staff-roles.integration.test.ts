import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '@omnicart/contracts';
import { startTestPlatform } from '../testing/platform.js';

/**
 * Staff roles end to end (real gateway, services and PostgreSQL): an owner gives roles, the access
 * token carries the role's permissions, the gateway and the service each refuse what a role may not
 * do, and a demotion ends the demoted user's sessions.
 */

const CACHE_TTL_MS = 1_000;

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let api: string;
let ownerToken: string;

interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
}

async function call(method: string, url: string, options: { body?: unknown; token?: string } = {}): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url.startsWith('http') ? url : `${api}${url}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function login(email: string, password = 'password-123') {
  const result = await call('POST', '/users/login', { body: { email, password } });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as { accessToken: string; refreshToken: string; user: Record<string, unknown> };
}

let counter = 0;
async function signUp(label: string) {
  const email = `${label}.${++counter}.${Date.now().toString(36)}@staff.example.com`;
  const registered = await call('POST', '/users/register', { body: { email, password: 'password-123', name: `Staff ${label}` } });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return { id: registered.body.id as string, email };
}

/** A new account with a staff role given by the owner, signed in after the change. */
async function staffMember(label: string, staffRole: string) {
  const user = await signUp(label);
  const changed = await call('PUT', `/users/${user.id}`, { token: ownerToken, body: { staffRole } });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  return { ...user, ...(await login(user.email)) };
}

function expectForbidden(result: Call, message: string | RegExp): void {
  expect(result.status, JSON.stringify(result.body)).toBe(403);
  expect(result.body.error.code).toBe('FORBIDDEN');
  expect(result.body.error.message).toMatch(message);
}

beforeAll(async () => {
  platform = await startTestPlatform({ catalogProducts: 1, env: { SESSION_CACHE_TTL_MS: String(CACHE_TTL_MS) } });
  api = `${platform.gatewayUrl.replace(/\/$/, '')}/api/v1`;
  ownerToken = (await login('admin@omnicart.test', 'omnicart-admin')).accessToken;
});

afterAll(async () => {
  await platform?.stop();
});

describe('staff roles', () => {
  it('shows the seeded admin as an owner, with the legacy role admin kept for older clients', async () => {
    const me = await call('GET', '/users/me', { token: ownerToken });
    expect(me.body).toMatchObject({ email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner' });
    expect(me.body.permissions).toContain('staff:manage');
  });

  it('gives an order manager their permissions in the session and the token, and nothing more', async () => {
    const manager = await staffMember('orders', 'order_manager');
    expect(manager.user).toMatchObject({ role: 'admin', staffRole: 'order_manager', permissions: [...ROLE_PERMISSIONS.order_manager] });

    // Customers: yes. Staff: no (403 at the gateway, named permission).
    const customers = await call('GET', '/users?pageSize=10', { token: manager.accessToken });
    expect(customers.status, JSON.stringify(customers.body)).toBe(200);
    expect(customers.body).toMatchObject({ page: 1, pageSize: 10 });
    expect(customers.body.items.every((u: { staffRole: unknown }) => u.staffRole === null)).toBe(true);
    expectForbidden(await call('GET', '/users/staff', { token: manager.accessToken }), 'This operation requires the staff:read permission');

    // A product write: refused by the gateway and, asked directly, by catalog itself.
    const product = { name: 'Forbidden lamp', description: 'x', price: 1000, categoryId: '00000000-0000-4000-8000-000000000000', sku: 'FORBID-1', stockQuantity: 1 };
    expectForbidden(await call('POST', '/products', { token: manager.accessToken, body: product }), 'This operation requires the products:write permission');
    const direct = await call('POST', `${platform.catalogUrl.replace(/\/$/, '')}/trpc/create`, { token: manager.accessToken, body: product });
    expect(direct.status, JSON.stringify(direct.body)).toBe(403);
    expect(direct.body.error.message).toBe('This operation requires the products:write permission');

    // Roles are for staff:manage only.
    const customer = await signUp('victim');
    expectForbidden(await call('PUT', `/users/${customer.id}`, { token: manager.accessToken, body: { staffRole: 'owner' } }), 'staff:manage');
    // Staff accounts are invisible to someone without staff:read (404, as if missing).
    const owner = (await call('GET', '/users/me', { token: ownerToken })).body;
    expect((await call('GET', `/users/${owner.id}`, { token: manager.accessToken })).status).toBe(404);
    // But customers can be disabled by an order manager (customers:write).
    const disabled = await call('PUT', `/users/${customer.id}`, { token: manager.accessToken, body: { disabled: true } });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, staffRole: null });
  });

  it('lets an analyst read but not write, and lists staff with filters, totals and pages', async () => {
    const analyst = await staffMember('analyst', 'analyst');
    const staff = await call('GET', '/users/staff?staffRole=analyst&pageSize=10', { token: analyst.accessToken });
    expect(staff.status, JSON.stringify(staff.body)).toBe(200);
    expect(staff.body.items.map((u: { email: string }) => u.email)).toContain(analyst.email);
    expect(staff.body.items.every((u: { staffRole: string }) => u.staffRole === 'analyst')).toBe(true);
    expect(staff.body.total).toBeGreaterThanOrEqual(1);

    const searched = await call('GET', `/users/staff?q=${encodeURIComponent(analyst.email.slice(0, 12).toUpperCase())}`, { token: analyst.accessToken });
    expect(searched.body.items.map((u: { id: string }) => u.id)).toEqual([analyst.id]);

    const badSize = await call('GET', '/users?pageSize=7', { token: analyst.accessToken });
    expect(badSize.status).toBe(400);
    expect(badSize.body.error.message).toContain('pageSize: must be one of 10, 20, 50, 100');
    expect((await call('GET', '/users?staffRole=owner', { token: analyst.accessToken })).status).toBe(400);

    const archive = await call('DELETE', '/products/00000000-0000-4000-8000-000000000000', { token: analyst.accessToken });
    expectForbidden(archive, 'This operation requires the products:write permission');
    expectForbidden(await call('PUT', `/users/${analyst.id}`, { token: analyst.accessToken, body: { staffRole: 'owner' } }), 'staff:manage');
  });

  it('keeps the legacy role field working: admin promotes a customer to owner, echoing it changes nothing', async () => {
    const user = await signUp('legacy');
    const promoted = await call('PUT', `/users/${user.id}`, { token: ownerToken, body: { role: 'admin' } });
    expect(promoted.body).toMatchObject({ role: 'admin', staffRole: 'owner' });
    const analyst = await staffMember('echo', 'analyst');
    const echoed = await call('PUT', `/users/${analyst.id}`, { token: ownerToken, body: { role: 'admin', name: 'Echo Analyst' } });
    expect(echoed.body).toMatchObject({ role: 'admin', staffRole: 'analyst', name: 'Echo Analyst' });
    const contradiction = await call('PUT', `/users/${analyst.id}`, { token: ownerToken, body: { role: 'customer', staffRole: 'marketing' } });
    expect(contradiction.status).toBe(400);
    expect(contradiction.body.error.message).toContain('contradicts staffRole');
    const self = (await call('GET', '/users/me', { token: ownerToken })).body;
    expectForbidden(await call('PUT', `/users/${self.id}`, { token: ownerToken, body: { staffRole: 'analyst' } }), 'You cannot change your own role');
  });

  it('ends a demoted staff member’s sessions: refresh refused at once, access token within the cache window', async () => {
    const manager = await staffMember('demoted', 'catalog_manager');
    const since = Date.now();
    const demoted = await call('PUT', `/users/${manager.id}`, { token: ownerToken, body: { staffRole: 'analyst' } });
    expect(demoted.status).toBe(200);
    const refresh = await call('POST', '/users/refresh', { body: { refreshToken: manager.refreshToken } });
    expect(refresh.status).toBe(401);
    for (;;) {
      const me = await call('GET', '/users/me', { token: manager.accessToken });
      if (me.status === 401) break;
      if (Date.now() - since > CACHE_TTL_MS + 2_000) throw new Error('the demoted user’s access token still works');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Signed in again: the new role's permissions.
    const again = await login(manager.email);
    expect(again.user).toMatchObject({ staffRole: 'analyst', permissions: [...ROLE_PERMISSIONS.analyst] });
  });
});

describe('staff invitations', () => {
  it('invites with a role; the link sets a password once and the new member signs in with that role', async () => {
    const email = `Invitee.${Date.now().toString(36)}@Staff.Example.com`;
    const invited = await call('POST', '/users/staff/invitations', { token: ownerToken, body: { email, name: 'Ivy Invitee', staffRole: 'catalog_manager' } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.invitation).toMatchObject({ email: email.toLowerCase(), name: 'Ivy Invitee', staffRole: 'catalog_manager', expired: false });
    const token = invited.body.token as string;
    expect(token.length).toBeGreaterThanOrEqual(40);

    const pending = await call('GET', '/users/staff/invitations', { token: ownerToken });
    expect(pending.body.items.map((i: { id: string }) => i.id)).toContain(invited.body.invitation.id);
    expect(JSON.stringify(pending.body)).not.toContain(token);

    const preview = await call('GET', `/users/invitations/${token}`);
    expect(preview.body).toMatchObject({ email: email.toLowerCase(), staffRole: 'catalog_manager' });

    expect((await call('POST', '/users/invitations/accept', { body: { token, password: 'short' } })).status).toBe(400);
    // Two accepts at once: one account.
    const [first, second] = await Promise.all([
      call('POST', '/users/invitations/accept', { body: { token, password: 'catalog-pass-1' } }),
      call('POST', '/users/invitations/accept', { body: { token, password: 'catalog-pass-2' } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 404]);
    const created = first.status === 201 ? first : second;
    expect(created.body).toMatchObject({ email: email.toLowerCase(), role: 'admin', staffRole: 'catalog_manager' });
    expect((await call('GET', `/users/invitations/${token}`)).status).toBe(404);

    const password = first.status === 201 ? 'catalog-pass-1' : 'catalog-pass-2';
    const session = await login(email, password);
    expect(session.user).toMatchObject({ staffRole: 'catalog_manager', permissions: [...ROLE_PERMISSIONS.catalog_manager] });
    const stillPending = await call('GET', '/users/staff/invitations', { token: ownerToken });
    expect(stillPending.body.items.map((i: { id: string }) => i.id)).not.toContain(invited.body.invitation.id);
  });

  it('refuses an email with an account, non-owners, and withdrawn or replaced links', async () => {
    const existing = await signUp('existing');
    const taken = await call('POST', '/users/staff/invitations', { token: ownerToken, body: { email: existing.email, name: 'X', staffRole: 'analyst' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('give it a role');

    const analyst = await staffMember('inviter', 'analyst');
    expectForbidden(
      await call('POST', '/users/staff/invitations', { token: analyst.accessToken, body: { email: 'x@staff.example.com', name: 'X', staffRole: 'owner' } }),
      'This operation requires the staff:manage permission',
    );

    const email = `twice.${Date.now().toString(36)}@staff.example.com`;
    const firstLink = await call('POST', '/users/staff/invitations', { token: ownerToken, body: { email, name: 'Twice', staffRole: 'marketing' } });
    const secondLink = await call('POST', '/users/staff/invitations', { token: ownerToken, body: { email, name: 'Twice', staffRole: 'analyst' } });
    expect((await call('GET', `/users/invitations/${firstLink.body.token}`)).status).toBe(404);
    const withdrawn = await call('DELETE', `/users/staff/invitations/${secondLink.body.invitation.id}`, { token: ownerToken });
    expect(withdrawn.status).toBe(204);
    expect((await call('DELETE', `/users/staff/invitations/${secondLink.body.invitation.id}`, { token: ownerToken })).status).toBe(404);
    const accept = await call('POST', '/users/invitations/accept', { body: { token: secondLink.body.token, password: 'marketing-pass-1' } });
    expect(accept.status).toBe(404);
    expect(accept.body.error.message).toContain('invitation link is invalid');
  });
});

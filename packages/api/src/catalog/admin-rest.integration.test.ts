import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../testing/platform.js';
import { jsonRequest, type JsonResponse } from '../testing/http.test-support.js';

// The staff product routes through the real gateway: the admin table, restore and bulk changes for
// an owner; an order manager refused at the gateway and, asked directly, by catalog itself; the
// audit entry carrying who and which request.

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let api: string;
let ownerToken: string;

function request(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<JsonResponse> {
  return jsonRequest(api, method, path, options);
}

async function login(email: string, password: string): Promise<string> {
  const response = await request('POST', '/users/login', { body: { email, password } });
  expect(response.status, response.text).toBe(200);
  return response.body.accessToken as string;
}

beforeAll(async () => {
  platform = await startTestPlatform({ catalogProducts: 60 });
  api = `${platform.gatewayUrl.replace(/\/$/, '')}/api/v1`;
  ownerToken = await login('admin@omnicart.test', 'omnicart-admin');
});

afterAll(async () => {
  await platform?.stop();
});

describe('staff product routes', () => {
  it('searches, restores and changes prices in bulk for an owner, recording who and which request', async () => {
    const page = await request('GET', '/products/search?status=active&sort=price_asc&page=1&pageSize=10&inStock=false&minPrice=1', { token: ownerToken });
    expect(page.status, page.text).toBe(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 10, total: expect.any(Number) });
    expect(page.body.items.length).toBeGreaterThan(0);
    expect((await request('GET', '/products/search?pageSize=15', { token: ownerToken })).status).toBe(400);
    expect((await request('GET', '/products/search?minPrice=9&maxPrice=1', { token: ownerToken })).status).toBe(400);

    const created = await request('POST', '/products', {
      token: ownerToken,
      body: { sku: `REST-ADM-${Date.now().toString(36)}`, name: 'Gateway Lamp', price: { amount: 2_000 }, category: 'pens' },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect((await request('DELETE', `/products/${id}`, { token: ownerToken })).status).toBe(204);
    const restored = await request('POST', `/products/${id}/restore`, { token: ownerToken });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body.status).toBe('draft');
    const again = await request('POST', `/products/${id}/restore`, { token: ownerToken });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Only an archived product can be restored; this one is draft');

    const preview = await request('POST', '/products/bulk/preview', { token: ownerToken, body: { ids: [id], action: { kind: 'change_price', percent: 10 } } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.items[0]).toMatchObject({ before: { price: { amount: 2_000 } }, after: { price: { amount: 2_200 } }, outcome: 'change' });
    const items = [{ id, updatedAt: preview.body.items[0].updatedAt }];
    const applied = await request('POST', '/products/bulk/apply', { token: ownerToken, body: { action: preview.body.action, items } });
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body).toEqual({ changed: 1, unchanged: 0 });
    const stale = await request('POST', '/products/bulk/apply', { token: ownerToken, body: { action: preview.body.action, items } });
    expect(stale.status).toBe(409);

    const { rows } = await platform.pool.query<{ payload: { action: string; actorEmail: string | null; requestId: string | null } }>(
      "SELECT payload FROM catalog.outbox_events WHERE aggregate_id = $1 AND type = 'catalog.audit_recorded' ORDER BY occurred_at, id",
      [id],
    );
    expect(rows.map((r) => r.payload.action)).toEqual(['created', 'archived', 'restored', 'updated']);
    for (const { payload } of rows) expect(payload).toMatchObject({ actorEmail: 'admin@omnicart.test', requestId: expect.any(String) });
  });

  it('refuses an order manager every product write at the gateway and in the service, but lets them read the table', async () => {
    const email = `orders.${Date.now().toString(36)}@staff.example.com`;
    const registered = await request('POST', '/users/register', { body: { email, password: 'password-123', name: 'Order Manager' } });
    expect(registered.status, registered.text).toBe(201);
    const promoted = await request('PUT', `/users/${registered.body.id}`, { token: ownerToken, body: { staffRole: 'order_manager' } });
    expect(promoted.status, promoted.text).toBe(200);
    const token = await login(email, 'password-123');

    expect((await request('GET', '/products/search?pageSize=10', { token })).status).toBe(200);
    const target = (await request('GET', '/products/search?pageSize=10', { token })).body.items[0];
    const writes: [string, string, unknown][] = [
      ['POST', `/products/${target.id}/restore`, undefined],
      ['POST', '/products/bulk/preview', { ids: [target.id], action: { kind: 'set_status', status: 'draft' } }],
      ['POST', '/products/bulk/apply', { action: { kind: 'set_status', status: 'draft' }, items: [{ id: target.id, updatedAt: target.updatedAt }] }],
      ['PUT', `/products/${target.id}`, { name: 'Nope' }],
    ];
    for (const [method, path, body] of writes) {
      const refused = await request(method, path, { token, body });
      expect(refused.status, `${method} ${path}: ${refused.text}`).toBe(403);
      expect(refused.body.error.message).toBe('This operation requires the products:write permission');
    }
    const direct = await jsonRequest(platform.catalogUrl.replace(/\/$/, ''), 'POST', '/trpc/bulkApply', {
      token,
      body: { action: { kind: 'set_status', status: 'draft' }, items: [{ id: target.id, updatedAt: target.updatedAt }] },
    });
    expect(direct.status, direct.text).toBe(403);
    expect(direct.body.error.message).toBe('This operation requires the products:write permission');
  });
});

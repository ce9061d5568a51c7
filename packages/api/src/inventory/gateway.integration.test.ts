import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callService, createServiceClient } from '../runtime/service-client.js';
import { startCommercePlatform, type CommercePlatform } from '../testing/commerce.js';
import type { InventoryRouter } from './index.js';

// Inventory as deployed: its own process behind the gateway (admin REST), orders-style internal
// calls straight to the service, and catalog (another process) following its events.

let platform: CommercePlatform;
let inventory: ReturnType<typeof createServiceClient<InventoryRouter>>;

async function json(method: string, path: string, token: string | null, body?: unknown) {
  const response = await fetch(`${platform.gatewayUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, text };
}

beforeAll(async () => {
  platform = await startCommercePlatform({ products: 40, env: { EVENTS_POLL_MS: '50' } });
  inventory = createServiceClient<InventoryRouter>({ url: () => platform.urls.inventory, caller: 'test', token: platform.env.SERVICE_TOKEN ?? 'omnicart-dev-service-token' });
}, 120_000);

afterAll(async () => {
  await platform?.shutdown();
});

describe('inventory through the gateway', () => {
  it('admin reads and sets stock; customers and anonymous callers are refused', async () => {
    const admin = await platform.adminToken();
    const list = await json('GET', '/products?limit=1&inStock=true', admin);
    const sku = list.body.items[0].sku as string;
    const stock = await json('GET', `/inventory/${sku}`, admin);
    expect(stock.status, stock.text).toBe(200);
    expect(stock.body).toEqual({ sku, onHand: expect.any(Number), reserved: 0, available: stock.body.onHand });
    expect(list.body.items[0].stockQuantity).toBe(stock.body.onHand);
    const put = await json('PUT', `/inventory/${sku}`, admin, { onHand: 42, reason: 'cycle count' });
    expect(put.body).toEqual({ sku, onHand: 42, reserved: 0, available: 42 });
    const movements = await json('GET', `/inventory/${sku}/movements?limit=1`, admin);
    expect(movements.body.items[0]).toMatchObject({ kind: 'adjust', onHandAfter: 42, reason: 'cycle count' });
    expect((await json('GET', `/inventory/${sku}`, await platform.customerToken())).status).toBe(403);
    expect((await json('GET', `/inventory/${sku}`, null)).status).toBe(401);
    expect((await json('PUT', '/inventory/NOT-IN-CATALOG', admin, { onHand: 1 })).status).toBe(404);
    expect((await json('PUT', `/inventory/${sku}`, admin, { onHand: -3 })).status).toBe(400);
  });

  it('selling out a product in inventory turns it out of stock in the catalog (events across processes)', async () => {
    const admin = await platform.adminToken();
    const list = await json('GET', '/products?limit=1&inStock=true&sort=price_asc', admin);
    const product = list.body.items[0] as { sku: string; slug: string };
    await platform.setStock(product.sku, 3);
    const reservationId = randomUUID();
    await callService('inventory', () => inventory.reserve.mutate({ reservationId, lines: [{ sku: product.sku, quantity: 3 }] }));
    await callService('inventory', () => inventory.commit.mutate({ reservationId }));
    for (let i = 0; ; i++) {
      const detail = await json('GET', `/products/${product.slug}`, admin);
      if (detail.body.stockQuantity === 0) {
        expect(detail.body.inStock).toBe(false);
        break;
      }
      if (i > 400) throw new Error(`the catalog never saw the sale: ${detail.text}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const outOfStock = await json('GET', '/products?inStock=false&limit=100', admin);
    expect(outOfStock.body.items.map((p: { sku: string }) => p.sku)).toContain(product.sku);
    expect((await json('GET', `/inventory/${product.sku}`, admin)).body).toEqual({ sku: product.sku, onHand: 0, reserved: 0, available: 0 });
  });
});

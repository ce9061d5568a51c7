import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../testing/platform.js';
import { expectError, jsonRequest, type JsonResponse } from '../testing/http.test-support.js';

// Every catalog REST route through the gateway, as an integrator sees it: status codes, JSON
// shapes and the `{ error: { code, message } }` body.

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let api: string;
let adminToken: string;
let customerToken: string;

type Json = JsonResponse;

function request(method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}): Promise<Json> {
  return jsonRequest(api, method, path, options);
}

async function login(email: string, password: string): Promise<string> {
  const response = await request('POST', '/users/login', { body: { email, password } });
  expect(response.status, response.text).toBe(200);
  return response.body.accessToken as string;
}

const ALLOWED_IMAGE_HOST = 'images.omnicart.test';
let skuCounter = 0;
const nextSku = () => `REST-${Date.now().toString(36).toUpperCase()}-${++skuCounter}`;

beforeAll(async () => {
  platform = await startTestPlatform({ catalogProducts: 2_000, env: { CATALOG_IMAGE_HOSTS: `${ALLOWED_IMAGE_HOST},*.cdn.omnicart.test` } });
  api = `${platform.gatewayUrl}/api/v1`;
  adminToken = await login('admin@omnicart.test', 'omnicart-admin');
  customerToken = await login('demo@omnicart.test', 'omnicart-demo');
});

afterAll(async () => {
  await platform?.stop();
});

describe('GET /api/v1/products', () => {
  it('200: a page of items, a cursor and facets', async () => {
    const response = await request('GET', '/products');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.body.items).toHaveLength(20);
    expect(response.body.nextCursor).toEqual(expect.any(String));
    expect(response.body.facets.total).toBeGreaterThan(1_500);
    const [item] = response.body.items;
    expect(item).toMatchObject({
      id: expect.any(String),
      sku: expect.any(String),
      slug: expect.any(String),
      name: expect.any(String),
      price: { amount: expect.any(Number), currency: 'USD' },
      status: 'active',
      category: { id: expect.any(String), slug: expect.any(String), name: expect.any(String) },
      images: [{ url: expect.stringMatching(/^\/images\/products\/.+\.svg$/), alt: expect.any(String) }],
    });
  });

  it('200: grid items (list, search, by-ids) carry no description; the detail does', async () => {
    const list = await request('GET', '/products?limit=3');
    const search = await request('GET', '/products?q=headphnes&limit=3');
    const ids = (list.body.items as Array<{ id: string }>).map((item) => item.id);
    const byIds = await request('GET', `/products/by-ids?${ids.map((id) => `ids=${id}`).join('&')}`);
    for (const response of [list, search, byIds]) {
      expect(response.status, response.text).toBe(200);
      for (const item of response.body.items) {
        expect(item).not.toHaveProperty('description');
        expect(item).not.toHaveProperty('stockQuantity');
        expect(item).toMatchObject({ id: expect.any(String), name: expect.any(String), price: { amount: expect.any(Number) }, inStock: expect.any(Boolean) });
      }
    }
    const detail = await request('GET', `/products/${list.body.items[0].slug}`);
    expect(detail.status).toBe(200);
    expect(detail.body.description).toEqual(expect.any(String));
    expect(detail.body.description.length).toBeGreaterThan(0);
  });

  it('200: filters from the query string (numbers coerced, repeated parameters as lists)', async () => {
    const response = await request('GET', '/products?category=electronics&minPrice=2000&maxPrice=20000&colour=Black&colour=Red&sort=price_asc&limit=50');
    expect(response.status, response.text).toBe(200);
    const items = response.body.items as { price: { amount: number }; attributes: { colour: string }; category: { slug: string } }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.price.amount).toBeGreaterThanOrEqual(2_000);
      expect(item.price.amount).toBeLessThanOrEqual(20_000);
      expect(['Black', 'Red']).toContain(item.attributes.colour);
    }
    const prices = items.map((i) => i.price.amount);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect(response.body.facets.colour.map((f: { value: string }) => f.value).sort()).toEqual(['Black', 'Red']);
  });

  it('200: follows nextCursor without duplicates', async () => {
    const first = await request('GET', '/products?sort=name&limit=30');
    const second = await request('GET', `/products?sort=name&limit=30&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    const ids = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(60);
  });

  it('200: keyword search tolerates typos', async () => {
    const response = await request('GET', `/products?q=${encodeURIComponent('bluetooth headphnes')}`);
    expect(response.status).toBe(200);
    expect(response.body.correctedQuery).toBe('bluetooth headphones');
    expect(response.body.items[0].name).toMatch(/Bluetooth.*Headphones/);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['minPrice=5000&maxPrice=100', 'minPrice'],
    ['sort=cheapest', 'sort'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('400 for %s with a message naming the field', async (query, field) => {
    const response = await request('GET', `/products?${query}`);
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(response.body.error.message).toContain(field);
  });

  it('404 for an unknown category', async () => {
    expectError(await request('GET', '/products?category=no-such-category'), 404, 'NOT_FOUND');
  });
});

describe('GET /api/v1/products/{idOrSlug}', () => {
  it('200 by slug and by id; 404 otherwise', async () => {
    const [item] = (await request('GET', '/products?limit=1')).body.items;
    const bySlug = await request('GET', `/products/${item.slug}`);
    expect(bySlug.status).toBe(200);
    // The detail is the grid item plus its description.
    expect(bySlug.body).toEqual({ ...item, description: expect.any(String) });
    expect((await request('GET', `/products/${item.id}`)).body).toEqual({ ...item, description: expect.any(String) });
    expectError(await request('GET', '/products/no-such-product'), 404, 'NOT_FOUND');
    expectError(await request('GET', '/products/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });

  it('serves the product image through the gateway', async () => {
    const [item] = (await request('GET', '/products?limit=1')).body.items;
    const response = await fetch(`${platform.gatewayUrl}${item.images[0].url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await response.text()).toMatch(/^<svg /);
  });
});

describe('GET /api/v1/categories', () => {
  it('200: the two-level tree with counts', async () => {
    const response = await request('GET', '/categories');
    expect(response.status).toBe(200);
    expect(response.body.length).toBeGreaterThanOrEqual(6);
    const leaves = response.body.flatMap((c: { children: unknown[] }) => c.children);
    expect(leaves.length).toBeGreaterThanOrEqual(20);
    expect(response.body[0]).toMatchObject({ id: expect.any(String), slug: expect.any(String), name: expect.any(String), productCount: expect.any(Number) });
  });
});

describe('POST /api/v1/products', () => {
  const input = () => ({
    sku: nextSku(),
    name: 'Gateway Test Headphones',
    description: 'Created through the REST API.',
    price: { amount: 9_999, currency: 'USD' },
    category: 'headphones',
    brand: 'Sonora',
    attributes: { colour: 'Blue', size: 'One Size', material: 'Plastic' },
  });

  it('201 for an admin, with the product', async () => {
    const body = input();
    const response = await request('POST', '/products', { token: adminToken, body });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ sku: body.sku, status: 'active', price: { amount: 9_999, currency: 'USD' }, category: { slug: 'headphones' } });
    expect((await request('GET', `/products/${response.body.id}`)).status).toBe(200);
  });

  it('401 without a token, 401 with a bad token, 403 for a customer', async () => {
    expectError(await request('POST', '/products', { body: input() }), 401, 'UNAUTHORIZED');
    expectError(await request('POST', '/products', { token: 'not.a.jwt', body: input() }), 401, 'UNAUTHORIZED');
    expectError(await request('POST', '/products', { token: customerToken, body: input() }), 403, 'FORBIDDEN');
  });

  it('409 for a taken SKU or slug', async () => {
    const body = input();
    expect((await request('POST', '/products', { token: adminToken, body: { ...body, slug: `rest-${body.sku.toLowerCase()}` } })).status).toBe(201);
    expectError(await request('POST', '/products', { token: adminToken, body: { ...body, slug: `rest-other-${body.sku.toLowerCase()}` } }), 409, 'CONFLICT');
    expectError(await request('POST', '/products', { token: adminToken, body: { ...input(), slug: `rest-${body.sku.toLowerCase()}` } }), 409, 'CONFLICT');
  });

  it.each([
    ['a zero price', { price: { amount: 0 } }, 'price'],
    ['a fractional price', { price: { amount: 10.5 } }, 'price'],
    ['a missing name', { name: undefined }, 'name'],
    ['an unknown category', { category: 'no-such-category' }, 'category'],
  ])('400 for %s', async (_label, patch, field) => {
    const response = await request('POST', '/products', { token: adminToken, body: { ...input(), ...patch } });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(response.body.error.message).toContain(field);
  });

  it('400 for a body that is not JSON', async () => {
    expectError(await request('POST', '/products', { token: adminToken, raw: '{"sku": ' }), 400, 'VALIDATION_FAILED');
  });
});

describe('image URLs (POST and PUT /api/v1/products)', () => {
  const input = (url: string) => ({ sku: nextSku(), name: 'Image Test Lamp', price: { amount: 2_000 }, category: 'lighting', images: [{ url, alt: 'A lamp' }] });
  const REFUSED = [
    'http://169.254.169.254/latest/meta-data/',
    'https://169.254.169.254/latest/meta-data/',
    'https://2130706433/a.png',
    'https://0177.0.0.1/a.png',
    'https://0x7f.1/a.png',
    'https://127.1/a.png',
    'https://[::1]/a.png',
    'https://[::ffff:169.254.169.254]/a.png',
    'https://[::ffff:a9fe:a9fe]/a.png',
    'https://[fd00::]/a.png',
    'https://[fe80::]/a.png',
    'https://100.100.100.200/a.png',
    'https://0.0.0.0/a.png',
    `https://${ALLOWED_IMAGE_HOST}@169.254.169.254/a.png`,
    'https://metadata.google.internal/computeMetadata/v1/',
    `http://${ALLOWED_IMAGE_HOST}/a.png`,
    'https://evil.example/a.png',
    '/api/v1/users/me',
  ];

  it('400 naming the field for internal, non-https or unlisted image URLs, on create and on update; nothing written', async () => {
    const created = await request('POST', '/products', { token: adminToken, body: input('/images/products/image-test-lamp.svg') });
    expect(created.status, created.text).toBe(201);
    for (const url of REFUSED) {
      const refused = await request('POST', '/products', { token: adminToken, body: input(url) });
      expectError(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.error.message, url).toContain('images.0.url');
      const update = await request('PUT', `/products/${created.body.id}`, { token: adminToken, body: { images: [{ url: '/images/products/image-test-lamp.svg', alt: 'ok' }, { url, alt: 'x' }] } });
      expectError(update, 400, 'VALIDATION_FAILED');
      expect(update.body.error.message, url).toContain('images.1.url');
    }
    expect((await request('GET', `/products/${created.body.id}`)).body.images).toEqual([{ url: '/images/products/image-test-lamp.svg', alt: 'A lamp' }]);
  });

  it('201/200 for our own image paths and https hosts on CATALOG_IMAGE_HOSTS', async () => {
    const created = await request('POST', '/products', { token: adminToken, body: input(`https://${ALLOWED_IMAGE_HOST}/lamps/a.png`) });
    expect(created.status, created.text).toBe(201);
    expect(created.body.images).toEqual([{ url: `https://${ALLOWED_IMAGE_HOST}/lamps/a.png`, alt: 'A lamp' }]);
    const updated = await request('PUT', `/products/${created.body.id}`, { token: adminToken, body: { images: [{ url: 'https://eu.cdn.omnicart.test/b.webp', alt: 'b' }, { url: '/images/products/image-test-lamp.svg', alt: 'c' }] } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.images).toHaveLength(2);
  });
});

describe('PUT /api/v1/products/{id}', () => {
  it('200 for an admin (partial update), 400/401/403/404/409 otherwise', async () => {
    const created = (await request('POST', '/products', { token: adminToken, body: { sku: nextSku(), name: 'Put Test Lamp', price: { amount: 2_000 }, category: 'lighting' } })).body;
    const other = (await request('POST', '/products', { token: adminToken, body: { sku: nextSku(), name: 'Put Test Lamp Two', price: { amount: 2_100 }, category: 'lighting' } })).body;
    const updated = await request('PUT', `/products/${created.id}`, { token: adminToken, body: { price: { amount: 2_500 } } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ id: created.id, name: 'Put Test Lamp', price: { amount: 2_500, currency: 'USD' } });
    expectError(await request('PUT', `/products/${created.id}`, { body: { name: 'x' } }), 401, 'UNAUTHORIZED');
    expectError(await request('PUT', `/products/${created.id}`, { token: customerToken, body: { name: 'x' } }), 403, 'FORBIDDEN');
    expectError(await request('PUT', '/products/00000000-0000-4000-8000-000000000000', { token: adminToken, body: { name: 'x' } }), 404, 'NOT_FOUND');
    expectError(await request('PUT', '/products/not-a-uuid', { token: adminToken, body: { name: 'x' } }), 400, 'VALIDATION_FAILED');
    expectError(await request('PUT', `/products/${created.id}`, { token: adminToken, body: { price: { amount: -1 } } }), 400, 'VALIDATION_FAILED');
    expectError(await request('PUT', `/products/${created.id}`, { token: adminToken, body: { sku: other.sku } }), 409, 'CONFLICT');
  });
});

describe('DELETE /api/v1/products/{id}', () => {
  it('204 archives: gone from list and search, detail says archived', async () => {
    const created = (await request('POST', '/products', { token: adminToken, body: { sku: nextSku(), name: 'Platypusine Archive Mug', price: { amount: 1_500 }, category: 'coffee-tea' } })).body;
    expect((await request('GET', '/products?q=platypusine')).body.items).toHaveLength(1);
    expectError(await request('DELETE', `/products/${created.id}`), 401, 'UNAUTHORIZED');
    expectError(await request('DELETE', `/products/${created.id}`, { token: customerToken }), 403, 'FORBIDDEN');
    const deleted = await request('DELETE', `/products/${created.id}`, { token: adminToken });
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');
    expect((await request('GET', '/products?q=platypusine')).body.items).toEqual([]);
    const detail = await request('GET', `/products/${created.slug}`);
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('archived');
    expectError(await request('DELETE', '/products/00000000-0000-4000-8000-000000000000', { token: adminToken }), 404, 'NOT_FOUND');
    expectError(await request('DELETE', '/products/not-a-uuid', { token: adminToken }), 400, 'VALIDATION_FAILED');
  });
});

describe('gateway micro-cache over catalog reads', () => {
  it('serves anonymous reads from the gateway cache and keeps them private for signed-in callers', async () => {
    const first = await request('GET', '/categories');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=2');
    const second = await request('GET', '/categories');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.text).toBe(first.text);
    const signedIn = await request('GET', '/categories', { token: customerToken });
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(signedIn.headers.get('x-cache')).toBe('BYPASS');
    const missing = await request('GET', '/products/no-such-product-anywhere');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('private, no-store');
  });

  it('an admin archive through the gateway drops the cached list: the next list no longer shows the product', async () => {
    const created = (await request('POST', '/products', { token: adminToken, body: { sku: nextSku(), name: 'Quokkaware Cached Mug', price: { amount: 1_200 }, category: 'coffee-tea' } })).body;
    const listed = await request('GET', '/products?q=quokkaware');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([created.id]);
    const cached = await request('GET', '/products?q=quokkaware');
    expect(cached.headers.get('x-cache')).toBe('HIT');
    expect(cached.body.items).toHaveLength(1);

    const archived = await request('DELETE', `/products/${created.id}`, { token: adminToken });
    expect(archived.status, archived.text).toBe(204);
    const after = await request('GET', '/products?q=quokkaware');
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(after.body.items).toEqual([]);
  });

  it('an admin update through the gateway is visible on the next anonymous detail read', async () => {
    const created = (await request('POST', '/products', { token: adminToken, body: { sku: nextSku(), name: 'Wombatine Cached Lamp', price: { amount: 3_000 }, category: 'coffee-tea' } })).body;
    expect((await request('GET', `/products/${created.slug}`)).body.name).toBe('Wombatine Cached Lamp');
    expect((await request('GET', `/products/${created.slug}`)).headers.get('x-cache')).toBe('HIT');
    const updated = await request('PUT', `/products/${created.id}`, { token: adminToken, body: { name: 'Wombatine Renamed Lamp' } });
    expect(updated.status, updated.text).toBe(200);
    expect((await request('GET', `/products/${created.slug}`)).body.name).toBe('Wombatine Renamed Lamp');
  });
});

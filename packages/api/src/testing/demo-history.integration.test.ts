import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HISTORY_DAYS } from '@omnicart/db/seed';
import { startTestPlatform } from './platform.js';
import { eventually, jsonRequest, type JsonResponse } from './http.test-support.js';

// The demo history `npm start` seeds (DemoSettings.history): analytics' reports and recommendations'
// shelves have something to show on a fresh install, and a second seed writes nothing.

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let api: string;
let ownerToken: string;

const request = (method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<JsonResponse> => jsonRequest(api, method, path, options);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  platform = await startTestPlatform({
    catalogProducts: 300,
    demoHistory: true,
    domains: ['identity', 'catalog', 'inventory', 'analytics', 'recommendations'],
    env: { RECS_REFRESH_EVERY: '1000' },
  });
  api = `${platform.gatewayUrl.replace(/\/$/, '')}/api/v1`;
  const login = await request('POST', '/users/login', { body: { email: 'admin@omnicart.test', password: 'omnicart-admin' } });
  expect(login.status, login.text).toBe(200);
  ownerToken = login.body.accessToken as string;
}, 180_000);

afterAll(async () => {
  await platform?.stop();
});

describe('the demo history', () => {
  it('gives the reports months of sales, sessions, searches and shelf clicks', async () => {
    const range = `from=${day(-DEMO_HISTORY_DAYS)}&to=${day(0)}`;
    const sales = await request('GET', `/analytics/reports/sales?${range}&granularity=month`, { token: ownerToken });
    expect(sales.status, sales.text).toBe(200);
    expect(sales.body.current.totals.orders).toBeGreaterThan(300);
    expect(sales.body.current.totals.returningCustomers).toBeGreaterThan(0);
    expect(sales.body.current.series.filter((bucket: { orders: number }) => bucket.orders > 0).length).toBeGreaterThanOrEqual(6);
    const funnel = await request('GET', `/analytics/reports/funnel?${range}`, { token: ownerToken });
    const counts = funnel.body.current.steps.map((step: { count: number }) => step.count);
    expect(counts[4]).toBeGreaterThan(300);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]);
    expect(counts[0]).toBeGreaterThan(counts[4] * 2);
    const search = await request('GET', `/analytics/reports/search?${range}`, { token: ownerToken });
    expect(search.body.current.totals.searches).toBeGreaterThan(0);
    expect(search.body.current.zeroResultQueries.length).toBeGreaterThan(0);
    const products = await request('GET', `/analytics/reports/products?${range}&limit=5`, { token: ownerToken });
    expect(products.body.current.items[0]).toMatchObject({ name: expect.any(String), revenue: expect.any(Number) });
    expect(products.body.current.items[0].revenue).toBeGreaterThan(0);
    const shelves = await request('GET', `/analytics/reports/recommendations?${range}`, { token: ownerToken });
    expect(shelves.body.current.shelves.find((s: { shelf: string }) => s.shelf === 'also_bought').clicks).toBeGreaterThan(0);
  });

  it('gives the shelves co-purchases, not just trending', async () => {
    const top = await request('GET', `/analytics/reports/products?from=${day(-DEMO_HISTORY_DAYS)}&to=${day(0)}&by=units&limit=10`, { token: ownerToken });
    const ids: string[] = top.body.current.items.map((item: { productId: string }) => item.productId);
    const shelf = await eventually(
      async () => {
        for (const id of ids) {
          const answer = await request('GET', `/recommendations/products/${id}/also-bought?limit=4`);
          if (answer.status === 200 && answer.body.items.some((item: { reason: string }) => /^Bought together/.test(item.reason))) return answer;
        }
        return null;
      },
      (answer) => answer !== null,
      'an also-bought shelf learnt from the demo purchases',
    );
    expect(shelf!.body.items.length).toBeGreaterThan(0);
  });

  it('is seeded once', async () => {
    const { seedDemoData } = await import('../platform/index.js');
    const again = await seedDemoData(platform.pool, ['analytics', 'recommendations'], { adminPassword: 'x'.repeat(8), demoPassword: 'x'.repeat(8), products: 300, history: true });
    expect(again).toEqual({ analytics: false, recommendations: false });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../runtime/logger.js';
import type { DomainSurface } from '../runtime/surface.js';
import { createTestKeys, type TestKeys } from '../testing/fakes.js';
import { startGateway, type Gateway, type GatewayOptions } from './gateway.js';
import { storableSeconds, wantsFreshAnswer } from './response-cache.js';

/**
 * An origin whose answers the query string dictates: `cc` (Cache-Control), `status`, `size` (body
 * bytes), `delay` (ms), `cookie` (sends Set-Cookie). Each body names how many requests reached it.
 */
async function scriptedOrigin(): Promise<{ url: string; hits: Map<string, number>; total: () => number; server: Server }> {
  const hits = new Map<string, number>();
  let total = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    const key = `${req.method} ${url.pathname}${url.search}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    total++;
    const serial = total;
    req.resume();
    const answer = () => {
      const cc = url.searchParams.get('cc');
      if (cc !== null) res.setHeader('Cache-Control', cc);
      if (url.searchParams.has('cookie')) res.setHeader('Set-Cookie', 'session=1');
      const size = Number(url.searchParams.get('size') ?? 0);
      const body = JSON.stringify({ serial, path: url.pathname, pad: 'x'.repeat(size) });
      res.statusCode = Number(url.searchParams.get('status') ?? 200);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.setHeader('X-Request-Id', 'from-origin');
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const delay = Number(url.searchParams.get('delay') ?? 0);
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, total: () => total, server };
}

const catalogSurface: DomainSurface = {
  rest: [
    { method: 'GET', pattern: '/products', access: 'public' },
    { method: 'POST', pattern: '/products', access: 'public' },
    { method: 'DELETE', pattern: '/products/{id}', access: 'products:write' },
  ],
  trpc: { list: 'public' },
};
const identitySurface: DomainSurface = { rest: [{ method: 'GET', pattern: '/users/public', access: 'public' }], trpc: {} };

const PUBLIC_2S = encodeURIComponent('public, max-age=2');

describe('gateway response cache', () => {
  let keys: TestKeys;
  let origin: Awaited<ReturnType<typeof scriptedOrigin>>;
  let clock = 1_000_000;
  const gateways: Gateway[] = [];
  let gateway: Gateway;

  const start = async (overrides: Partial<GatewayOptions> = {}) => {
    const started = await startGateway({
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      verifier: keys.verifier,
      upstreams: { identity: origin.url, catalog: origin.url },
      surfaces: { catalog: catalogSurface, identity: identitySurface },
      rateLimit: false,
      responseCache: { maxEntries: 100, now: () => clock },
      ...overrides,
    });
    gateways.push(started);
    return started;
  };

  const adminToken = () => keys.sign({ id: '00000000-0000-4000-8000-000000000001', email: 'admin@omnicart.test', role: 'admin' });

  let unique = 0;
  /** A fresh products path (its own cache key) with the given origin script. */
  const path = (script: string) => `/api/v1/products?case=${++unique}&${script}`;
  const originHits = (p: string, method = 'GET') => origin.hits.get(`${method} ${p}`) ?? 0;

  beforeAll(async () => {
    keys = await createTestKeys();
    origin = await scriptedOrigin();
    gateway = await start();
  });
  beforeEach(() => {
    clock += 60_000;
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop(1000)));
    origin.server.close();
  });

  it('serves a hit after a miss, with Age, X-Cache and the gateway headers', async () => {
    const p = path(`cc=${PUBLIC_2S}`);
    const miss = await fetch(`${gateway.url}${p}`, { headers: { origin: 'http://localhost:3000' } });
    const missBody = await miss.text();
    expect(miss.status).toBe(200);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(miss.headers.get('age')).toBe('0');
    clock += 1_500;
    const hit = await fetch(`${gateway.url}${p}`, { headers: { origin: 'http://localhost:3000', 'x-request-id': 'second-request' } });
    expect(hit.status).toBe(200);
    expect(await hit.text()).toBe(missBody);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('age')).toBe('1');
    expect(hit.headers.get('cache-control')).toBe('public, max-age=2');
    expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(hit.headers.get('content-length')).toBe(String(Buffer.byteLength(missBody)));
    // The hit is still this gateway's answer to this request.
    expect(hit.headers.get('x-request-id')).toBe('second-request');
    expect(hit.headers.get('x-content-type-options')).toBe('nosniff');
    expect(hit.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(originHits(p)).toBe(1);
  });

  it('answers HEAD from a stored GET without a body', async () => {
    const p = path(`cc=${PUBLIC_2S}`);
    await (await fetch(`${gateway.url}${p}`)).text();
    const head = await fetch(`${gateway.url}${p}`, { method: 'HEAD' });
    expect(head.headers.get('x-cache')).toBe('HIT');
    expect(await head.text()).toBe('');
    expect(originHits(p)).toBe(1);
  });

  it('does not cache requests with Authorization or Cookie', async () => {
    const token = await keys.sign({ id: 'c1', email: 'demo@omnicart.test', role: 'customer' });
    const withToken = path(`cc=${PUBLIC_2S}`);
    const withCookie = path(`cc=${PUBLIC_2S}`);
    for (let i = 0; i < 2; i++) {
      const a = await fetch(`${gateway.url}${withToken}`, { headers: { authorization: `Bearer ${token}` } });
      expect(a.headers.get('x-cache')).toBe('BYPASS');
      await a.text();
      const c = await fetch(`${gateway.url}${withCookie}`, { headers: { cookie: 'session=abc' } });
      expect(c.headers.get('x-cache')).toBe('BYPASS');
      await c.text();
    }
    expect(originHits(withToken)).toBe(2);
    expect(originHits(withCookie)).toBe(2);
    expect(gateway.cache?.peek('catalog', withToken)).toBeUndefined();
  });

  it.each([
    ['a non-200 status', `status=404&cc=${PUBLIC_2S}`],
    ['private', `cc=${encodeURIComponent('private, max-age=60')}`],
    ['no-store', `cc=${encodeURIComponent('public, no-store, max-age=60')}`],
    ['no max-age', 'cc=public'],
    ['max-age=0', `cc=${encodeURIComponent('public, max-age=0')}`],
    ['no public', `cc=${encodeURIComponent('max-age=60')}`],
    ['no Cache-Control', 'plain=1'],
    ['Set-Cookie', `cookie=1&cc=${PUBLIC_2S}`],
  ])('does not cache an answer with %s', async (_what, script) => {
    const p = path(script);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${gateway.url}${p}`);
      expect(response.headers.get('x-cache')).toBe('MISS');
      expect(response.headers.get('age')).toBeNull();
      await response.text();
    }
    expect(originHits(p)).toBe(2);
  });

  it('does not cache bodies over the size limit', async () => {
    const small = await start({ responseCache: { maxEntries: 10, maxBodyBytes: 1_000, now: () => clock } });
    const p = path(`size=2000&cc=${PUBLIC_2S}`);
    for (let i = 0; i < 2; i++) expect((await (await fetch(`${small.url}${p}`)).text()).length).toBeGreaterThan(2_000);
    expect(originHits(p)).toBe(2);
  });

  it('expires an entry after max-age', async () => {
    const p = path(`cc=${PUBLIC_2S}`);
    await (await fetch(`${gateway.url}${p}`)).text();
    clock += 1_999;
    const stillFresh = await fetch(`${gateway.url}${p}`);
    expect(stillFresh.headers.get('x-cache')).toBe('HIT');
    await stillFresh.text();
    clock += 1;
    const expired = await fetch(`${gateway.url}${p}`);
    expect(expired.headers.get('x-cache')).toBe('MISS');
    await expired.text();
    expect(originHits(p)).toBe(2);
  });

  it('bypasses and refreshes the entry on Cache-Control: no-cache or Pragma: no-cache', async () => {
    const p = path(`cc=${PUBLIC_2S}`);
    const first = (await (await fetch(`${gateway.url}${p}`)).json()) as { serial: number };
    const bypass = await fetch(`${gateway.url}${p}`, { headers: { 'cache-control': 'no-cache' } });
    expect(bypass.headers.get('x-cache')).toBe('BYPASS');
    const refreshed = (await bypass.json()) as { serial: number };
    expect(refreshed.serial).toBeGreaterThan(first.serial);
    const hit = await fetch(`${gateway.url}${p}`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(((await hit.json()) as { serial: number }).serial).toBe(refreshed.serial);
    const pragma = await fetch(`${gateway.url}${p}`, { headers: { pragma: 'no-cache' } });
    expect(pragma.headers.get('x-cache')).toBe('BYPASS');
    await pragma.text();
    expect(originHits(p)).toBe(3);
  });

  it("a write forwarded to an upstream clears that upstream's entries only", async () => {
    const products = path(`cc=${PUBLIC_2S}`);
    const users = `/api/v1/users/public?case=${++unique}&cc=${PUBLIC_2S}`;
    const identityOnly = await start({
      upstreams: { identity: `${origin.url}/`, catalog: origin.url },
    });
    for (const p of [products, users]) await (await fetch(`${identityOnly.url}${p}`)).text();
    expect(identityOnly.cache?.peek('catalog', products)).toBeDefined();
    expect(identityOnly.cache?.peek('identity', users)).toBeDefined();

    const write = await fetch(`${identityOnly.url}/api/v1/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
      body: '{}',
    });
    await write.text();
    expect(write.status).toBe(200);
    expect(identityOnly.cache?.peek('catalog', products)).toBeUndefined();
    expect(identityOnly.cache?.peek('identity', users)).toBeDefined();
    const after = await fetch(`${identityOnly.url}${products}`);
    expect(after.headers.get('x-cache')).toBe('MISS');
    await after.text();
    expect(originHits(products)).toBe(2);
  });

  it('does not let an anonymous write clear the cache (nobody can flush it onto the origin)', async () => {
    const p = path(`cc=${PUBLIC_2S}`);
    await (await fetch(`${gateway.url}${p}`)).text();
    const anonymous = await fetch(`${gateway.url}/api/v1/products`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(200);
    await anonymous.text();
    expect(gateway.cache?.peek('catalog', p)).toBeDefined();
  });

  it('does not let a rejected write clear the cache', async () => {
    const p = path(`cc=${PUBLIC_2S}`);
    await (await fetch(`${gateway.url}${p}`)).text();
    const rejected = await fetch(`${gateway.url}/api/v1/products/p1`, { method: 'DELETE' });
    expect(rejected.status).toBe(401);
    await rejected.text();
    expect(gateway.cache?.peek('catalog', p)).toBeDefined();
  });

  it('does not store an answer fetched while a write went through', async () => {
    const p = path(`delay=150&cc=${PUBLIC_2S}`);
    const slowRead = fetch(`${gateway.url}${p}`).then(async (r) => ({ cache: r.headers.get('x-cache'), body: await r.text() }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await (await fetch(`${gateway.url}/api/v1/products`, { method: 'POST', headers: { authorization: `Bearer ${await adminToken()}` }, body: '{}' })).text();
    expect((await slowRead).cache).toBe('MISS');
    expect(gateway.cache?.peek('catalog', p)).toBeUndefined();
  });

  it('coalesces concurrent misses for one key into one upstream request', async () => {
    const p = path(`delay=100&cc=${PUBLIC_2S}`);
    const responses = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await fetch(`${gateway.url}${p}`);
        return { cache: response.headers.get('x-cache'), body: await response.text() };
      }),
    );
    expect(originHits(p)).toBe(1);
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(responses.filter((r) => r.cache === 'MISS')).toHaveLength(1);
    expect(responses.filter((r) => r.cache === 'HIT')).toHaveLength(9);
  });

  it('keeps at most maxEntries, evicting the least recently used', async () => {
    const bounded = await start({ responseCache: { maxEntries: 3, now: () => clock } });
    const [a, b, c, d] = [1, 2, 3, 4].map(() => path(`cc=${PUBLIC_2S}`)) as [string, string, string, string];
    for (const p of [a, b, c]) await (await fetch(`${bounded.url}${p}`)).text();
    await (await fetch(`${bounded.url}${a}`)).text(); // a is now the most recently used
    await (await fetch(`${bounded.url}${d}`)).text();
    expect(bounded.cache?.size).toBe(3);
    expect(bounded.cache?.peek('catalog', b)).toBeUndefined();
    for (const p of [a, c, d]) expect(bounded.cache?.peek('catalog', p)).toBeDefined();
  });

  it('is off with maxEntries 0 and leaves tRPC alone', async () => {
    const off = await start({ responseCache: { maxEntries: 0 } });
    expect(off.cache).toBeUndefined();
    const p = path(`cc=${PUBLIC_2S}`);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${off.url}${p}`);
      expect(response.headers.get('x-cache')).toBeNull();
      await response.text();
    }
    expect(originHits(p)).toBe(2);

    const trpc = `/trpc/catalog/list?case=${++unique}&cc=${PUBLIC_2S}`;
    for (let i = 0; i < 2; i++) await (await fetch(`${gateway.url}${trpc}`)).text();
    expect(originHits(trpc.replace('/trpc/catalog', '/trpc'))).toBe(2);
  });
});

describe('storableSeconds', () => {
  const headers = (cacheControl: string, extra: Record<string, string> = {}) => ({ 'cache-control': cacheControl, 'content-length': '10', ...extra });
  it('prefers s-maxage and subtracts Age', () => {
    expect(storableSeconds(headers('public, max-age=2'))).toBe(2);
    expect(storableSeconds(headers('public, max-age=60, s-maxage=5'))).toBe(5);
    expect(storableSeconds(headers('public, max-age=60', { age: '50' }))).toBe(10);
    expect(storableSeconds(headers('public, max-age=60', { age: '70' }))).toBe(0);
  });
  it('refuses what a shared cache must not keep', () => {
    expect(storableSeconds(headers('public, max-age=2', { vary: 'Authorization' }))).toBe(0);
    expect(storableSeconds(headers('public, no-cache, max-age=2'))).toBe(0);
    expect(storableSeconds({ 'cache-control': 'public, max-age=2' })).toBe(0); // no Content-Length
    expect(storableSeconds(headers('public, max-age=abc'))).toBe(0);
  });
});

describe('wantsFreshAnswer', () => {
  it('reads no-cache from Cache-Control or Pragma', () => {
    expect(wantsFreshAnswer({ 'cache-control': 'no-cache' })).toBe(true);
    expect(wantsFreshAnswer({ 'cache-control': 'max-age=0, no-cache' })).toBe(true);
    expect(wantsFreshAnswer({ pragma: 'no-cache' })).toBe(true);
    expect(wantsFreshAnswer({ 'cache-control': 'no-store' })).toBe(false);
    expect(wantsFreshAnswer({})).toBe(false);
  });
});

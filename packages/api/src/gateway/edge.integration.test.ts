import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../testing/fakes.js';
import { startTestPlatform, type TestPlatform } from '../testing/platform.js';
import { openRaw, rawRequest } from '../testing/raw-http.js';
import { TRPC_MAX_BATCH_SIZE } from '../runtime/trpc-http.js';

/**
 * Issue #10 at the edge, against the real identity and catalog services behind the real gateway:
 * Expect: 100-continue, bodies left unread on keep-alive connections, Content-Type of JSON bodies,
 * strict query parameters, the tRPC batch cap and Retry-After on a 429.
 */
describe('edge of the platform (gateway + identity + catalog)', () => {
  let platform: TestPlatform;
  let api: string;
  beforeAll(async () => {
    platform = await startTestPlatform({ catalogProducts: 30 });
    api = `${platform.gatewayUrl}/api/v1`;
  });
  afterAll(() => platform?.stop());

  const usersNamed = async (email: string) => (await platform.pool.query('SELECT 1 FROM identity.users WHERE email = $1', [email])).rowCount;

  describe('Expect: 100-continue', () => {
    it('a curl-like register over 1 KB goes through: 100 Continue, then 201', async () => {
      const email = 'expect-continue@example.com';
      // Unknown fields are dropped by the input schema; they make the body as large as curl's threshold.
      const body = JSON.stringify({ email, password: 'correct-horse-battery', name: 'Expect Continue', padding: 'p'.repeat(1_200) });
      expect(Buffer.byteLength(body)).toBeGreaterThan(1024);
      const connection = await openRaw(platform.gatewayUrl);
      connection.write(rawRequest('POST', '/api/v1/users/register', { host: 'x', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' }));
      expect((await connection.next()).status).toBe(100);
      connection.write(body);
      const answer = await connection.next();
      expect(answer.status, answer.body).toBe(201);
      expect(await usersNamed(email)).toBe(1);
      connection.end();
    });

    it('a GET carrying it is answered', async () => {
      const connection = await openRaw(platform.gatewayUrl);
      connection.write(rawRequest('GET', '/api/v1/products?limit=2', { host: 'x', expect: '100-continue' }));
      let answer = await connection.next();
      if (answer.status === 100) answer = await connection.next();
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).items).toHaveLength(2);
      connection.end();
    });
  });

  describe('a 413 on a keep-alive connection', () => {
    for (const target of ['gateway', 'catalog service'] as const) {
      it(`is followed by an answer to the next request or a clean close (${target})`, async () => {
        const base = target === 'gateway' ? platform.gatewayUrl : platform.catalogUrl;
        const connection = await openRaw(base);
        connection.write(rawRequest('POST', '/api/v1/products', { host: 'x', 'content-type': 'application/json', 'content-length': 3 * 1024 * 1024 }, '{"name":"' + 'n'.repeat(300_000)));
        const refused = await connection.next();
        // The gateway itself refuses an anonymous admin write (401) before reading; the service refuses the size (413).
        expect([401, 413]).toContain(refused.status);
        expect(refused.headers.connection).toBe('close');
        expect(await connection.closed()).toBe(true);

        // A body small enough to drain: the connection carries the next request.
        const again = await openRaw(base);
        const small = JSON.stringify({ email: 'x', password: 'y'.repeat(60_000) });
        again.write(rawRequest('POST', '/api/v1/users/login', { host: 'x', 'content-type': 'text/plain', 'content-length': Buffer.byteLength(small) }, small));
        const first = await again.next();
        expect([404, 415]).toContain(first.status); // the catalog service has no /users route
        again.write(rawRequest('GET', '/api/v1/products?limit=1', { host: 'x' }));
        expect((await again.next()).status).toBe(200);
        again.end();
      });
    }

    it('a 413 from the service through the gateway closes cleanly too', async () => {
      const connection = await openRaw(platform.gatewayUrl);
      connection.write(rawRequest('POST', '/api/v1/users/register', { host: 'x', 'content-type': 'application/json', 'content-length': 3 * 1024 * 1024 }, '{"email":"' + 'r'.repeat(300_000)));
      const refused = await connection.next();
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(refused.headers.connection).toBe('close');
      expect(await connection.closed()).toBe(true);
    });
  });

  describe('Content-Type of JSON bodies', () => {
    const bodies: Array<[type: string | undefined, body: (email: string) => string | URLSearchParams | FormData | Blob]> = [
      ['text/plain', (email) => JSON.stringify({ email, password: 'correct-horse-battery', name: 'Plain' })],
      ['application/x-www-form-urlencoded', (email) => new URLSearchParams({ email, password: 'correct-horse-battery', name: 'Form' })],
      ['multipart/form-data', (email) => {
        const form = new FormData();
        form.set('email', email);
        form.set('password', 'correct-horse-battery');
        form.set('name', 'Multipart');
        return form;
      }],
      [undefined, (email) => new Blob([JSON.stringify({ email, password: 'correct-horse-battery', name: 'Untyped' })])],
    ];

    for (const [type, body] of bodies) {
      it(`register and login refuse ${type ?? 'a body without a type'} with 415, and nobody is created`, async () => {
        const email = `ct-${(type ?? 'none').replace(/\W/g, '-')}@example.com`;
        const headers: Record<string, string> = type && type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded' ? { 'content-type': type } : {};
        for (const base of [api, `${platform.identityUrl}/api/v1`]) {
          const register = await fetch(`${base}/users/register`, { method: 'POST', headers, body: body(email) });
          expect(register.status).toBe(415);
          expect((await readJson(register)).error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
          const login = await fetch(`${base}/users/login`, { method: 'POST', headers, body: body('demo@omnicart.test') });
          expect(login.status).toBe(415);
          await login.text();
        }
        expect(await usersNamed(email)).toBe(0);
      });
    }

    it('the tRPC surface refuses them too, through the gateway', async () => {
      const res = await fetch(`${platform.gatewayUrl}/trpc/identity/register`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ email: 'trpc-plain@example.com', password: 'correct-horse-battery', name: 'T' }),
      });
      expect(res.status).toBe(415);
      expect((await readJson(res)).error.data).toMatchObject({ domainCode: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 });
      expect(await usersNamed('trpc-plain@example.com')).toBe(0);
    });

    it('application/json; charset=utf-8 is accepted', async () => {
      const res = await fetch(`${api}/users/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ email: 'charset@example.com', password: 'correct-horse-battery', name: 'Charset' }),
      });
      expect(res.status).toBe(201);
    });
  });

  describe('strict query parameters on public list routes', () => {
    it('answers 400 naming an unknown or malformed filter', async () => {
      for (const query of ['id[not]=0', 'minPrice[gt]=0', 'q=lamp&price_lt=5', 'limit=5&limit=6', 'sort[]=name']) {
        for (const base of [api, `${platform.catalogUrl}/api/v1`]) {
          const res = await fetch(`${base}/products?${query}`);
          expect(res.status, `${base} ${query}`).toBe(400);
          const error = (await readJson(res)).error;
          expect(error.code).toBe('VALIDATION_FAILED');
          const name = decodeURIComponent((query.split('&').find((pair) => !/^(q|limit)=\w+$/.test(pair)) ?? query).split('=')[0] as string);
          expect(error.message).toContain(name);
        }
      }
      const categories = await fetch(`${api}/categories?depth=2`);
      expect(categories.status).toBe(400);
      expect((await readJson(categories)).error.message).toContain('"depth": unknown query parameter');
      const byIds = await fetch(`${api}/products/by-ids?ids=00000000-0000-4000-8000-000000000000&id=1`);
      expect(byIds.status).toBe(400);
    });

    it('keeps serving the parameters the storefront and scripts send', async () => {
      for (const query of ['limit=5', 'limit=5&inStock=true', 'q=lamp&limit=20', 'sort=price_asc&limit=20&minPrice=0&maxPrice=100000', 'brand=a&brand=b']) {
        expect((await fetch(`${api}/products?${query}`)).status, query).toBe(200);
      }
      expect((await fetch(`${api}/categories`)).status).toBe(200);
      // tRPC's input parameter is not a REST query
      const trpc = await fetch(`${platform.gatewayUrl}/trpc/catalog/list?input=${encodeURIComponent(JSON.stringify({ limit: 2 }))}`);
      expect((await readJson(trpc)).result.data.items).toHaveLength(2);
    });
  });

  it(`refuses a tRPC batch of more than ${TRPC_MAX_BATCH_SIZE} logins before any password is checked`, async () => {
    const paths = Array.from({ length: 50 }, () => 'login').join(',');
    const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [i, { email: 'demo@omnicart.test', password: 'wrong-password-1' }]));
    for (const base of [`${platform.gatewayUrl}/trpc/identity`, `${platform.identityUrl}/trpc`]) {
      const res = await fetch(`${base}/${paths}?batch=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      expect(res.status).toBe(400);
      expect((await readJson(res)).error.message).toContain(`at most ${TRPC_MAX_BATCH_SIZE} operations`);
    }
    // Had the 50 wrong passwords been checked, the demo account would now be throttled.
    const login = await fetch(`${api}/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'demo@omnicart.test', password: 'omnicart-demo' }),
    });
    expect(login.status).toBe(200);
  });

  it('a throttled login answers 429 with Retry-After (REST and tRPC, through the gateway)', async () => {
    const email = 'throttled@example.com';
    await fetch(`${api}/users/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'Throttled' }),
    });
    const wrong = JSON.stringify({ email, password: 'not-the-password' });
    let throttled: Response | undefined;
    for (let attempt = 0; attempt < 60 && !throttled; attempt++) {
      const res = await fetch(`${api}/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: wrong });
      if (res.status === 429) throttled = res;
      else await res.text();
    }
    expect(throttled, 'the login throttle never answered 429').toBeDefined();
    const body = await readJson(throttled!);
    expect(body.error.code).toBe('TOO_MANY_REQUESTS');
    const seconds = body.error.details.retryAfterSeconds as number;
    expect(throttled!.headers.get('retry-after')).toBe(String(Math.ceil(seconds)));

    const trpc = await fetch(`${platform.gatewayUrl}/trpc/identity/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: wrong });
    expect(trpc.status).toBe(429);
    expect(Number(trpc.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

#!/usr/bin/env node
// `npm run bench:recs-latency`: the shelves'
// latency through the gateway. The platform in its split topology (startCommercePlatform: every
// service its own process) on a throwaway database with the 2,400-product demo catalog; once the
// start rebuild has synced the catalog, autocannon (BENCH_CONNECTIONS, 10; BENCH_DURATION s, 8)
// on each shelf. Needs PostgreSQL at DATABASE_URL. Figures, not a timed test.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { startCommercePlatform } from '../testing/commerce.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);

const platform = await startCommercePlatform({ products: 2_400, env: { RECS_REFRESH_EVERY: '1s', LOG_LEVEL: 'warn', DB_POOL_MAX: '8' } });
try {
  const api = `${platform.gatewayUrl}/api/v1`;
  const listed = (await (await fetch(`${api}/products?limit=50&inStock=true`)).json()) as { items: Array<{ id: string }> };
  const ids = listed.items.map((product) => product.id);
  for (let attempt = 0; attempt < 240; attempt++) {
    const trending = (await (await fetch(`${api}/recommendations/trending?limit=8`)).json()) as { items?: unknown[] };
    if (trending.items?.length === 8) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let turn = 0;
  const next = () => ids[turn++ % ids.length]!;
  const run = (title: string, request: autocannon.Request) =>
    new Promise<void>((resolve, reject) => {
      void autocannon({ url: platform.gatewayUrl, connections: CONNECTIONS, duration: DURATION, requests: [request] }, (error, result) => {
        if (error) return reject(error);
        console.log(`| ${title} | ${Math.round(result.requests.average)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.non2xx + result.errors} |`);
        resolve();
      });
    });
  const get = (path: () => string): autocannon.Request => ({ method: 'GET', setupRequest: (request) => ({ ...request, path: path() }) });
  console.log(`Shelves through the gateway, ${CONNECTIONS} connections, ${DURATION} s each (cold-start state: every shelf topped up from trending)\n`);
  console.log('| shelf | req/s | p50 | p99 | errors |\n|---|---|---|---|---|');
  await run('(warm-up)', get(() => `/api/v1/recommendations/products/${next()}/also-bought?limit=8`));
  await run('also bought', get(() => `/api/v1/recommendations/products/${next()}/also-bought?limit=8`));
  await run('similar', get(() => `/api/v1/recommendations/products/${next()}/similar?limit=8`));
  await run('trending', get(() => '/api/v1/recommendations/trending?limit=8'));
  await run('for you (a visitor)', get(() => `/api/v1/recommendations/for-you?visitorId=${randomUUID()}&limit=8`));
  await run('bought together (2 products)', {
    method: 'POST',
    path: '/api/v1/recommendations/bought-together',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, body: JSON.stringify({ productIds: [next(), next()], limit: 8 }) }),
  });
} finally {
  await platform.shutdown();
}

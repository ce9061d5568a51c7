import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
const { startCommercePlatform } = await import('/work/wt/recs/packages/api/dist/testing/commerce.js');
const platform = await startCommercePlatform({ products: 2400, env: { RECS_REFRESH_EVERY: '1s', LOG_LEVEL: 'warn', DB_POOL_MAX: '8', RATE_LIMIT_EXEMPT_LOOPBACK: 'true' } });
try {
  const api = `${platform.gatewayUrl}/api/v1`;
  const list = await (await fetch(`${api}/products?limit=50&inStock=true`)).json();
  const ids = list.items.map((p) => p.id);
  // wait for the start sync
  for (let i = 0; i < 120; i++) {
    const r = await (await fetch(`${api}/recommendations/trending?limit=8`)).json();
    if (r.items?.length === 8) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const run = (title, requests) => new Promise((resolve) => {
    autocannon({ url: platform.gatewayUrl, connections: 10, duration: 8, requests }, (err, result) => {
      if (err) throw err;
      console.log(`${title}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, 2xx ${result["2xx"]}, non-2xx ${result.non2xx}, errors ${result.errors}`);
      resolve();
    });
  });
  let i = 0;
  const next = () => ids[i++ % ids.length];
  await run('warmup', [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/recommendations/products/${next()}/also-bought?limit=8` }) }]);
  await run('also-bought', [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/recommendations/products/${next()}/also-bought?limit=8` }) }]);
  await run('similar', [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/recommendations/products/${next()}/similar?limit=8` }) }]);
  await run('trending', [{ method: 'GET', path: '/api/v1/recommendations/trending?limit=8' }]);
  await run('for-you (visitor)', [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/v1/recommendations/for-you?visitorId=${randomUUID()}&limit=8` }) }]);
  await run('bought-together', [{ method: 'POST', path: '/api/v1/recommendations/bought-together', headers: { 'content-type': 'application/json' }, setupRequest: (r) => ({ ...r, body: JSON.stringify({ productIds: [next(), next()], limit: 8 }) }) }]);
} finally {
  await platform.shutdown();
}

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
  const a = ids[0], b = ids[1];
  const r = await fetch(`${api}/recommendations/bought-together`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productIds: [a, b], limit: 8 }) });
  console.log(r.status, (await r.text()).slice(0, 300));
  const samples = [];
  for (let k = 0; k < 400; k++) { const t = performance.now(); const x = await fetch(`${api}/recommendations/bought-together`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productIds: [ids[k % 50], ids[(k + 7) % 50]], limit: 8 }) }); await x.text(); samples.push(performance.now() - t); }
  samples.sort((x, y) => x - y); console.log('bought-together sequential p50', samples[200].toFixed(1), 'p99', samples[396].toFixed(1));
  await run('bought-together', [{ method: 'POST', path: '/api/v1/recommendations/bought-together', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify({ productIds: [next(), next()], limit: 8 }) }) }]);
} finally {
  await platform.shutdown();
}

#!/usr/bin/env node
// `npm run bench:admin-orders`: the admin's order reads at scale. The whole API in this process
// (startTestPlatform) on a throwaway database filled with BENCH_ADMIN_ORDERS orders (100,000) spread
// over the last 400 days, then, through the gateway with an owner's token: the orders list's first,
// a middle and the last page, the searches the list offers (e-mail part, number, status + date
// range, total range), the dashboard summary (30 days and a year), and the CSV export's whole walk
// (every keyset page of 500 of /orders/export, as apps/admin's export streams it). Each figure sits beside its ceiling: the
// same page's SQL run straight on PostgreSQL (no HTTP, no service). Figures, not a timed test.
import { performance } from 'node:perf_hooks';
import { DOMAIN_NAMES } from '../platform/index.js';
import { startTestPlatform } from '../testing/platform.js';
import { timed } from './report.js';

const ORDERS = Number(process.env.BENCH_ADMIN_ORDERS ?? 100_000);
const REPEAT = Number(process.env.BENCH_ADMIN_REPEAT ?? 15);

const platform = await startTestPlatform({ domains: DOMAIN_NAMES, catalogProducts: 50 });
try {
  const { pool, gatewayUrl } = platform;
  process.stderr.write(`[bench] inserting ${ORDERS} orders…\n`);
  const started = performance.now();
  // Orders over the last 400 days: most paid or later, some failed or cancelled; one line each; a
  // `paid` history row for every order that was paid (the summary counts payments by that row).
  await pool.query(`
    INSERT INTO orders.orders (id, number, customer_id, customer_email, guest_email, status, currency, subtotal, shipping, tax, total,
                               shipping_address, payment_method, payment_status, amount_refunded, stock_state, saga_step, created_at, updated_at)
    SELECT gen_random_uuid(), 'BN-' || lpad(g::text, 8, '0'), NULL, 'buyer' || (g % 20000) || '@bench.test', 'buyer' || (g % 20000) || '@bench.test',
           (ARRAY['paid','fulfilled','delivered','delivered','delivered','cancelled','payment_failed','partially_refunded'])[1 + g % 8]::orders.order_status,
           'USD', 1000 + (g * 7919) % 40000, 499, 0, 1499 + (g * 7919) % 40000,
           '{"name":"Bench Buyer","line1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"}'::jsonb,
           'card', 'succeeded', CASE WHEN g % 8 = 7 THEN 500 ELSE 0 END, 'committed', 'done',
           now() - ((g::double precision / $1) * interval '400 days'), now()
      FROM generate_series(1, $1::int) AS g`, [ORDERS]);
  await pool.query(`
    INSERT INTO orders.order_items (order_id, position, product_id, sku, name, unit_price, quantity, line_total)
    SELECT id, 0, gen_random_uuid(), 'BENCH-SKU', 'Bench item', subtotal, 1, subtotal FROM orders.orders WHERE number LIKE 'BN-%'`);
  await pool.query(`
    INSERT INTO orders.order_status_history (id, order_id, from_status, to_status, actor, created_at)
    SELECT gen_random_uuid(), id, 'pending_payment', 'paid', 'system', created_at + interval '5 seconds'
      FROM orders.orders WHERE number LIKE 'BN-%' AND status NOT IN ('payment_failed')`);
  await pool.query('ANALYZE orders.orders; ANALYZE orders.order_items; ANALYZE orders.order_status_history');
  process.stderr.write(`[bench] inserted in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  const login = await fetch(`${gatewayUrl}/api/v1/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@omnicart.test', password: process.env.OMNICART_ADMIN_PASSWORD ?? 'omnicart-admin' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${gatewayUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const sql = (text: string, values: unknown[] = []) => () => pool.query(text, values);
  const count = (where: string, values: unknown[] = []) => pool.query(`SELECT count(*) FROM orders.orders o WHERE ${where}`, values);
  const page = (where: string, order: string, offset: number, values: unknown[] = []) =>
    pool.query(`SELECT * FROM orders.orders o WHERE ${where} ORDER BY ${order} LIMIT 20 OFFSET ${offset}`, values);

  const lastPage = Math.ceil((ORDERS + 10) / 20);
  const midPage = Math.ceil(lastPage / 2);
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  const scenarios: Array<{ name: string; api: () => Promise<unknown>; ceiling: () => Promise<unknown> }> = [
    { name: 'list page 1 (newest)', api: () => get('/orders/search?page=1&pageSize=20'), ceiling: () => Promise.all([page('true', 'o.created_at DESC, o.id DESC', 0), count('true')]) },
    { name: `list page ${midPage}`, api: () => get(`/orders/search?page=${midPage}&pageSize=20`), ceiling: () => Promise.all([page('true', 'o.created_at DESC, o.id DESC', (midPage - 1) * 20), count('true')]) },
    { name: `list page ${lastPage} (last)`, api: () => get(`/orders/search?page=${lastPage}&pageSize=20`), ceiling: () => Promise.all([page('true', 'o.created_at DESC, o.id DESC', (lastPage - 1) * 20), count('true')]) },
    { name: 'search e-mail part "buyer1234@"', api: () => get('/orders/search?q=buyer1234%40'), ceiling: () => Promise.all([page('o.customer_email ILIKE $1', 'o.created_at DESC, o.id DESC', 0, ['%buyer1234@%']), count('o.customer_email ILIKE $1', ['%buyer1234@%'])]) },
    { name: 'search number "BN-0005"', api: () => get('/orders/search?q=BN-0005'), ceiling: () => Promise.all([page('o.number ILIKE $1', 'o.created_at DESC, o.id DESC', 0, ['BN-0005%']), count('o.number ILIKE $1', ['BN-0005%'])]) },
    { name: 'delivered, last 30 days', api: () => get(`/orders/search?status=delivered&from=${monthAgo}&to=${today}`), ceiling: () => Promise.all([page(`o.status = 'delivered' AND o.created_at >= $1`, 'o.created_at DESC, o.id DESC', 0, [monthAgo]), count(`o.status = 'delivered' AND o.created_at >= $1`, [monthAgo])]) },
    { name: 'total $200-$300, by total', api: () => get('/orders/search?minTotal=20000&maxTotal=30000&sort=total_desc'), ceiling: () => Promise.all([page('o.total BETWEEN 20000 AND 30000', 'o.total DESC, o.created_at DESC, o.id DESC', 0), count('o.total BETWEEN 20000 AND 30000')]) },
    { name: 'dashboard summary, 30 days', api: () => get(`/orders/summary?from=${monthAgo}&to=${today}`), ceiling: sql(`SELECT count(*), sum(o.total - o.amount_refunded) FROM orders.order_status_history h JOIN orders.orders o ON o.id = h.order_id WHERE h.to_status = 'paid' AND h.created_at >= $1::date - 30`, [monthAgo]) },
    { name: 'dashboard summary, 1 year', api: () => get(`/orders/summary?from=${yearAgo}&to=${today}`), ceiling: sql(`SELECT count(*), sum(o.total - o.amount_refunded) FROM orders.order_status_history h JOIN orders.orders o ON o.id = h.order_id WHERE h.to_status = 'paid' AND h.created_at >= $1::date - 365`, [yearAgo]) },
  ];

  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const api = await timed(REPEAT, scenario.api);
    const ceiling = await timed(REPEAT, scenario.ceiling);
    rows.push([scenario.name, api.p50.toFixed(1), api.p99.toFixed(1), ceiling.p50.toFixed(1), ceiling.p99.toFixed(1)]);
    process.stderr.write(`[bench] ${scenario.name}: p50 ${api.p50.toFixed(1)} ms\n`);
  }

  // The CSV export's walk: every keyset page of 500, in order, as apps/admin/src/server/orders.ts orderPages reads them.
  const exportStart = performance.now();
  let exported = 0;
  let after: string | null = null;
  do {
    const answer = (await get(`/orders/export?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`)) as { items: unknown[]; nextCursor: string | null };
    exported += answer.items.length;
    after = answer.nextCursor;
  } while (after);
  const exportMs = performance.now() - exportStart;
  const ceilingStart = performance.now();
  const cursor = await pool.query('SELECT count(*) FROM (SELECT * FROM orders.orders ORDER BY created_at DESC, id DESC) rows');
  const ceilingMs = performance.now() - ceilingStart;

  const widths = [34, 10, 10, 12, 12];
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' ');
  console.log(`\nAdmin order reads over ${ORDERS.toLocaleString('en-US')} orders (${REPEAT} runs each; ms)`);
  console.log(line(['scenario', 'API p50', 'API p99', 'SQL p50', 'SQL p99']));
  for (const row of rows) console.log(line(row));
  console.log(
    `\nCSV export walk: ${exported.toLocaleString('en-US')} orders in ${(exportMs / 1000).toFixed(1)} s ` +
      `(${Math.round(exported / (exportMs / 1000)).toLocaleString('en-US')} rows/s); ceiling, one SQL scan of them all: ${(ceilingMs / 1000).toFixed(2)} s (${cursor.rows[0]?.count} rows)`,
  );
} finally {
  await platform.stop();
}

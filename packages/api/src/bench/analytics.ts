#!/usr/bin/env node
// `npm run bench:analytics` (and the `analytics` part of `npm run bench`): analytics and
// recommendations at scale, each figure beside a ceiling measured in the same run (figures, not a
// timed test). The platform in its split topology (testing/commerce.ts: every service its own
// process) on a throwaway database with the 2,400-product demo catalog and the demo history
// (`seedDemoData(..., { history: true })`: analytics' sessions and sales, recommendations' purchases).
//
// 1. Ingest: batches of 50 storefront-shaped events (5 sessions of 10 events, as the BFF's batcher
//    sends them) POSTed to /api/v1/analytics/events through the gateway by 1 sender, then by
//    BENCH_INGEST_SENDERS (4) concurrent senders, BENCH_INGEST_BATCHES (400) batches after 20 warm-up
//    ones each: events/s, p50/p99 per batch, side by side. Ceiling: the same kind of rows (new ids)
//    through the repository's ingest straight on PostgreSQL, same concurrency (validation done
//    beforehand, not timed). The log names what the database sessions waited on (pg_stat_activity).
// 2. Reports over a year: BENCH_ANALYTICS_SESSIONS (220,000) sessions ≈ 1.08 M behaviour events and
//    BENCH_ANALYTICS_ORDERS (100,000) paid orders (sales facts, 1–3 lines, 4 % refunded) generated in
//    bulk with generate_series, spread over 364 days before now (store days in STORE_TIMEZONE), then
//    every store day's rollups and sessions rebuilt by the repository's rebuildRollups (so the
//    rollups are what ingest would have made). Then each report for the last 364 store days (with
//    the previous period, as the admin asks) through the gateway with an owner token,
//    BENCH_REPORT_RUNS (20) runs after one warm-up: p50/p99; ceiling: the repository's statements
//    the report runs (both periods) straight on PostgreSQL.
// 3. Shelves: autocannon (BENCH_CONNECTIONS 10, BENCH_DURATION 8 s) on each shelf through the
//    gateway once recommendations' rebuild has lists from the demo history; ceiling: the shelf's
//    statements (recommendations' repository) straight on PostgreSQL, BENCH_CONNECTIONS concurrent
//    callers for the same time.
// BENCH_ANALYTICS_PARTS=ingest,reports,shelves runs only some parts. Needs PostgreSQL at DATABASE_URL.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type pg from 'pg';
import { createPool } from '@omnicart/db';
import { analyticsInteractionsRecorded } from '../analytics/events.js';
import { createAnalyticsRepository, type EventRow } from '../analytics/repository.js';
import { validateBatch } from '../analytics/service.js';
import { storeDay } from '../analytics/timezone.js';
import { outboxEnvelope } from '../events/index.js';
import { createRecommendationsRepository, NIL_UUID } from '../recommendations/repository.js';
import { startCommercePlatform } from '../testing/commerce.js';
import { percentile, positiveSetting, timed } from './report.js';

const settings = {
  sessions: positiveSetting('BENCH_ANALYTICS_SESSIONS', 220_000),
  orders: positiveSetting('BENCH_ANALYTICS_ORDERS', 100_000),
  reportRuns: positiveSetting('BENCH_REPORT_RUNS', 20),
  ingestBatches: positiveSetting('BENCH_INGEST_BATCHES', 400),
  ingestSenders: positiveSetting('BENCH_INGEST_SENDERS', 4),
  connections: positiveSetting('BENCH_CONNECTIONS', 10),
  duration: positiveSetting('BENCH_DURATION', 8),
  timeZone: process.env.STORE_TIMEZONE || 'America/New_York',
  /** BENCH_ANALYTICS_PARTS: a comma list of ingest, reports, shelves (default all three). */
  parts: new Set((process.env.BENCH_ANALYTICS_PARTS || 'ingest,reports,shelves').split(',').map((part) => part.trim())),
};

const BATCH = 50;

export interface AnalyticsBenchResult {
  /** The markdown tables, ready to print. */
  text: string;
  /** Whether a section failed (its place in `text` says so). */
  failed: boolean;
}

// ------------------------------------------------------------------------------------------
// Measuring.

interface Stats {
  count: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
}

/** `concurrency` callers each running `fn` back to back until `total` calls were made (or for `seconds`). */
async function closedLoop(concurrency: number, limit: { total?: number; seconds?: number }, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = limit.seconds ? started + limit.seconds * 1000 : Infinity;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if ((limit.total !== undefined && i >= limit.total) || performance.now() >= deadline) return;
      const t = performance.now();
      try {
        await fn(i);
        samples.push(performance.now() - t);
      } catch (error) {
        if (errors++ === 0) process.stderr.write(`[bench] first error: ${String(error)}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return { count: samples.length, seconds, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), errors };
}

const ms = (value: number) => value.toFixed(1);
const int = (value: number) => Math.round(value).toLocaleString('en-US');

// ------------------------------------------------------------------------------------------
// 1. Ingest.

/** 5 sessions × 10 events as the storefront's BFF records them (home, search, product views, a shelf, cart, checkout, order). */
function storefrontBatch(products: Array<{ id: string; categoryId: string | null }>, seed: number): object[] {
  const events: object[] = [];
  const now = Date.now();
  for (let s = 0; s < 5; s++) {
    const base = { visitorId: randomUUID(), sessionId: randomUUID(), device: s % 2 ? 'desktop' : 'mobile' };
    const pick = (k: number) => products[(seed * 31 + s * 7 + k * 13) % products.length]!;
    const [a, b, c] = [pick(0), pick(1), pick(2)];
    let at = now - 60_000 - 10 * 5_000;
    const push = (type: string, path: string, props: object) => {
      at += 5_000;
      events.push({ id: randomUUID(), type, occurredAt: new Date(at).toISOString(), ...base, page: { path, referrerHost: events.length % 10 === 0 ? 'www.google.com' : null }, props });
    };
    push('page_view', '/', { pageType: 'home' });
    push('page_view', '/search', { pageType: 'search', query: ['headphones', 'desk lamp', 'yoga mat', 'rain jacket'][s % 4], resultCount: s === 4 ? 0 : 24 });
    push('page_view', `/products/p-${a.id.slice(0, 8)}`, { pageType: 'product', productId: a.id, categoryId: a.categoryId });
    push('product_impression', `/products/p-${a.id.slice(0, 8)}`, { productIds: [b.id, c.id], list: 'also_bought', position: 1 });
    push('recommendation_click', `/products/p-${a.id.slice(0, 8)}`, { productId: b.id, shelf: 'also_bought', sourceProductId: a.id, position: 1 });
    push('page_view', `/products/p-${b.id.slice(0, 8)}`, { pageType: 'product', productId: b.id, categoryId: b.categoryId });
    push('add_to_cart', '/cart', { productId: b.id, quantity: 1, unitPrice: 2_500 });
    push('checkout_started', '/checkout', { itemCount: 1 });
    push('checkout_step_completed', '/checkout', { step: 'address' });
    push('order_placed', '/checkout', { orderId: randomUUID() });
  }
  return events;
}

/** What the database's ingest sessions wait on while `run` runs: share of samples per wait event (pg_stat_activity every 5 ms). */
async function sampleWaits<T>(pool: pg.Pool, run: () => Promise<T>): Promise<{ result: T; waits: string }> {
  const counts = new Map<string, number>();
  let busy = 0;
  let sampling = true;
  const client = await pool.connect();
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await client.query<{ w: string }>(
        `SELECT COALESCE(wait_event_type || ':' || wait_event, 'CPU') AS w FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      for (const { w } of rows) counts.set(w, (counts.get(w) ?? 0) + 1);
      busy += rows.length;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    const result = await run();
    return { result, waits: [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([w, n]) => `${w} ${Math.round((100 * n) / Math.max(1, busy))} %`).join(', ') };
  } finally {
    sampling = false;
    await sampler;
    client.release();
  }
}

async function ingestBench(gateway: string, pool: pg.Pool, products: Array<{ id: string; categoryId: string | null }>, log: (m: string) => void): Promise<string> {
  const url = `${gateway}/api/v1/analytics/events`;
  let seed = 0;
  const post = async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: storefrontBatch(products, seed++) }) });
    const body = (await response.json()) as { accepted?: number; rejected?: unknown[] };
    if (!response.ok || body.accepted !== BATCH) throw new Error(`ingest: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  };
  const repository = createAnalyticsRepository(pool);
  const prepare = (count: number) =>
    Array.from({ length: count }, () => {
      const { rows, rejected } = validateBatch(storefrontBatch(products, 100_000 + seed++), { now: new Date(), timeZone: settings.timeZone, customerId: null });
      if (rejected.length) throw new Error(`ceiling batch rejected: ${JSON.stringify(rejected[0])}`);
      return rows;
    });
  const direct = (prepared: EventRow[][]) => (i: number) => repository.ingest(prepared[i]!, outboxEnvelope(analyticsInteractionsRecorded, randomUUID()));
  const perSecond = (stats: Stats) => (stats.count * BATCH) / stats.seconds;

  const senders = [...new Set([1, settings.ingestSenders])];
  const measured: Array<{ senders: number; api: Stats; sql: Stats }> = [];
  for (const n of senders) {
    log(`ingest: ${settings.ingestBatches} batches of ${BATCH}, ${n} sender(s), through the gateway then straight on PostgreSQL (after 20 warm-up batches each)`);
    await closedLoop(n, { total: 20 }, post);
    const api = await sampleWaits(pool, () => closedLoop(n, { total: settings.ingestBatches }, post));
    const warm = prepare(20);
    await closedLoop(n, { total: 20 }, direct(warm));
    const prepared = prepare(settings.ingestBatches);
    const sql = await sampleWaits(pool, () => closedLoop(n, { total: settings.ingestBatches }, direct(prepared)));
    log(`  → API ${int(perSecond(api.result))} events/s (waits: ${api.waits || 'none sampled'}); SQL ${int(perSecond(sql.result))} events/s (waits: ${sql.waits || 'none sampled'})`);
    measured.push({ senders: n, api: api.result, sql: sql.result });
  }
  const cells = (pick: (m: (typeof measured)[number]) => Stats) => measured.map((m) => `${int(perSecond(pick(m)))} | ${ms(pick(m).p50)} | ${ms(pick(m).p99)} | ${pick(m).errors}`).join(' | ');
  const header = measured.map((m) => `${m.senders} sender${m.senders === 1 ? '' : 's'}: events/s | p50 ms | p99 ms | errors`).join(' | ');
  return [
    `Ingest: ${int(settings.ingestBatches * BATCH)} events per run in batches of ${BATCH} (10-event storefront sessions), ${senders.join(' and ')} concurrent sender(s)`,
    '',
    `| path | ${header} |`,
    `|---|${measured.map(() => '---:|---:|---:|---:|').join('')}`,
    `| POST /api/v1/analytics/events through the gateway | ${cells((m) => m.api)} |`,
    `| ceiling: the repository's ingest on PostgreSQL | ${cells((m) => m.sql)} |`,
  ].join('\n');
}

// ------------------------------------------------------------------------------------------
// 2. Reports over a generated year.

const QUERIES = ['headphones', 'desk lamp', 'yoga mat', 'rain jacket', 'running shoes', 'coffee grinder', 'wireless speaker', 'notebook', 'backpack', 'water bottle',
  'keyboard', 'mouse', 'blender', 'tent', 'sunglasses', 'scarf', 'candle', 'teapot', 'monitor', 'charger'];

async function generateYear(pool: pg.Pool, log: (m: string) => void): Promise<{ events: number; orders: number; insertSeconds: number; rollupSeconds: number; days: number; from: string; to: string }> {
  const repository = createAnalyticsRepository(pool);
  const tz = settings.timeZone;
  const end = new Date(Date.now() - 2 * 3_600_000);
  const span = 364 * 86_400; // seconds
  // Partitions for every month of the year (the partitions job makes only the coming ones).
  const months: string[] = [];
  for (let m = 13; m >= -2; m--) {
    const d = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - m, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  await repository.maintainPartitions(months, '2000-01');
  log(`reports: generating ${int(settings.sessions)} sessions of behaviour events and ${int(settings.orders)} paid orders over 364 days`);
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query("SET statement_timeout = 0");
    const products = `(SELECT array_agg(id ORDER BY id) AS ids, array_agg(category_id ORDER BY id) AS cats, count(*)::int AS n FROM analytics.products WHERE status = 'active')`;
    const events = await client.query(
      `INSERT INTO analytics.behaviour_events (id, occurred_at, type, store_day, visitor_id, session_id, customer_id, path, referrer_host, device, product_id, props)
       SELECT gen_random_uuid(), s.t0 + e.step * interval '40 seconds', e.type, ((s.t0 + e.step * interval '40 seconds') AT TIME ZONE $4)::date,
              s.visitor, s.sid, NULL, e.path, CASE WHEN e.step = 0 AND s.g % 3 = 0 THEN 'www.google.com' END, s.device, e.product_id, e.props
         FROM (SELECT g, md5('bench-visitor-' || (g % ($1::int / 3)))::uuid AS visitor, md5('bench-session-' || g)::uuid AS sid,
                      (ARRAY['mobile', 'desktop', 'mobile', 'tablet'])[1 + g % 4] AS device,
                      $2::timestamptz - interval '10 minutes' - (g::float8 * $3 / $1) * interval '1 second' AS t0,
                      pr.ids[1 + ((g * 7919) % pr.n)::int] AS p1, pr.cats[1 + ((g * 7919) % pr.n)::int] AS c1,
                      pr.ids[1 + ((g * 104729) % pr.n)::int] AS p2, pr.cats[1 + ((g * 104729) % pr.n)::int] AS c2,
                      pr.ids[1 + ((g * 1299709) % pr.n)::int] AS p3,
                      ($5::text[])[1 + (g * 31) % array_length($5::text[], 1)] || CASE WHEN g % 7 = 0 THEN ' sale' ELSE '' END AS query
                 FROM generate_series(1, $1::bigint) AS g, ${products} AS pr) AS s,
              LATERAL (VALUES
                (0, true, 'page_view', '/', NULL::uuid, jsonb_build_object('pageType', 'home')),
                (1, s.g % 3 = 0, 'page_view', '/search', NULL, jsonb_build_object('pageType', 'search', 'query', s.query, 'resultCount', CASE WHEN s.g % 20 = 0 THEN 0 ELSE 24 END)
                                                            || CASE WHEN s.g % 15 = 0 THEN jsonb_build_object('correctedQuery', s.query) ELSE '{}'::jsonb END),
                (2, s.g % 6 = 0, 'search_click', '/search', s.p1, jsonb_build_object('query', s.query, 'productId', s.p1, 'position', 1)),
                (3, true, 'page_view', '/products/a', s.p1, jsonb_build_object('pageType', 'product', 'productId', s.p1, 'categoryId', s.c1)),
                (4, s.g % 4 = 0, 'product_impression', '/products/a', NULL, jsonb_build_object('productIds', jsonb_build_array(s.p2, s.p3), 'list', 'also_bought', 'position', 1)),
                (5, s.g % 12 = 0, 'recommendation_click', '/products/a', s.p2, jsonb_build_object('productId', s.p2, 'shelf', 'also_bought', 'sourceProductId', s.p1, 'position', 1)),
                (6, s.g % 2 = 0, 'page_view', '/products/b', s.p2, jsonb_build_object('pageType', 'product', 'productId', s.p2, 'categoryId', s.c2)),
                (7, s.g % 3 <> 2, 'add_to_cart', '/cart', s.p2, jsonb_build_object('productId', s.p2, 'quantity', 1, 'unitPrice', 2500)),
                (8, s.g % 5 < 2, 'checkout_started', '/checkout', NULL, jsonb_build_object('itemCount', 1)),
                (9, s.g % 5 < 2, 'checkout_step_completed', '/checkout', NULL, jsonb_build_object('step', 'address')),
                (10, s.g % 10 = 0, 'order_placed', '/checkout', NULL, jsonb_build_object('orderId', md5('bench-order-' || s.g)::uuid))
              ) AS e(step, included, type, path, product_id, props)
        WHERE e.included`,
      [settings.sessions, end.toISOString(), span, tz, QUERIES],
    );
    // Paid orders: 1–3 lines (the first line is the product the order's session clicked on a shelf), 4 % refunded $5.
    const paidAt = `$2::timestamptz - (g::float8 * $3 / $1) * interval '1 second'`;
    await client.query(
      `INSERT INTO analytics.order_line_facts (order_id, line_no, product_id, category_id, quantity, unit_price, line_total, store_day)
       SELECT md5('bench-order-' || g)::uuid, k, pr.ids[x.i], pr.cats[x.i], x.q, x.price, x.q * x.price, ((${paidAt}) AT TIME ZONE $4)::date
         FROM generate_series(1, $1::bigint) AS g CROSS JOIN LATERAL generate_series(1, 1 + g % 3) AS k, ${products} AS pr,
              LATERAL (SELECT 1 + ((g * 104729 + (k - 1) * 7919) % pr.n)::int AS i, 1 + (g + k) % 2 AS q, 900 + (g * 37 + k * 101) % 9000 AS price) AS x`,
      [settings.orders, end.toISOString(), span, tz],
    );
    await client.query(
      `INSERT INTO analytics.order_facts (order_id, customer_key, is_new, paid_at, store_day, currency, subtotal, shipping, tax, total, units, refunded)
       SELECT o.order_id, o.customer_key, row_number() OVER (PARTITION BY o.customer_key ORDER BY o.paid_at) = 1, o.paid_at, o.store_day, 'USD',
              o.subtotal, o.shipping, round(o.subtotal * 0.08)::int, o.subtotal + o.shipping + round(o.subtotal * 0.08)::int, o.units, CASE WHEN o.g % 25 = 0 THEN 500 ELSE 0 END
         FROM (SELECT g, md5('bench-order-' || g)::uuid AS order_id, 'g:' || md5('bench-buyer-' || (g % ($1::int * 35 / 100))) AS customer_key, ${paidAt} AS paid_at,
                      l.store_day, l.subtotal, CASE WHEN l.subtotal >= 5000 THEN 0 ELSE 599 END AS shipping, l.units
                 FROM generate_series(1, $1::int) AS g
                 JOIN (SELECT order_id, min(store_day) AS store_day, sum(line_total)::int AS subtotal, sum(quantity)::int AS units FROM analytics.order_line_facts GROUP BY order_id) l
                   ON l.order_id = md5('bench-order-' || g)::uuid) AS o`,
      [settings.orders, end.toISOString(), span],
    );
    await client.query(
      `INSERT INTO analytics.customers (customer_key, first_order_id, first_paid_at, first_store_day)
       SELECT customer_key, order_id, paid_at, store_day FROM analytics.order_facts WHERE is_new AND customer_key LIKE 'g:%' ON CONFLICT (customer_key) DO NOTHING`,
    );
    await client.query(
      `INSERT INTO analytics.refund_facts (event_id, order_id, amount, refunded_at, store_day)
       SELECT md5('bench-refund-' || order_id)::uuid, order_id, refunded, paid_at + interval '1 minute', ((paid_at + interval '1 minute') AT TIME ZONE $1)::date
         FROM analytics.order_facts WHERE refunded > 0 AND customer_key LIKE 'g:%'`,
      [tz],
    );
    // What ingest keeps per session besides the rollups: which session placed an order, its first shelf click per product.
    await client.query(
      `INSERT INTO analytics.session_orders (order_id, session_id, placed_at)
       SELECT (props->>'orderId')::uuid, session_id, occurred_at FROM analytics.behaviour_events WHERE type = 'order_placed' AND path = '/checkout' AND session_id IS NOT NULL
       ON CONFLICT (order_id) DO NOTHING`,
    );
    await client.query(
      `INSERT INTO analytics.session_shelf_clicks (session_id, product_id, shelf, clicked_at)
       SELECT DISTINCT ON (session_id, product_id) session_id, product_id, props->>'shelf', occurred_at
         FROM analytics.behaviour_events WHERE type = 'recommendation_click' AND session_id IS NOT NULL ORDER BY session_id, product_id, occurred_at
       ON CONFLICT (session_id, product_id) DO NOTHING`,
    );
    await client.query('ANALYZE analytics.behaviour_events; ANALYZE analytics.order_facts; ANALYZE analytics.order_line_facts; ANALYZE analytics.customers');
    const insertSeconds = (performance.now() - started) / 1000;
    const counted = await client.query<{ events: string; orders: string }>(
      'SELECT (SELECT count(*) FROM analytics.behaviour_events) AS events, (SELECT count(*) FROM analytics.order_facts) AS orders',
    );
    log(`  inserted ${int(events.rowCount ?? 0)} events and ${int(settings.orders)} orders in ${insertSeconds.toFixed(1)} s; rebuilding every store day's rollups…`);

    // Every store day's rollups and sessions from the raw rows, two days at a time.
    const first = storeDay(new Date(end.getTime() - span * 1000 - 3_600_000), tz);
    const last = storeDay(new Date(), tz);
    const days: string[] = [];
    for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d = new Date(d.getTime() + 86_400_000)) days.push(d.toISOString().slice(0, 10));
    const rebuildStart = performance.now();
    await closedLoop(2, { total: days.length }, (i) => repository.rebuildRollups(days[i]!, days[i]!));
    await client.query('ANALYZE analytics.sessions; ANALYZE analytics.daily_sales; ANALYZE analytics.daily_product; ANALYZE analytics.daily_category; ANALYZE analytics.daily_search; ANALYZE analytics.daily_shelf');
    const rollupSeconds = (performance.now() - rebuildStart) / 1000;
    log(`  rollups of ${days.length} days rebuilt in ${rollupSeconds.toFixed(1)} s`);
    return {
      events: Number(counted.rows[0]!.events),
      orders: Number(counted.rows[0]!.orders),
      insertSeconds,
      rollupSeconds,
      days: days.length,
      from: storeDay(new Date(Date.now() - 363 * 86_400_000), tz),
      to: last,
    };
  } finally {
    client.release();
  }
}

async function reportBench(gateway: string, pool: pg.Pool, adminToken: string, log: (m: string) => void): Promise<string> {
  const year = await generateYear(pool, log);
  const repository = createAnalyticsRepository(pool);
  const { from, to } = year;
  // The previous period: the same number of days right before `from`.
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  const prevTo = new Date(Date.parse(from) - 86_400_000).toISOString().slice(0, 10);
  const prevFrom = new Date(Date.parse(from) - days * 86_400_000).toISOString().slice(0, 10);
  const both = <T>(fn: (f: string, t: string) => Promise<T>) => () => Promise.all([fn(from, to), fn(prevFrom, prevTo)]);
  const get = async (path: string) => {
    const response = await fetch(`${gateway}/api/v1/analytics/reports/${path}${path.includes('?') ? '&' : '?'}from=${from}&to=${to}`, { headers: { authorization: `Bearer ${adminToken}` } });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  // The sanity line: the year's revenue as the API reports it.
  const sales = JSON.parse(await get('sales?granularity=month')) as { current: { totals: Record<string, number> } };
  log(`  sales overview totals: ${JSON.stringify(sales.current.totals)}`);
  const scenarios: Array<{ name: string; api: () => Promise<unknown>; ceiling: () => Promise<unknown> }> = [
    { name: 'sales overview, per day', api: () => get('sales?granularity=day'), ceiling: both((f, t) => repository.dailySales(f, t)) },
    { name: 'sales overview, per month', api: () => get('sales?granularity=month'), ceiling: both((f, t) => repository.dailySales(f, t)) },
    { name: 'top products (revenue, 20)', api: () => get('products?by=revenue&limit=20'), ceiling: both((f, t) => repository.productTotals(f, t, 'revenue', 20)) },
    { name: 'top categories (revenue, 20)', api: () => get('categories?by=revenue&limit=20'), ceiling: both((f, t) => repository.categoryTotals(f, t, 'revenue', 20)) },
    { name: 'funnel', api: () => get('funnel'), ceiling: both((f, t) => repository.funnelCounts(f, t)) },
    { name: 'search', api: () => get('search?limit=20'), ceiling: both((f, t) => repository.searchRows(f, t)) },
    { name: 'retention (6 months)', api: () => get('retention?months=6'), ceiling: both((f, t) => Promise.all([repository.buyerOrderCounts(f, t), repository.cohortMembers(f, t)])) },
    { name: 'recommendations (shelves)', api: () => get('recommendations'), ceiling: both((f, t) => repository.shelfRows(f, t)) },
    { name: 'sales overview CSV', api: () => get('sales/csv?granularity=day'), ceiling: both((f, t) => repository.dailySales(f, t)) },
  ];
  const lines: string[] = [];
  for (const scenario of scenarios) {
    const api = await timed(settings.reportRuns, scenario.api);
    const sql = await timed(settings.reportRuns, scenario.ceiling);
    log(`  ${scenario.name}: API p50 ${ms(api.p50)} ms, SQL p50 ${ms(sql.p50)} ms`);
    lines.push(`| ${scenario.name} | ${ms(api.p50)} | ${ms(api.p99)} | ${ms(sql.p50)} | ${ms(sql.p99)} |`);
  }
  return [
    `Reports over ${from}..${to} (${days} store days in ${settings.timeZone}, with the previous period) — ${int(year.events)} behaviour events and ${int(year.orders)} paid orders in the analytics schema;`,
    `generated in ${year.insertSeconds.toFixed(1)} s (generate_series), rollups and sessions of ${year.days} store days rebuilt in ${year.rollupSeconds.toFixed(1)} s (rebuildRollups, 2 days at a time); ${settings.reportRuns} runs each after a warm-up, ms`,
    '',
    '| report | API p50 | API p99 | SQL p50 (ceiling) | SQL p99 (ceiling) |',
    '|---|---:|---:|---:|---:|',
    ...lines,
  ].join('\n');
}

// ------------------------------------------------------------------------------------------
// 3. Shelves.

async function shelfBench(gateway: string, databaseUrl: string, log: (m: string) => void): Promise<string> {
  const pool = createPool(databaseUrl, { max: settings.connections });
  try {
    const repository = createRecommendationsRepository(pool);
    // The rebuild at start turns the demo history into lists: wait for "also bought" lists.
    let ids: string[] = [];
    for (let attempt = 0; attempt < 240 && ids.length < 20; attempt++) {
      const { rows } = await pool.query<{ key: string }>(
        `SELECT l.key::text AS key FROM recommendations.lists l JOIN recommendations.products p ON p.id = l.key
          WHERE l.shelf = 'also_bought' AND p.status = 'active' GROUP BY l.key HAVING count(*) >= 8 ORDER BY l.key LIMIT 50`,
      );
      ids = rows.map((row) => row.key);
      if (ids.length < 20) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (ids.length === 0) throw new Error('recommendations built no "also bought" list from the demo history');
    const check = (await (await fetch(`${gateway}/api/v1/recommendations/products/${ids[0]}/also-bought?limit=8`)).json()) as { fallback?: boolean; items?: unknown[] };
    log(`shelves: ${ids.length} products with an "also bought" list of ≥ 8; first answer fallback=${String(check.fallback)}, ${check.items?.length ?? 0} items`);
    let turn = 0;
    const next = () => ids[turn++ % ids.length]!;
    // Visitors of the demo history with the most viewed products: for-you through its whole model.
    const { rows: visitorRows } = await pool.query<{ visitor_id: string }>(
      `SELECT visitor_id::text FROM recommendations.interactions WHERE visitor_id IS NOT NULL GROUP BY visitor_id ORDER BY count(*) DESC, visitor_id LIMIT 50`,
    );
    const visitors = visitorRows.map((row) => row.visitor_id);
    const nextVisitor = () => visitors[turn++ % Math.max(visitors.length, 1)] ?? randomUUID();
    const cannon = (request: autocannon.Request) =>
      autocannon({ url: gateway, connections: settings.connections, duration: settings.duration, requests: [request] });
    const get = (path: () => string): autocannon.Request => ({ method: 'GET', setupRequest: (request) => ({ ...request, path: path() }) });
    const shelves: Array<{ name: string; request: autocannon.Request; ceiling: () => Promise<unknown> }> = [
      {
        name: 'also bought',
        request: get(() => `/api/v1/recommendations/products/${next()}/also-bought?limit=8`),
        ceiling: () => { const id = next(); return repository.shelfWithFill('also_bought', id, 8, [id]); },
      },
      {
        name: 'similar',
        request: get(() => `/api/v1/recommendations/products/${next()}/similar?limit=8`),
        ceiling: () => { const id = next(); return repository.shelfWithFill('similar', id, 8, [id]); },
      },
      { name: 'trending', request: get(() => '/api/v1/recommendations/trending?limit=8'), ceiling: () => repository.shelf('trending', NIL_UUID, 8) },
      {
        name: 'for you (unknown visitor)',
        request: get(() => `/api/v1/recommendations/for-you?visitorId=${randomUUID()}&limit=8`),
        ceiling: async () => {
          await repository.history({ customerId: null, visitorId: randomUUID() });
          return repository.neighbours(['co_bought', 'co_viewed'], [], 8, []);
        },
      },
      {
        name: 'for you (a demo visitor with history)',
        request: get(() => `/api/v1/recommendations/for-you?visitorId=${nextVisitor()}&limit=8`),
        // The service's three statements (history, consumables, lists of the history's products and
        // categories); the taste segments are cached in the service.
        ceiling: async () => {
          const history = await repository.history({ customerId: null, visitorId: nextVisitor() });
          const bought = history.filter((entry) => entry.kind === 'purchase').map((entry) => entry.productId);
          await repository.consumables(bought, []);
          const categories = [...new Set(history.flatMap((entry) => (entry.categoryId ? [entry.categoryId] : [])))].slice(0, 6);
          return repository.neighbours(['co_bought', 'co_viewed', 'popular'], [...new Set(history.map((entry) => entry.productId)), ...categories], 8, bought);
        },
      },
      {
        name: 'bought together (2 products)',
        request: {
          method: 'POST',
          path: '/api/v1/recommendations/bought-together',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ productIds: [next(), next()], limit: 8 }) }),
        },
        ceiling: () => { const cart = [next(), next()]; return repository.neighbours(['also_bought'], cart, 8, cart); },
      },
    ];
    log(`shelves: autocannon ${settings.connections} connections, ${settings.duration} s per shelf; ceiling ${settings.connections} concurrent callers of the shelf's statements`);
    await cannon(shelves[0]!.request); // warm-up
    const lines: string[] = [];
    for (const shelf of shelves) {
      const api = await cannon(shelf.request);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await closedLoop(settings.connections, { seconds: 1 }, shelf.ceiling);
      const sql = await closedLoop(settings.connections, { seconds: settings.duration }, shelf.ceiling);
      log(`  ${shelf.name}: ${int(api.requests.average)} req/s p99 ${api.latency.p99} ms; SQL ${int(sql.count / sql.seconds)}/s p99 ${ms(sql.p99)} ms`);
      lines.push(
        `| ${shelf.name} | ${int(api.requests.average)} | ${api.latency.p50} | ${api.latency.p99} | ${api.non2xx + api.errors} | ${int(sql.count / sql.seconds)} | ${ms(sql.p50)} | ${ms(sql.p99)} |`,
      );
    }
    return [
      `Shelves through the gateway (autocannon, ${settings.connections} connections, ${settings.duration} s each; lists from the demo history) beside the shelf's SQL on PostgreSQL (${settings.connections} concurrent callers, ${settings.duration} s)`,
      '',
      '| shelf | API req/s | API p50 ms | API p99 ms | API errors | SQL calls/s (ceiling) | SQL p50 ms | SQL p99 ms |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...lines,
    ].join('\n');
  } finally {
    await pool.end();
  }
}

// ------------------------------------------------------------------------------------------

export async function runAnalyticsBench(log: (message: string) => void = (message) => process.stderr.write(`[bench] ${message}\n`)): Promise<AnalyticsBenchResult> {
  log('analytics: starting the platform (split topology, 2,400 products, demo history)…');
  const startedAt = performance.now();
  const platform = await startCommercePlatform({
    products: 2_400,
    demoHistory: true,
    readyTimeoutMs: 180_000,
    env: { RECS_REFRESH_EVERY: '1s', LOG_LEVEL: 'warn', DB_POOL_MAX: '8', STORE_TIMEZONE: settings.timeZone },
  });
  try {
    log(`analytics: platform up in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
    // A section that fails is reported as such; the others still run.
    let failed = false;
    const section = async (name: string, run: () => Promise<string>) => {
      if (!settings.parts.has(name)) return `${name}: not run (BENCH_ANALYTICS_PARTS)`;
      try {
        return await run();
      } catch (error) {
        log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        failed = true;
        return `${name}: FAILED (${error instanceof Error ? error.message : String(error)})`;
      }
    };
    const shelves = await section('shelves', () => shelfBench(platform.gatewayUrl, platform.databaseUrl, log));
    const ingest = await section('ingest', async () => {
      const { rows: products } = await platform.pool.query<{ id: string; categoryId: string | null }>(
        `SELECT id::text AS id, category_id::text AS "categoryId" FROM analytics.products WHERE status = 'active' ORDER BY id LIMIT 500`,
      );
      return ingestBench(platform.gatewayUrl, platform.pool, products, log);
    });
    const reports = await section('reports', async () => reportBench(platform.gatewayUrl, platform.pool, await platform.adminToken(), log));
    return { text: `${ingest}\n\n${reports}\n\n${shelves}\n`, failed };
  } finally {
    await platform.shutdown();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAnalyticsBench().then(
    ({ text, failed }) => {
      process.stdout.write(`\nOmniCart analytics bench — ${new Date().toISOString()}\n\n${text}`);
      if (failed) process.exitCode = 1;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

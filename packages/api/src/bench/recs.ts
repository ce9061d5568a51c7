#!/usr/bin/env node
// `npm run bench:recs`: offline evaluation of the recommendation models on a synthetic history with
// planted structure (@omnicart/db/seed generateSyntheticHistory: taste groups tied to categories, complementary
// pairs, seasonality, Zipf popularity within categories, browsing sessions) over the demo catalog,
// generated as the seed does (no database). Trains on everything but each customer's last order,
// then scores the held-out orders with hit-rate@10, precision@10, nDCG@10 and catalog coverage:
//   next order     — for you (the customer's history) vs popularity, trending and the planted optimum;
//   rest of order  — also bought and similar for the order's first product;
//   complete cart  — bought together for all but the order's last product.
// The models are the service's own pure functions (recommendations/models/*, builder.ts's list
// builders): the service feeds them SQL counts (scoreRow), this bench in-memory ones (alsoBought);
// a unit test proves both give the same lists. For you blends a quarter of item neighbours (co-bought,
// co-viewed) with three quarters of taste: the shopper's categories → the taste segments fitted by EM
// to the training customers' purchases per category (fitSegments, as the full rebuild does) → each
// taste category's products by share of its orders (categoryPopularity). Figures, not a timed test.
//
// Settings (environment): BENCH_RECS_CUSTOMERS (3000), BENCH_RECS_PRODUCTS (2400), BENCH_RECS_SEED,
// RECS_MIN_SUPPORT (2), RECS_HALF_LIFE_DAYS (90), RECS_TRENDING_HALF_LIFE_DAYS (7), BENCH_RECS_NEIGHBOUR_SHARE (0.25).
import { performance } from 'node:perf_hooks';
import { alsoBoughtList, coBoughtList, popularInList, similarFacts, TOP_K } from '../recommendations/builder.js';
import { alsoBought, buildCooccurrence } from '../recommendations/models/cooccurrence.js';
import { boughtExclusions, boughtTogether, categoryTaste, forYou, type HistoryEntry, type Neighbour } from '../recommendations/models/personal.js';
import { categoryPopularity } from '../recommendations/models/popularity.js';
import { fitSegments } from '../recommendations/models/segments.js';
import { similarFor, type SimilarFacts } from '../recommendations/models/similar.js';
import { trendingScores } from '../recommendations/models/trending.js';
import { generateSyntheticHistory, type SyntheticOrder } from '@omnicart/db/seed';

const K = 10;
const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const MIN_SUPPORT = env('RECS_MIN_SUPPORT', 2);
const HALF_LIFE = env('RECS_HALF_LIFE_DAYS', 90);
const TRENDING_HALF_LIFE = env('RECS_TRENDING_HALF_LIFE_DAYS', 7);
const CONSUMABLES = ['coffee-tea', 'skincare', 'hair-care', 'shaving-grooming', 'notebooks', 'pens'];
const CO_VIEW_WEIGHT = 0.5;
/** Exploration only: for-you's neighbour share (the service uses NEIGHBOUR_SHARE, 0.25). */
const NEIGHBOUR_SHARE = process.env.BENCH_RECS_NEIGHBOUR_SHARE ? Number(process.env.BENCH_RECS_NEIGHBOUR_SHARE) : undefined;

const started = performance.now();
const history = generateSyntheticHistory({ customers: env('BENCH_RECS_CUSTOMERS', 3_000), products: env('BENCH_RECS_PRODUCTS', 2_400), ...(process.env.BENCH_RECS_SEED ? { seed: Number(process.env.BENCH_RECS_SEED) } : {}) });
const { products, planted } = history;
const group = new Map(history.customers.map((customer) => [customer.id, customer.group]));

// --- the split: each customer's last order is held out
const last = new Map<string, SyntheticOrder>();
for (const order of history.orders) last.set(order.customerId, order);
const heldOut = [...last.values()];
const heldIds = new Set(heldOut.map((order) => order.orderId));
const train = history.orders.filter((order) => !heldIds.has(order.orderId));
const splitAt = new Date(Math.max(...train.map((order) => order.at.getTime())));
const trainSessions = history.sessions.filter((session) => heldOut.find((order) => order.customerId === session.customerId)!.at.getTime() - session.at.getTime() > 60 * 60_000);

// --- training, as the service's full rebuild does: baskets = customers, sessions for co-views
const baskets = new Map<string, string[]>();
for (const order of train) baskets.set(order.customerId, [...(baskets.get(order.customerId) ?? []), ...order.productIds]);
const bought = buildCooccurrence(baskets.values());
const viewed = buildCooccurrence(trainSessions.map((session) => session.productIds));
const options = { minSupport: MIN_SUPPORT, k: TOP_K };
const alsoBoughtLists = new Map<string, Neighbour[]>();
const coViewedLists = new Map<string, Neighbour[]>();
const listAlsoBought = (id: string) => {
  let list = alsoBoughtLists.get(id);
  if (!list) alsoBoughtLists.set(id, (list = alsoBoughtList(alsoBought(bought, id, options), alsoBought(viewed, id, options))));
  return list;
};
const listCoViewed = (id: string) => {
  let list = coViewedLists.get(id);
  if (!list) coViewedLists.set(id, (list = alsoBought(viewed, id, options).map((entry) => ({ productId: entry.productId, score: entry.score * CO_VIEW_WEIGHT }))));
  return list;
};
const coBoughtLists = new Map<string, Neighbour[]>();
const listCoBought = (id: string) => {
  let list = coBoughtLists.get(id);
  if (!list) coBoughtLists.set(id, (list = coBoughtList(alsoBought(bought, id, { ...options, affinity: 'cooccurrence' }))));
  return list;
};
/** For-you's neighbours: the co-bought list (co-occurrence counts) and the co-viewed one at half weight (as service.ts reads them). */
const forYouNeighbours = (id: string) => [...listCoBought(id), ...listCoViewed(id)];

const categories = history.catalog.categories;
const facts: SimilarFacts[] = similarFacts(
  products.map((p) => ({ id: p.id, sku: p.sku, name: p.name, description: p.description, categoryId: p.categoryId, brand: p.brand, attributes: p.attributes, status: p.status, available: 1 })),
  categories.map((c) => ({ id: c.id, slug: c.slug, parentId: c.parentId })),
);
const factsById = new Map(facts.map((f) => [f.id, f]));
const byFamily = new Map<string | null, SimilarFacts[]>();
for (const f of facts) byFamily.set(f.familyId, [...(byFamily.get(f.familyId) ?? []), f]);
const similarLists = new Map<string, string[]>();
const similarOf = (id: string) => {
  let list = similarLists.get(id);
  if (!list) similarLists.set(id, (list = similarFor(factsById.get(id)!, byFamily.get(factsById.get(id)!.familyId) ?? [], TOP_K).map((entry) => entry.productId)));
  return list;
};

// Trending as the service computes it (decayed views + 5× units), and plain purchase popularity.
const trending = trendingScores(
  [
    ...train.flatMap((order) => order.productIds.map((productId) => ({ productId, kind: 'purchase' as const, at: order.at }))),
    ...trainSessions.flatMap((session) => session.productIds.map((productId) => ({ productId, kind: 'view' as const, at: session.at }))),
  ],
  splitAt,
  TRENDING_HALF_LIFE,
).map((score) => score.productId);
const counts = new Map<string, number>();
for (const order of train) for (const id of order.productIds) counts.set(id, (counts.get(id) ?? 0) + 1);
const popular = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);

const slugOf = new Map(categories.map((c) => [c.id, c.slug]));
const parentOf = new Map(categories.map((c) => [c.id, c.parentId]));
const categoryOf = new Map(products.map((p) => [p.id, p.categoryId]));

// For-you's taste inputs, as the builder computes them: the taste segments fitted to each customer's
// purchases per category (distinct products), and each category's products by share of its orders.
const customerCategories = new Map<string, Map<string, number>>();
for (const [customerId, items] of baskets) {
  const counts = new Map<string, number>();
  for (const id of new Set(items)) counts.set(categoryOf.get(id)!, (counts.get(categoryOf.get(id)!) ?? 0) + 1);
  customerCategories.set(customerId, counts);
}
const segments = fitSegments(customerCategories);
const popularLists = new Map(
  [...categoryPopularity(train.flatMap((order) => order.productIds.map((productId) => ({ productId, categoryId: categoryOf.get(productId)!, at: order.at }))), splitAt, HALF_LIFE, TOP_K)].map(
    ([categoryId, list]) => [categoryId, popularInList(list)],
  ),
);
const popularIn = (categoryId: string) => popularLists.get(categoryId) ?? [];
const consumable = (id: string) => {
  const category = categoryOf.get(id);
  return !!category && (CONSUMABLES.includes(slugOf.get(category) ?? '') || CONSUMABLES.includes(slugOf.get(parentOf.get(category) ?? '') ?? ''));
};

/** The top k, topped up from a fallback list (as the shelves fill up with trending), `exclude` never shown. */
function topUp(ranked: string[], fallback: string[], exclude: ReadonlySet<string>, k = K): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of [...ranked, ...fallback]) {
    if (out.length >= k) break;
    if (exclude.has(id) || seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** The planted optimum's ranking: the generative probability of each product in the order (pick + complement). */
function oracleRanking(customerId: string, at: Date, given: string[]): string[] {
  const pick = planted.pickProbability(group.get(customerId)!, at.getUTCMonth());
  const score = new Map<string, number>();
  for (const [id, p] of pick) {
    const partner = planted.complements.get(id);
    score.set(id, (score.get(id) ?? 0) + p);
    if (partner) score.set(partner, (score.get(partner) ?? 0) + p * planted.complementRate);
  }
  // What is already in the order/cart: its planted complements come first.
  for (const id of given) {
    const partner = planted.complements.get(id);
    if (partner) score.set(partner, (score.get(partner) ?? 0) + 10);
  }
  return [...score].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

interface Metrics {
  n: number;
  hit: number;
  precision: number;
  ndcg: number;
  shown: Set<string>;
}
const table = new Map<string, Metrics>();
function score(task: string, model: string, recommended: string[], targets: ReadonlySet<string>): void {
  const key = `${task}|${model}`;
  const m = table.get(key) ?? { n: 0, hit: 0, precision: 0, ndcg: 0, shown: new Set<string>() };
  const top = recommended.slice(0, K);
  let hits = 0;
  let dcg = 0;
  top.forEach((id, index) => {
    if (targets.has(id)) {
      hits++;
      dcg += 1 / Math.log2(index + 2);
    }
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(targets.size, K); i++) ideal += 1 / Math.log2(i + 2);
  m.n++;
  m.hit += hits > 0 ? 1 : 0;
  m.precision += hits / K;
  m.ndcg += ideal > 0 ? dcg / ideal : 0;
  for (const id of top) m.shown.add(id);
  table.set(key, m);
}

// --- scoring
const trainByCustomer = new Map<string, SyntheticOrder[]>();
for (const order of train) trainByCustomer.set(order.customerId, [...(trainByCustomer.get(order.customerId) ?? []), order]);
const sessionsByCustomer = new Map<string, typeof trainSessions>();
for (const session of trainSessions) sessionsByCustomer.set(session.customerId, [...(sessionsByCustomer.get(session.customerId) ?? []), session]);

for (const order of heldOut) {
  const targets = new Set(order.productIds);
  const past: HistoryEntry[] = [
    ...(trainByCustomer.get(order.customerId) ?? []).flatMap((o) => o.productIds.map((productId) => ({ productId, kind: 'purchase' as const, at: o.at, categoryId: categoryOf.get(productId)! }))),
    ...(sessionsByCustomer.get(order.customerId) ?? []).flatMap((s) => s.productIds.map((productId) => ({ productId, kind: 'view' as const, at: s.at, categoryId: categoryOf.get(productId)! }))),
  ];
  const exclude = boughtExclusions(past, consumable);
  // 1. the next order
  const taste = categoryTaste(past, segments, { now: order.at, halfLifeDays: HALF_LIFE });
  const personal = forYou(past, { neighbours: forYouNeighbours, popularIn }, taste, {
    now: order.at,
    halfLifeDays: HALF_LIFE,
    exclude,
    k: K,
    ...(NEIGHBOUR_SHARE === undefined ? {} : { neighbourShare: NEIGHBOUR_SHARE }),
  }).map((s) => s.productId);
  score('next order', 'for you', topUp(personal, trending, exclude), targets);
  score('next order', 'popularity', topUp(popular, [], exclude), targets);
  score('next order', 'trending', topUp(trending, [], exclude), targets);
  score('next order', 'planted optimum', topUp(oracleRanking(order.customerId, order.at, []), [], exclude), targets);
  if (order.productIds.length < 2) continue;
  // 2. the rest of the order, on the first product's page
  const [first, ...rest] = order.productIds as [string, ...string[]];
  const restTargets = new Set(rest);
  const self = new Set([first]);
  score('rest of order', 'also bought', topUp(listAlsoBought(first).map((n) => n.productId), trending, self), restTargets);
  score('rest of order', 'similar', topUp(similarOf(first), trending, self), restTargets);
  score('rest of order', 'popularity', topUp(popular, [], self), restTargets);
  score('rest of order', 'planted optimum', topUp(oracleRanking(order.customerId, order.at, [first]), [], self), restTargets);
  // 3. complete the cart: all but the last product in it
  const cart = order.productIds.slice(0, -1);
  const missing = new Set(order.productIds.slice(-1));
  const inCart = new Set(cart);
  score('complete cart', 'bought together', topUp(boughtTogether(cart, listAlsoBought, K).map((s) => s.productId), trending, inCart), missing);
  score('complete cart', 'popularity', topUp(popular, [], inCart), missing);
  score('complete cart', 'planted optimum', topUp(oracleRanking(order.customerId, order.at, cart), [], inCart), missing);
}

// --- the table
const fmt = (value: number) => value.toFixed(3);
const lines = [
  `Synthetic history: ${products.length} active products, ${history.customers.length} customers in ${planted.groups.length} taste groups, ${history.orders.length} orders (${train.length} to train, ${heldOut.length} held out), ${history.sessions.length} sessions, ${planted.complements.size / 2} complementary pairs; min support ${MIN_SUPPORT}, half-life ${HALF_LIFE} d.`,
  '',
  '| task | model | cases | hit-rate@10 | precision@10 | nDCG@10 | coverage | hit-rate vs popularity | hit-rate vs optimum |',
  '|---|---|---|---|---|---|---|---|---|',
];
for (const task of ['next order', 'rest of order', 'complete cart']) {
  const base = table.get(`${task}|popularity`)!;
  const best = table.get(`${task}|planted optimum`)!;
  for (const [key, m] of table) {
    if (!key.startsWith(`${task}|`)) continue;
    const hit = m.hit / m.n;
    lines.push(
      `| ${task} | ${key.split('|')[1]} | ${m.n} | ${fmt(hit)} | ${fmt(m.precision / m.n)} | ${fmt(m.ndcg / m.n)} | ${fmt(m.shown.size / products.length)} | ${(hit / (base.hit / base.n)).toFixed(2)}× | ${((100 * hit) / (best.hit / best.n)).toFixed(0)} % |`,
    );
  }
}
lines.push('', `(${((performance.now() - started) / 1000).toFixed(1)} s)`);
console.log(lines.join('\n'));

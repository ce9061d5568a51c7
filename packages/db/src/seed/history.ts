import { createPrng, generateCatalog, type GeneratedCatalog, type SeedProduct } from './catalog.js';

/**
 * A synthetic shop history with planted structure, over the demo catalog (generated exactly as the
 * seed does, no database): customers in taste groups tied to a few categories, complementary
 * product pairs bought together, seasonal categories, popular and unpopular products within each
 * category, and browsing sessions before each order. Deterministic for a seed. The recommendations
 * bench (packages/api bench/recs.ts) trains and scores on it; the demo history of `npm start`
 * (analytics' and recommendations' seeds) replays its last weeks as sessions, views and orders.
 */

export interface SyntheticOptions {
  /** Demo catalog size (default 2,400, the seed's). */
  products?: number;
  customers?: number;
  /** Taste groups (default 12). */
  groups?: number;
  /** Share of products that have a planted complement (default 0.35). */
  complementShare?: number;
  /** Probability that buying a product with a complement adds it to the order (default 0.6). */
  complementRate?: number;
  /** Share of an order's picks outside the customer's group (default 0.15). */
  noise?: number;
  seed?: number;
  /** The history ends here (default 2026-12-01) and spans a year before. */
  end?: Date;
}

export interface SyntheticOrder {
  orderId: string;
  customerId: string;
  at: Date;
  productIds: string[];
}

export interface SyntheticSession {
  sessionId: string;
  customerId: string;
  at: Date;
  /** Viewed products, in order (the order's products among them). */
  productIds: string[];
}

export interface SyntheticHistory {
  catalog: GeneratedCatalog;
  /** Active products (the others are never bought). */
  products: SeedProduct[];
  customers: Array<{ id: string; group: number }>;
  orders: SyntheticOrder[];
  sessions: SyntheticSession[];
  planted: {
    /** Leaf category ids of each taste group. */
    groups: string[][];
    /** product → its complement. */
    complements: Map<string, string>;
    /** The generative probability that a product is the seed pick of an order, given group and month. */
    pickProbability(group: number, month: number): Map<string, number>;
    complementRate: number;
  };
}

const DAY = 86_400_000;

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function generateSyntheticHistory(options: SyntheticOptions = {}): SyntheticHistory {
  const random = createPrng(options.seed ?? 20261207);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const catalog = generateCatalog({ products: options.products ?? 2_400 });
  const products = catalog.products.filter((product) => product.status === 'active');
  const leaves = catalog.categories.filter((category) => category.parentId !== null);
  const byLeaf = new Map<string, SeedProduct[]>(leaves.map((leaf) => [leaf.id, []]));
  for (const product of products) byLeaf.get(product.categoryId)?.push(product);
  const usable = leaves.filter((leaf) => (byLeaf.get(leaf.id)?.length ?? 0) > 0);

  // Within a category, popularity follows Zipf (1/rank) over a random order.
  const productWeight = new Map<string, number>();
  for (const items of byLeaf.values()) {
    const order = [...items].sort(() => random() - 0.5);
    const total = order.reduce((sum, _item, rank) => sum + 1 / (rank + 1), 0);
    order.forEach((item, rank) => productWeight.set(item.id, 1 / (rank + 1) / total));
  }
  // Seasonality: each category peaks in one month (amplitude 0.8).
  const peak = new Map(usable.map((leaf) => [leaf.id, Math.floor(random() * 12)]));
  const season = (leafId: string, month: number) => 1 + 0.8 * Math.cos((2 * Math.PI * (month - (peak.get(leafId) ?? 0))) / 12);

  // Taste groups: each likes 3 categories (from different departments where it can).
  const groupCount = options.groups ?? 12;
  const groups: string[][] = Array.from({ length: groupCount }, () => {
    const chosen = new Set<string>();
    while (chosen.size < Math.min(3, usable.length)) chosen.add(pick(usable).id);
    return [...chosen];
  });

  // Complements: a product and a partner in another category (case and phone, pen and notebook).
  const complements = new Map<string, string>();
  const complementShare = options.complementShare ?? 0.35;
  for (const product of products) {
    if (complements.has(product.id) || random() >= complementShare) continue;
    const otherLeaf = pick(usable.filter((leaf) => leaf.id !== product.categoryId));
    const partner = pick(byLeaf.get(otherLeaf.id)!);
    if (complements.has(partner.id)) continue;
    complements.set(product.id, partner.id);
    complements.set(partner.id, product.id);
  }
  const complementRate = options.complementRate ?? 0.6;
  const noise = options.noise ?? 0.15;

  function pickProbability(group: number, month: number): Map<string, number> {
    const liked = groups[group]!;
    const likedWeights = liked.map((leaf) => season(leaf, month));
    const likedTotal = likedWeights.reduce((a, b) => a + b, 0);
    const allTotal = usable.reduce((sum, leaf) => sum + season(leaf.id, month), 0);
    const probability = new Map<string, number>();
    for (const leaf of usable) {
      const inGroup = liked.indexOf(leaf.id);
      const categoryP = (inGroup >= 0 ? (1 - noise) * (likedWeights[inGroup]! / likedTotal) : 0) + noise * (season(leaf.id, month) / allTotal);
      for (const product of byLeaf.get(leaf.id)!) probability.set(product.id, categoryP * productWeight.get(product.id)!);
    }
    return probability;
  }

  function sample(group: number, month: number): SeedProduct {
    const liked = groups[group]!;
    let leafId: string;
    if (random() < noise) {
      const weights = usable.map((leaf) => season(leaf.id, month));
      let roll = random() * weights.reduce((a, b) => a + b, 0);
      leafId = usable[usable.length - 1]!.id;
      for (const [index, leaf] of usable.entries()) if ((roll -= weights[index]!) <= 0) { leafId = leaf.id; break; }
    } else {
      const weights = liked.map((leaf) => season(leaf, month));
      let roll = random() * weights.reduce((a, b) => a + b, 0);
      leafId = liked[liked.length - 1]!;
      for (const [index, leaf] of liked.entries()) if ((roll -= weights[index]!) <= 0) { leafId = leaf; break; }
    }
    const items = byLeaf.get(leafId)!;
    let roll = random();
    for (const item of items) if ((roll -= productWeight.get(item.id)!) <= 0) return item;
    return items[items.length - 1]!;
  }

  const end = (options.end ?? new Date('2026-12-01T00:00:00Z')).getTime();
  const start = end - 365 * DAY;
  const customers = Array.from({ length: options.customers ?? 3_000 }, () => ({ id: uuidFrom(random), group: Math.floor(random() * groupCount) }));
  const orders: SyntheticOrder[] = [];
  const sessions: SyntheticSession[] = [];
  const byId = new Map(products.map((product) => [product.id, product]));
  for (const customer of customers) {
    const count = 2 + Math.floor(-Math.log(1 - random()) * 3); // 2 + exponential(mean 3)
    const times = Array.from({ length: count }, () => start + random() * (end - start)).sort((a, b) => a - b);
    for (const time of times) {
      const at = new Date(time);
      const month = at.getUTCMonth();
      const picks = new Set<string>();
      const seeds = 1 + (random() < 0.4 ? 1 : 0) + (random() < 0.15 ? 1 : 0);
      for (let i = 0; i < seeds; i++) {
        const product = sample(customer.group, month);
        picks.add(product.id);
        const partner = complements.get(product.id);
        if (partner && random() < complementRate) picks.add(partner);
      }
      const productIds = [...picks];
      orders.push({ orderId: uuidFrom(random), customerId: customer.id, at, productIds });
      // Browsing before the order: the order's products and a few others of the same categories.
      const viewed = [...productIds];
      for (const id of productIds) {
        const leaf = byId.get(id)!.categoryId;
        for (let v = 0; v < 2; v++) viewed.push(pick(byLeaf.get(leaf)!).id);
      }
      sessions.push({ sessionId: uuidFrom(random), customerId: customer.id, at: new Date(time - 10 * 60_000), productIds: viewed.sort(() => random() - 0.5) });
    }
  }
  orders.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { catalog, products, customers, orders, sessions, planted: { groups, complements, pickProbability, complementRate } };
}

/** Days of history the demo replays (`demoHistory`). */
export const DEMO_HISTORY_DAYS = 180;

/**
 * The demo history `npm start` seeds into analytics and recommendations: the synthetic history's
 * last `DEMO_HISTORY_DAYS` days, ending at the start of today (UTC) so every service seeding it,
 * at whatever moment it starts, replays the same orders and sessions. 900 shoppers: about 2,100
 * orders and their browsing sessions over the demo catalog of `products` products.
 */
export function demoHistory(options: { products?: number; now?: Date } = {}): SyntheticHistory {
  const now = options.now ?? new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const history = generateSyntheticHistory({ customers: 900, end, ...(options.products === undefined ? {} : { products: options.products }) });
  const since = end.getTime() - DEMO_HISTORY_DAYS * DAY;
  return {
    ...history,
    orders: history.orders.filter((order) => order.at.getTime() >= since),
    sessions: history.sessions.filter((session) => session.at.getTime() >= since),
  };
}

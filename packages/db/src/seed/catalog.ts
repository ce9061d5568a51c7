import type pg from 'pg';
import { BRANDS, CATEGORY_TREE, COLOURS, FEATURE_SENTENCES, type LeafSpec } from './catalog-data.js';

/**
 * Deterministic demo catalog: the same options always give the same categories, products,
 * ids and timestamps (a seeded PRNG, never Math.random), so tests and screenshots can rely on it.
 */

export type SeedProductStatus = 'draft' | 'active' | 'archived';

export interface SeedCategory {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  position: number;
  createdAt: Date;
}

export interface SeedProduct {
  id: string;
  sku: string;
  slug: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: 'USD';
  status: SeedProductStatus;
  categoryId: string;
  brand: string;
  attributes: { colour: string; size: string; material: string };
  images: { url: string; alt: string }[];
  createdAt: Date;
}

export interface GeneratedCatalog {
  categories: SeedCategory[];
  products: SeedProduct[];
}

export interface CatalogSeedOptions {
  /** How many products to generate (default 2,400). */
  products?: number;
  /** PRNG seed (default 20261121). */
  seed?: number;
}

export const DEFAULT_SEED_PRODUCTS = 2_400;
const DEFAULT_SEED = 20261121;
/** Seeded products are spread over the year before this instant, oldest first. */
const CATALOG_EPOCH = Date.UTC(2026, 0, 1);

/** Where the catalog service serves a product's generated SVG. */
export function productImagePath(slug: string): string {
  return `/images/products/${slug}.svg`;
}

/** mulberry32: small, fast, good enough for demo data, and fully determined by its seed. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Fisher–Yates on a copy. */
function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A version-4-shaped UUID drawn from the PRNG, so ids are stable across seeds. */
function prngUuid(random: () => number): string {
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) bytes.push(Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

export function generateCatalog(options: CatalogSeedOptions = {}): GeneratedCatalog {
  const productCount = options.products ?? DEFAULT_SEED_PRODUCTS;
  const random = createPrng(options.seed ?? DEFAULT_SEED);

  const categories: SeedCategory[] = [];
  const leaves: { spec: LeafSpec; id: string; brands: string[] }[] = [];
  CATEGORY_TREE.forEach((top, topIndex) => {
    const topId = prngUuid(random);
    categories.push({
      id: topId,
      slug: top.slug,
      name: top.name,
      parentId: null,
      position: topIndex,
      createdAt: new Date(CATALOG_EPOCH - 400 * 86_400_000),
    });
    top.leaves.forEach((leaf, leafIndex) => {
      const id = prngUuid(random);
      categories.push({
        id,
        slug: leaf.slug,
        name: leaf.name,
        parentId: topId,
        position: leafIndex,
        createdAt: new Date(CATALOG_EPOCH - 400 * 86_400_000),
      });
      // Each leaf stocks a handful of brands, so brand facets are meaningful per category.
      const brands = shuffle(random, BRANDS).slice(0, 8);
      leaves.push({ spec: leaf, id, brands });
    });
  });

  const colours = Object.keys(COLOURS);
  const usedSlugs = new Map<string, number>();
  const products: SeedProduct[] = [];
  const spacingMs = Math.floor((365 * 86_400_000) / Math.max(productCount, 1));

  for (let i = 0; i < productCount; i++) {
    const leaf = leaves[i % leaves.length]!;
    const spec = leaf.spec;
    // The first product is pinned so demos and search tests always find it.
    const pinned = i === 0 && spec.slug === 'headphones';
    const brand = pinned ? 'Sonora' : pick(random, leaf.brands);
    const adjective = pinned ? 'Wireless Bluetooth' : pick(random, spec.adjectives);
    const noun = pinned ? 'Headphones' : pick(random, spec.nouns);
    const colour = pick(random, colours);
    const size = pick(random, spec.sizes);
    const material = pick(random, spec.materials);
    const name = `${brand} ${adjective} ${noun}`;

    const baseSlug = slugify(`${name} ${colour}`);
    const seen = usedSlugs.get(baseSlug) ?? 0;
    usedSlugs.set(baseSlug, seen + 1);
    const slug = seen === 0 ? baseSlug : `${baseSlug}-${seen + 1}`;

    const [lo, hi] = spec.price;
    // Skewed toward the cheap end of the band, like real assortments.
    const dollars = lo + Math.floor(Math.pow(random(), 1.7) * (hi - lo));
    const cents = pick(random, [99, 0, 49, 95]);
    const priceAmount = Math.max(dollars * 100 + cents, 99);

    const values = { brand, adjective: adjective.toLowerCase(), colour: colour.toLowerCase(), material: material.toLowerCase() };
    const sentences = [`Meet the ${name}, made for ${pick(random, spec.uses)}.`];
    const featurePool = [...FEATURE_SENTENCES];
    const featureCount = random() < 0.5 ? 1 : 2;
    for (let f = 0; f < featureCount; f++) {
      const index = Math.floor(random() * featurePool.length);
      sentences.push(fill(featurePool.splice(index, 1)[0]!, values));
    }

    const roll = random();
    const status: SeedProductStatus = pinned || roll < 0.92 ? 'active' : roll < 0.97 ? 'draft' : 'archived';
    const jitterMs = Math.floor(random() * spacingMs);

    products.push({
      id: prngUuid(random),
      sku: `${spec.code}-${String(i + 1).padStart(5, '0')}`,
      slug,
      name,
      description: sentences.join(' '),
      priceAmount,
      currency: 'USD',
      status,
      categoryId: leaf.id,
      brand,
      attributes: { colour, size, material },
      images: [{ url: productImagePath(slug), alt: `${name} in ${colour.toLowerCase()}` }],
      createdAt: new Date(CATALOG_EPOCH - 365 * 86_400_000 + i * spacingMs + jitterMs),
    });
  }
  return { categories, products };
}

const SEED_LOCK = 'omnicart.catalog.seed';
const CHUNK = 1_000;

/**
 * Inserts the demo catalog unless the catalog already has categories (idempotent; an advisory
 * lock makes two services starting at once seed only once). Bulk inserts through unnest() keep
 * 2,000+ products to a few statements.
 */
export async function seedCatalog(
  pool: pg.Pool,
  options: CatalogSeedOptions = {},
): Promise<{ seeded: boolean; categories: number; products: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
    const existing = await client.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM catalog.categories) AS exists');
    if (existing.rows[0]?.exists) {
      await client.query('COMMIT');
      return { seeded: false, categories: 0, products: 0 };
    }
    const { categories, products } = generateCatalog(options);
    await client.query(
      `INSERT INTO catalog.categories (id, slug, name, parent_id, position, created_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::int[], $6::timestamptz[])`,
      [
        categories.map((c) => c.id),
        categories.map((c) => c.slug),
        categories.map((c) => c.name),
        categories.map((c) => c.parentId),
        categories.map((c) => c.position),
        categories.map((c) => c.createdAt.toISOString()),
      ],
    );
    for (let start = 0; start < products.length; start += CHUNK) {
      const rows = products.slice(start, start + CHUNK);
      await client.query(
        `INSERT INTO catalog.products
           (id, sku, slug, name, description, price_amount, currency, status, category_id, brand, attributes, images, created_at, updated_at)
         SELECT id, sku, slug, name, description, price_amount, 'USD', status::catalog.product_status, category_id, brand,
                attributes::jsonb, images::jsonb, created_at, created_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::uuid[],
                     $9::text[], $10::text[], $11::text[], $12::timestamptz[])
           AS t(id, sku, slug, name, description, price_amount, status, category_id, brand, attributes, images, created_at)`,
        [
          rows.map((p) => p.id),
          rows.map((p) => p.sku),
          rows.map((p) => p.slug),
          rows.map((p) => p.name),
          rows.map((p) => p.description),
          rows.map((p) => p.priceAmount),
          rows.map((p) => p.status),
          rows.map((p) => p.categoryId),
          rows.map((p) => p.brand),
          rows.map((p) => JSON.stringify(p.attributes)),
          rows.map((p) => JSON.stringify(p.images)),
          rows.map((p) => p.createdAt.toISOString()),
        ],
      );
    }
    await client.query('SELECT catalog.refresh_search_terms()');
    await client.query('COMMIT');
    return { seeded: true, categories: categories.length, products: products.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

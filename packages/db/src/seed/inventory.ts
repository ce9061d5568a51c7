import type pg from 'pg';
import { createPrng } from './catalog.js';

/**
 * Demo stock for every seeded product: deterministic per SKU (the same SKU always gets the same
 * quantity), most between 5 and 150 units, about 5% sold out. Written to inventory.stock_items
 * (with an `adjust` movement each) AND to catalog's availability read model
 * (catalog.stock_levels): the seed is the one writer allowed to touch both domains, so a fresh
 * platform shows availability without waiting for events. Idempotent: only into an empty
 * inventory.stock_items.
 */

export interface InventorySeedOptions {
  /** Share of SKUs seeded with zero stock (default 0.05). */
  soldOutShare?: number;
}

const SEED_LOCK = 'omnicart-seed-inventory';
const CHUNK = 1_000;

/** FNV-1a 32-bit of the SKU: the per-SKU PRNG seed. */
function skuSeed(sku: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sku.length; i++) {
    hash ^= sku.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The demo stock of one SKU: 0 for about `soldOutShare` of SKUs, else 5–150. */
export function demoStockFor(sku: string, soldOutShare = 0.05): number {
  const random = createPrng(skuSeed(sku));
  if (random() < soldOutShare) return 0;
  return 5 + Math.floor(random() * 146);
}

export async function seedInventory(pool: pg.Pool, options: InventorySeedOptions = {}): Promise<{ seeded: boolean; skus: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
    // A lone inventory service migrates only its own schema: without the catalog there is nothing to stock.
    const { rows: tables } = await client.query<{ ready: boolean }>(
      "SELECT to_regclass('catalog.products') IS NOT NULL AND to_regclass('catalog.stock_levels') IS NOT NULL AS ready",
    );
    if (!tables[0]?.ready) {
      await client.query('COMMIT');
      return { seeded: false, skus: 0 };
    }
    const existing = await client.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM inventory.stock_items) AS exists');
    if (existing.rows[0]?.exists) {
      await client.query('COMMIT');
      return { seeded: false, skus: 0 };
    }
    const { rows: products } = await client.query<{ sku: string }>('SELECT sku FROM catalog.products ORDER BY sku');
    if (products.length === 0) {
      // The catalog is not seeded yet (e.g. an inventory-only process started first): try next time.
      await client.query('COMMIT');
      return { seeded: false, skus: 0 };
    }
    for (let start = 0; start < products.length; start += CHUNK) {
      const skus = products.slice(start, start + CHUNK).map((p) => p.sku);
      const stock = skus.map((sku) => demoStockFor(sku, options.soldOutShare));
      await client.query(
        `INSERT INTO inventory.stock_items (sku, on_hand, reserved, version)
         SELECT sku, on_hand, 0, 1 FROM unnest($1::text[], $2::int[]) AS t(sku, on_hand)`,
        [skus, stock],
      );
      await client.query(
        `INSERT INTO inventory.movements (sku, kind, quantity, on_hand_after, reserved_after, reason, actor)
         SELECT sku, 'adjust', on_hand, on_hand, 0, 'demo stock', 'seed' FROM unnest($1::text[], $2::int[]) AS t(sku, on_hand)`,
        [skus, stock],
      );
      await client.query(
        `INSERT INTO catalog.stock_levels (sku, available, version)
         SELECT sku, available, 1 FROM unnest($1::text[], $2::int[]) AS t(sku, available)
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, version = EXCLUDED.version, updated_at = now()
           WHERE catalog.stock_levels.version < EXCLUDED.version`,
        [skus, stock],
      );
    }
    await client.query('COMMIT');
    return { seeded: true, skus: products.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

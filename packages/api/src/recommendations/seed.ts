import type pg from 'pg';
import { demoHistory } from '@omnicart/db/seed';
import type { DemoSettings } from '../runtime/domain.js';
import { createRecommendationsRepository, type PurchaseLine } from './repository.js';

/**
 * The demo history of `npm start` (DemoSettings.history): the purchases of the shared synthetic
 * history's last months (@omnicart/db/seed `demoHistory`, the same orders analytics seeds), so
 * "customers also bought", "frequently bought together" and trending answer from co-purchases on a
 * fresh install. Co-views arrive the usual way: analytics' seed stores the sessions through its
 * ingest statement, whose interactions events this domain consumes. The first rebuild (at start)
 * turns them into lists. Seeds only a domain without purchases.
 */
export async function seedRecommendationsHistory(pool: pg.Pool, demo: DemoSettings): Promise<boolean> {
  if (!demo.history) return false;
  const repository = createRecommendationsRepository(pool);
  if (await repository.hasPurchases()) return false;
  const history = demoHistory(demo.products === undefined ? {} : { products: demo.products });
  const lines: PurchaseLine[] = history.orders.flatMap((order) =>
    order.productIds.map((productId) => ({ orderId: order.orderId, productId, customerId: order.customerId, quantity: 1, paidAt: order.at })),
  );
  await repository.recordPurchaseHistory(lines);
  return true;
}

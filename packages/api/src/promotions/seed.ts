import type pg from 'pg';
import { createPromotionsRepository } from './repository.js';

/**
 * Demo promotions (npm start, the test platforms): two shared codes a shopper can try on a clean
 * clone. No automatic promotion, so demo prices stay the catalog's until a merchant adds one.
 * Idempotent: a code that exists is left as it is.
 */
export const DEMO_CODES = [
  { code: 'WELCOME10', name: 'Welcome: 10 % off your first order', discountType: 'percent', value: 1_000, perCustomerLimit: 1 },
  { code: 'FREESHIP', name: 'Free shipping', discountType: 'free_shipping', value: 0, perCustomerLimit: null },
] as const;

export async function seedPromotions(pool: pg.Pool): Promise<boolean> {
  const repository = createPromotionsRepository(pool);
  let wrote = false;
  for (const demo of DEMO_CODES) wrote = (await repository.seedCode(demo)) || wrote;
  return wrote;
}

import type pg from 'pg';

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
  let wrote = false;
  for (const demo of DEMO_CODES) {
    const { rowCount } = await pool.query(
      `WITH p AS (
         INSERT INTO promotions.promotions (id, kind, name, discount_type, value, per_customer_limit)
         SELECT gen_random_uuid(), 'code', $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM promotions.codes WHERE code = $1)
         RETURNING id
       )
       INSERT INTO promotions.codes (id, promotion_id, code) SELECT gen_random_uuid(), p.id, $1 FROM p`,
      [demo.code, demo.name, demo.discountType, demo.value, demo.perCustomerLimit],
    );
    wrote ||= (rowCount ?? 0) > 0;
  }
  return wrote;
}

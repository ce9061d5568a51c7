import type { Metadata } from 'next';
import Link from 'next/link';
import { PromotionForm } from '@/components/promotions/PromotionForm';
import { categoryOptions } from '@/lib/campaigns/forms';
import { EMPTY_PROMOTION_FORM } from '@/lib/promotions/forms';
import { storeTimeZone } from '@/server/campaigns';
import { requirePermission } from '@/server/guard';
import { findProducts, savePromotion } from '@/server/promotion-actions';

export const metadata: Metadata = { title: 'New promotion' };

/** A new promotion (discounts:write; the others get the not-allowed page). */
export default async function NewPromotionPage() {
  const { api } = await requirePermission('discounts:write');
  const [tree, timeZone] = await Promise.all([api.catalog.categories.query(), storeTimeZone(api)]);
  return (
    <div className="stack">
      <p>
        <Link href="/promotions">← All promotions</Link>
      </p>
      <h1 className="page-title">New promotion</h1>
      <section className="panel">
        <PromotionForm id={null} initial={EMPTY_PROMOTION_FORM} categories={categoryOptions(tree)} products={[]} timeZone={timeZone} action={savePromotion} find={findProducts} />
      </section>
    </div>
  );
}

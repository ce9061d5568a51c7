import { Price } from '@omnicart/ui';
import { discountRowLabel, type DiscountLine } from '@/lib/checkout/discount-code';

/** An amount taken off, as "−$1.50" (U+2212, read as "minus"). */
export function Savings({ amount, currency, size = 'md' }: { amount: number; currency: string; size?: 'sm' | 'md' }) {
  return (
    <span data-testid="savings">
      −<Price amount={amount} currency={currency} size={size} />
    </span>
  );
}

/**
 * The discount rows of a totals list (<dl>, between Subtotal and Shipping): one per promotion that
 * took something off, "Discount (WELCOME10, 10 % off)" or "Weekend sale (15 % off)".
 */
export function DiscountRows({ discounts, currency }: { discounts: ReadonlyArray<DiscountLine & { promotionId: string }> | undefined; currency: string }) {
  return (
    <>
      {(discounts ?? [])
        .filter((discount) => discount.amount > 0)
        .map((discount) => (
          <div key={discount.promotionId} data-testid="discount-row">
            <dt>{discountRowLabel(discount)}</dt>
            <dd>
              <Savings amount={discount.amount} currency={currency} />
            </dd>
          </div>
        ))}
    </>
  );
}

import { Badge, formatMoney } from '@omnicart/ui';
import type { PromotionBadge as Badged } from '@/lib/catalog/promotions';

/** "on orders over $50.00" when the promotion has a minimum, else nothing. */
function minimumText(badge: Badged, currency: string): string {
  return badge.minSubtotal > 0 ? ` on orders over ${formatMoney({ amount: badge.minSubtotal, currency })}` : '';
}

/** A product card's badge: what the running promotion takes off ("10 % off"), its name for screen readers. */
export function PromotionCardBadge({ badge }: { badge: Badged }) {
  return (
    <Badge tone="info" data-testid="promotion-badge" title={badge.name}>
      {badge.label}
      <span className="oc-visually-hidden">: {badge.name}</span>
    </Badge>
  );
}

/** The product page's line: "10 % off  Weekend sale, on orders over $50.00. Taken off in your cart." */
export function PromotionNotice({ badge, currency, className }: { badge: Badged; currency: string; className?: string }) {
  return (
    <p className={className} data-testid="product-promotion">
      <Badge tone="info">{badge.label}</Badge> {badge.name}
      {minimumText(badge, currency)}. Taken off automatically in your cart.
    </p>
  );
}

/**
 * What the checkout form tells a shopper when the shop refuses an order for a reason other than a
 * field or the card: the cart already has an order (awaiting payment, or placed), a purchase limit,
 * too many checkouts in a short time, or stock. Pure, so every case is unit-tested.
 */

export interface CheckoutRefusal {
  title: string;
  message: string;
  /** Offer the way back to the cart (lines to change). */
  toCart?: boolean;
  /** The order this cart already has: link to it. */
  toOrder?: { href: string; label: string };
}

interface Described {
  message: string;
  domainCode?: string;
  httpStatus?: number;
  details?: Record<string, unknown>;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function checkoutRefusal(described: Described): CheckoutRefusal {
  const details = described.details ?? {};
  const reason = text(details.reason);
  const orderId = text(details.orderId);
  if ((reason === 'order_pending' || reason === 'cart_checked_out') && orderId) {
    const number = text(details.number);
    const toOrder = { href: `/checkout/confirmation/${encodeURIComponent(orderId)}`, label: number ? `View order ${number}` : 'View the order' };
    if (reason === 'order_pending') {
      return {
        title: 'This cart already has an order awaiting payment',
        message:
          details.nextAction === 'authenticate_payment'
            ? 'Finish the card authentication (3-D Secure) of that order instead of ordering again, so you are not charged twice.'
            : 'Its payment is still being processed. Wait for it instead of ordering again, so you are not charged twice.',
        toOrder,
      };
    }
    return { title: 'This cart was already ordered', message: 'Its order has been placed, so there is nothing left to check out.', toOrder };
  }
  if (described.httpStatus === 429 || described.domainCode === 'TOO_MANY_REQUESTS') {
    const seconds = typeof details.retryAfterSeconds === 'number' ? Math.max(1, Math.ceil(details.retryAfterSeconds)) : null;
    return {
      title: 'Too many orders in a short time',
      message: seconds ? `Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.` : 'Please wait a moment and try again.',
    };
  }
  if (details.limit === 'perOrder' || details.limit === 'perCustomer') {
    return { title: 'A purchase limit applies', message: described.message, toCart: true };
  }
  const stock = described.domainCode === 'INSUFFICIENT_STOCK' || described.httpStatus === 409;
  return { title: stock ? 'Some items are no longer available' : 'Your order could not be placed', message: described.message, ...(stock ? { toCart: true } : {}) };
}

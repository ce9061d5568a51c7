import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import type { QuoteData } from '@/components/cart/CartView';
import { cartBlocksCheckout, loadCheckoutCart } from '@/server/checkout-loaders';
import { CheckoutForm } from '@/components/checkout/CheckoutForm';
import { DEFAULT_COUNTRY } from '@/lib/checkout/countries';
import { recordPageView } from '@/server/analytics/page-views';
import { getRequestContext, getServerApi, getViewer } from '@/server/caller';

export const metadata: Metadata = {
  title: 'Checkout',
  robots: { index: false, follow: false },
};

export default async function CheckoutPage() {
  const [api, viewer, cart] = await Promise.all([getServerApi(), getViewer(), loadCheckoutCart()]);
  // The layout already sent an empty cart back to /cart (same cached read); this keeps the page safe on its own.
  if (cartBlocksCheckout(cart)) redirect('/cart');
  // Analytics (fire-and-forget): the checkout page view and the funnel's "checkout started".
  recordPageView('/checkout', { pageType: 'checkout' });
  (await getRequestContext()).track('checkout_started', { cartValue: cart.subtotal, itemCount: cart.itemCount });
  let quote: QuoteData | undefined;
  try {
    quote = await api.checkout.quote({ country: DEFAULT_COUNTRY });
  } catch {
    // The form asks again and says so when shipping and tax cannot be calculated.
  }
  return (
    <>
      <h1 className="page-title">Checkout</h1>
      <CheckoutForm guest={!viewer} accountEmail={viewer?.email} initialCart={cart} initialQuote={quote} />
    </>
  );
}

import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CartView, type CartData, type QuoteData } from '@/components/cart/CartView';
import { DEFAULT_COUNTRY } from '@/lib/checkout/countries';
import { recordPageView } from '@/server/analytics/page-views';
import { getServerApi } from '@/server/caller';
import { CartRecommendations } from '../_shelves/Shelves';

export const metadata: Metadata = {
  title: 'Your cart',
  robots: { index: false, follow: false },
};

/** Rendered with the cart already in place (no loading flash); the client keeps it current. */
export default async function CartPage() {
  const api = await getServerApi();
  recordPageView('/cart', { pageType: 'cart' });
  // Both at once (the orders service prices the cart on its own). A failed read is left to the
  // client, which asks again and shows the error (with a retry) if it is still unreachable.
  const [cart, quote] = await Promise.allSettled([api.cart.get(), api.checkout.quote({ country: DEFAULT_COUNTRY })]);
  const initialCart: CartData | undefined = cart.status === 'fulfilled' ? cart.value : undefined;
  const initialQuote: QuoteData | undefined = initialCart?.items.length && quote.status === 'fulfilled' ? quote.value : undefined;
  return (
    <>
      <h1 className="page-title">Your cart</h1>
      <CartView initialCart={initialCart} initialQuote={initialQuote} />
      {initialCart?.items.length ? (
        // "Frequently bought together" for what is in the cart; streams in after the page, or is left out.
        <Suspense fallback={null}>
          <CartRecommendations productIds={initialCart.items.map((line) => line.productId)} />
        </Suspense>
      ) : null}
    </>
  );
}

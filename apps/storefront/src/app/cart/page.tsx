import type { Metadata } from 'next';
import { CartView, type CartData, type QuoteData } from '@/components/cart/CartView';
import { DEFAULT_COUNTRY } from '@/lib/checkout/countries';
import { getServerApi } from '@/server/caller';

export const metadata: Metadata = {
  title: 'Your cart',
  robots: { index: false, follow: false },
};

/** Rendered with the cart already in place (no loading flash); the client keeps it current. */
export default async function CartPage() {
  const api = await getServerApi();
  // Both at once (the orders service prices the cart on its own). A failed read is left to the
  // client, which asks again and shows the error (with a retry) if it is still unreachable.
  const [cart, quote] = await Promise.allSettled([api.cart.get(), api.checkout.quote({ country: DEFAULT_COUNTRY })]);
  const initialCart: CartData | undefined = cart.status === 'fulfilled' ? cart.value : undefined;
  const initialQuote: QuoteData | undefined = initialCart?.items.length && quote.status === 'fulfilled' ? quote.value : undefined;
  return (
    <>
      <h1 className="page-title">Your cart</h1>
      <CartView initialCart={initialCart} initialQuote={initialQuote} />
    </>
  );
}

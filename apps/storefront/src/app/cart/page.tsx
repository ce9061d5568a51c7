import type { Metadata } from 'next';
import { CartView, type CartData, type QuoteData } from '@/components/cart/CartView';
import { DEFAULT_COUNTRY } from '@/components/checkout/countries';
import { getServerApi } from '@/server/caller';

export const metadata: Metadata = {
  title: 'Your cart',
  robots: { index: false, follow: false },
};

/** Rendered with the cart already in place (no loading flash); the client keeps it current. */
export default async function CartPage() {
  const api = await getServerApi();
  let initialCart: CartData | undefined;
  let initialQuote: QuoteData | undefined;
  try {
    initialCart = await api.cart.get();
    if (initialCart.items.length > 0) initialQuote = await api.checkout.quote({ country: DEFAULT_COUNTRY });
  } catch {
    // The client asks again and shows the error (with a retry) if the cart is still unreachable.
  }
  return (
    <>
      <h1 className="page-title">Your cart</h1>
      <CartView initialCart={initialCart} initialQuote={initialQuote} />
    </>
  );
}

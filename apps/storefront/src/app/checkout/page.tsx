import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import type { QuoteData } from '@/components/cart/CartView';
import { CheckoutForm } from '@/components/checkout/CheckoutForm';
import { DEFAULT_COUNTRY } from '@/components/checkout/countries';
import { getServerApi, getViewer } from '@/server/caller';

export const metadata: Metadata = {
  title: 'Checkout',
  robots: { index: false, follow: false },
};

export default async function CheckoutPage() {
  const [api, viewer] = await Promise.all([getServerApi(), getViewer()]);
  const cart = await api.cart.get();
  // Nothing to buy, or lines that cannot be ordered as they are (checkout orders every line):
  // the cart page explains what to fix.
  if (cart.itemCount === 0 || cart.items.some((line) => line.issue !== null)) redirect('/cart');
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

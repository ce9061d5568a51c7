import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { cartBlocksCheckout, loadCheckoutCart } from '@/server/checkout-loaders';

/** An empty cart (or one with lines to fix) goes back to /cart with a real redirect, before the page streams. */
export default async function CheckoutFormLayout({ children }: { children: ReactNode }) {
  if (cartBlocksCheckout(await loadCheckoutCart())) redirect('/cart');
  return children;
}

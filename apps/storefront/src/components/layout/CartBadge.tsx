'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc/client';
import styles from './HeaderActions.module.css';

/** Cart link with the number of units; the count comes from the BFF (the cart cookie is httpOnly). */
export function CartBadge() {
  const trpc = useTRPC();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const count = cart.data?.itemCount ?? 0;
  // The accessible name is the visible text plus a hidden unit ("Cart 2 items"), so speech
  // input users can say what they see.
  return (
    <Link href="/cart" className={styles.action} data-testid="cart-link">
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <circle cx="9" cy="20" r="1.5" />
        <circle cx="18" cy="20" r="1.5" />
        <path d="M2 3h3l2.7 12.4a1 1 0 0 0 1 .8h9.6a1 1 0 0 0 1-.8L21 7H6" />
      </svg>
      <span className={styles.text}>Cart</span>{' '}
      {/* No number while loading or when the cart could not be read (an unknown count is not 0). */}
      <span className={styles.count}>
        {cart.isSuccess ? count : ''}
        {cart.isSuccess && <span className="oc-visually-hidden">{count === 1 ? ' item' : ' items'}</span>}
      </span>
    </Link>
  );
}

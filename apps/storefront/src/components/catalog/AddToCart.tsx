'use client';
import { MAX_LINE_QUANTITY } from '@omnicart/contracts';
import { Button, QuantityInput } from '@omnicart/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { clampQuantity } from '@/components/cart/line-issues';
import { describeError, useTRPC } from '@/lib/trpc/client';
import styles from './AddToCart.module.css';
import { useHydrated } from '@/lib/use-hydrated';

const MIN = 1;

/** "Limit 2 per order, 3 per customer." (null when the product has no limit). */
export function describeLimits(maxPerOrder: number | null | undefined, maxPerCustomer: number | null | undefined): string | null {
  const parts = [
    ...(maxPerOrder ? [`${maxPerOrder} per order`] : []),
    ...(maxPerCustomer ? [`${maxPerCustomer} per customer`] : []),
  ];
  return parts.length ? `Limit ${parts.join(', ')}.` : null;
}

/**
 * Quantity and "Add to cart" on a product page. Feedback is immediate and announced (aria-live):
 * "Added to cart" with a link to the cart, or the server's reason on failure. The header's cart
 * count refreshes through the cart query key.
 */
export function AddToCart({
  productId,
  productName,
  inStock,
  maxPerOrder = null,
  maxPerCustomer = null,
}: {
  productId: string;
  productName: string;
  inStock: boolean;
  /** The product's purchase limits (catalog's maxPerOrder / maxPerCustomer; null: none). */
  maxPerOrder?: number | null;
  maxPerCustomer?: number | null;
}) {
  const MAX = Math.min(MAX_LINE_QUANTITY, maxPerOrder ?? MAX_LINE_QUANTITY);
  const limits = describeLimits(maxPerOrder, maxPerCustomer);
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState(1);
  const [feedback, setFeedback] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);

  const addItem = useMutation(
    trpc.cart.addItem.mutationOptions({
      onMutate: () => setFeedback(null),
      onSuccess: async (cart, added) => {
        queryClient.setQueryData(trpc.cart.get.queryKey(), cart);
        await queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
        // The quantity sent, not the box's value now (it may have changed while the add was on its way).
        setFeedback({ tone: 'success', message: `Added to cart: ${added.quantity ?? 1} × ${productName}.` });
      },
      onError: (error) => setFeedback({ tone: 'error', message: describeError(error).message }),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!inStock || addItem.isPending) return;
    addItem.mutate({ productId, quantity });
  }

  return (
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate>
      <div className={styles.controls}>
        <QuantityInput
          name="quantity"
          label="Quantity"
          value={quantity}
          min={MIN}
          max={MAX}
          disabled={!inStock || !hydrated}
          // An emptied field keeps the last quantity; anything typed is kept within MIN-MAX.
          onChange={(event) => {
            const next = clampQuantity(event.target.value, MIN, MAX);
            if (next !== null) setQuantity(next);
          }}
          onDecrement={() => setQuantity((current) => clampQuantity(current - 1, MIN, MAX) ?? current)}
          onIncrement={() => setQuantity((current) => clampQuantity(current + 1, MIN, MAX) ?? current)}
        />
        <Button type="submit" variant="primary" size="lg" disabled={!inStock || !hydrated} loading={addItem.isPending} className={styles.button}>
          {inStock ? 'Add to cart' : 'Out of stock'}
        </Button>
      </div>
      {limits ? (
        <p className={styles.limit} data-testid="purchase-limit">
          {limits}
        </p>
      ) : null}
      <div className={styles.feedback} aria-live="polite" aria-atomic="true" role="status">
        {feedback?.tone === 'success' ? (
          <p className={styles.success}>
            {feedback.message} <Link href="/cart">View cart</Link>
          </p>
        ) : null}
        {feedback?.tone === 'error' ? <p className={styles.error}>{feedback.message}</p> : null}
      </div>
    </form>
  );
}

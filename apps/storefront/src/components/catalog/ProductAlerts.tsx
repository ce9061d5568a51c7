'use client';
import { Alert, Button, EmailField } from '@omnicart/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from 'next-auth/react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { useHydrated } from '@/lib/use-hydrated';
import styles from './ProductAlerts.module.css';

/**
 * Beside "Add to cart": out of stock, "E-mail me when it's back" (signed in: one click with the
 * account's address; a guest types an address and confirms it from the e-mail first); in stock and
 * signed in, "Watch the price" (one e-mail per drop, sent with offers switched on).
 */
export function ProductAlerts({ productId, inStock }: { productId: string; inStock: boolean }) {
  const hydrated = useHydrated();
  const session = useSession();
  const signedIn = session.status === 'authenticated';
  if (!hydrated || session.status === 'loading') return null;
  if (!inStock) return <BackInStock productId={productId} signedIn={signedIn} />;
  return signedIn ? <PriceWatch productId={productId} /> : null;
}

function BackInStock({ productId, signedIn }: { productId: string; signedIn: boolean }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const request = useMutation(trpc.preferences.stockAlert.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (request.isPending) return;
    if (!signedIn && !email.trim()) {
      setEmailError('Enter your e-mail address');
      return;
    }
    setEmailError(undefined);
    request.mutate({ productId, ...(signedIn ? {} : { email: email.trim() }) });
  }

  if (request.isSuccess) {
    return (
      <div className={styles.panel} aria-live="polite">
        <Alert tone="success" role="status">
          {request.data.status === 'pending'
            ? 'Almost done: open the e-mail we just sent and confirm your address. Then we will tell you when it is back.'
            : 'We will e-mail you once when it is back in stock.'}
        </Alert>
      </div>
    );
  }
  return (
    <form className={styles.panel} onSubmit={onSubmit} noValidate aria-labelledby="back-in-stock-title">
      <p id="back-in-stock-title" className={styles.title}>
        Out of stock for now
      </p>
      {signedIn ? null : (
        <EmailField
          name="alertEmail"
          label="Your e-mail"
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            setEmailError(undefined);
          }}
          error={emailError}
        />
      )}
      <div>
        <Button type="submit" variant="secondary" loading={request.isPending}>
          E-mail me when it’s back
        </Button>
      </div>
      <div aria-live="polite">
        {request.isError ? (
          <Alert tone="error" role="alert">
            {describeError(request.error).message}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

function PriceWatch({ productId }: { productId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const watches = useQuery(trpc.preferences.priceWatches.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.preferences.priceWatches.queryKey() });
  const watch = useMutation(trpc.preferences.watchPrice.mutationOptions({ onSuccess: refresh }));
  const unwatch = useMutation(trpc.preferences.unwatchPrice.mutationOptions({ onSuccess: refresh }));
  if (!watches.data) return null;
  const watching = watches.data.items.some((item) => item.productId === productId);
  const failed = watch.error ?? unwatch.error;
  return (
    <div className={styles.panel}>
      {watching ? (
        <p className={styles.note}>
          You are watching this price: we e-mail you when it drops (with offers switched on in your{' '}
          <Link href="/account">communication preferences</Link>).
        </p>
      ) : null}
      <div>
        <Button
          type="button"
          variant="secondary"
          loading={watch.isPending || unwatch.isPending}
          onClick={() => (watching ? unwatch.mutate({ productId }) : watch.mutate({ productId }))}
        >
          {watching ? 'Stop watching the price' : 'Watch the price'}
        </Button>
      </div>
      <div aria-live="polite">
        {failed ? (
          <Alert tone="error" role="alert">
            {describeError(failed).message}
          </Alert>
        ) : null}
      </div>
    </div>
  );
}

'use client';
import { Alert, Button } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { useHydrated } from '@/lib/use-hydrated';
import styles from './Account.module.css';

/** One button: no more marketing e-mail for the address the link was made for. */
export function UnsubscribeForm({ token }: { token: string }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const unsubscribe = useMutation(trpc.preferences.unsubscribe.mutationOptions());

  if (unsubscribe.isSuccess) {
    return (
      <Alert tone="success" role="status">
        {unsubscribe.data.email} will get no more offers or reminders from us. Order and account e-mails still arrive.
      </Alert>
    );
  }
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (!unsubscribe.isPending) unsubscribe.mutate({ token });
      }}
    >
      <p className={styles.note}>Stop receiving offers, price-drop alerts and cart reminders by e-mail.</p>
      <div className={styles.formActions}>
        <Button type="submit" loading={unsubscribe.isPending} disabled={!hydrated}>
          Unsubscribe
        </Button>
      </div>
      <div aria-live="polite" className={styles.feedback}>
        {unsubscribe.isError ? (
          <Alert tone="error" role="alert">
            {describeError(unsubscribe.error).message}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

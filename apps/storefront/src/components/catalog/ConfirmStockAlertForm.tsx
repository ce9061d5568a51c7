'use client';
import { Alert, Button } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { useHydrated } from '@/lib/use-hydrated';
import styles from '@/components/account/Account.module.css';

/** One button: the guest's alert becomes active. */
export function ConfirmStockAlertForm({ token }: { token: string }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const confirm = useMutation(trpc.preferences.confirmStockAlert.mutationOptions());
  if (confirm.isSuccess) {
    return (
      <Alert tone="success" role="status">
        Confirmed. We will e-mail you once when {confirm.data.productName ?? 'the product'} is back in stock.
      </Alert>
    );
  }
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (!confirm.isPending) confirm.mutate({ token });
      }}
    >
      <p className={styles.note}>Confirm your e-mail address to be told when the product is available again.</p>
      <div className={styles.formActions}>
        <Button type="submit" loading={confirm.isPending} disabled={!hydrated}>
          Confirm my alert
        </Button>
      </div>
      <div aria-live="polite" className={styles.feedback}>
        {confirm.isError ? (
          <Alert tone="error" role="alert">
            {describeError(confirm.error).message}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

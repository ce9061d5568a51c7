'use client';
import { Alert } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { OneClickForm } from '@/components/account/OneClickForm';
import { useTRPC } from '@/lib/trpc/client';

/** One button: the guest's alert becomes active. */
export function ConfirmStockAlertForm({ token }: { token: string }) {
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
    <OneClickForm
      intro="Confirm your e-mail address to be told when the product is available again."
      button="Confirm my alert"
      pending={confirm.isPending}
      error={confirm.error}
      onConfirm={() => confirm.mutate({ token })}
    />
  );
}

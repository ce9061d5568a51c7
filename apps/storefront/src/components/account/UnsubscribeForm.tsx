'use client';
import { Alert } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { OneClickForm } from './OneClickForm';

/** One button: no more marketing e-mail for the address the link was made for. */
export function UnsubscribeForm({ token, campaignId }: { token: string; campaignId?: string | undefined }) {
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
    <OneClickForm
      intro="Stop receiving offers, price-drop alerts and cart reminders by e-mail."
      button="Unsubscribe"
      pending={unsubscribe.isPending}
      error={unsubscribe.error}
      onConfirm={() => unsubscribe.mutate({ token, ...(campaignId ? { campaignId } : {}) })}
    />
  );
}

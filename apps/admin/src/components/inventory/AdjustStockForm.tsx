'use client';
import { Button, TextField } from '@omnicart/ui';
import { useActionState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { Outcome } from '../users/Outcome';

/** New number on hand, why (required: it goes into the history), and optionally the low-stock threshold. */
export function AdjustStockForm({ sku, threshold, action }: { sku: string; threshold: number; action: (previous: FormState, form: FormData) => Promise<FormState> }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const values = state.status === 'error' ? state.values : undefined;
  // A fresh form after each change (the key); what was typed after a refusal.
  const round = state.status === 'done' ? state.message : 'form';
  return (
    <form action={submit} className="stack-form" aria-labelledby="adjust-title" noValidate key={round}>
      <h2 id="adjust-title" className="section-title">
        Set stock
      </h2>
      <input type="hidden" name="sku" value={sku} />
      <TextField label="New number on hand" name="onHand" inputMode="numeric" autoComplete="off" required defaultValue={values?.onHand} error={state.fieldErrors?.onHand} />
      <TextField
        label="Reason"
        name="reason"
        required
        autoComplete="off"
        hint="Kept in the movement history, e.g. stock count, damaged, delivery"
        defaultValue={values?.reason}
        error={state.fieldErrors?.reason}
      />
      <TextField
        label="Low-stock threshold (optional)"
        name="lowStockThreshold"
        inputMode="numeric"
        autoComplete="off"
        hint={`Now ${threshold}: low on stock when available falls to it or below. Leave empty to keep it.`}
        defaultValue={values?.lowStockThreshold}
        error={state.fieldErrors?.lowStockThreshold}
      />
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      <Button type="submit" loading={pending}>
        Save stock
      </Button>
    </form>
  );
}

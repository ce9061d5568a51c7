'use client';
import { Alert, Button, Checkbox, TextField } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { useHydrated } from '@/lib/use-hydrated';
import styles from './Account.module.css';

export interface Preferences {
  email: string;
  marketingEmail: boolean;
  smsOptIn: boolean;
  phone: string | null;
}

/**
 * "Communication preferences": offers by e-mail (off unless chosen), order updates by SMS (needs a
 * mobile number in international form). Order and account e-mails always go to the account's address.
 */
export function PreferencesForm({ initial }: { initial: Preferences }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const [values, setValues] = useState({ marketingEmail: initial.marketingEmail, smsOptIn: initial.smsOptIn, phone: initial.phone ?? '' });
  const [phoneError, setPhoneError] = useState<string | undefined>();
  const [feedback, setFeedback] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const update = useMutation(trpc.preferences.update.mutationOptions());

  const change = (patch: Partial<typeof values>) => {
    setValues((previous) => ({ ...previous, ...patch }));
    setPhoneError(undefined);
    setFeedback(null);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (update.isPending) return;
    const phone = values.phone.trim();
    if (values.smsOptIn && !phone) {
      setPhoneError('Enter a mobile number to get SMS updates');
      document.getElementById('oc-field-phone')?.focus();
      return;
    }
    try {
      const saved = await update.mutateAsync({ marketingEmail: values.marketingEmail, smsOptIn: values.smsOptIn, phone: phone || null });
      setValues({ marketingEmail: saved.marketingEmail, smsOptIn: saved.smsOptIn, phone: saved.phone ?? '' });
      setFeedback({ tone: 'success', text: 'Your communication preferences were saved.' });
    } catch (cause) {
      const described = describeError(cause);
      // The service names the field in its message ("phone: …") when the number is refused.
      const phoneMessage = described.fieldErrors.phone ?? /^phone: (.+)$/.exec(described.message)?.[1];
      if (phoneMessage) setPhoneError(phoneMessage);
      setFeedback({ tone: 'error', text: phoneMessage ?? described.message });
    }
  }

  return (
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate aria-describedby="preferences-note">
      <p id="preferences-note" className={styles.note}>
        Order and account e-mails always go to {initial.email}.
      </p>
      <Checkbox
        name="marketingEmail"
        label="E-mail me offers, price drops and reminders"
        hint="You can unsubscribe from any of these e-mails with one click."
        checked={values.marketingEmail}
        onChange={(event) => change({ marketingEmail: event.target.checked })}
      />
      <Checkbox name="smsOptIn" label="Text me order updates (confirmation, shipping, delivery)" checked={values.smsOptIn} onChange={(event) => change({ smsOptIn: event.target.checked })} />
      <TextField
        label="Mobile number"
        name="phone"
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        hint="In international form, e.g. +1 415 555 0123"
        value={values.phone}
        onChange={(event) => change({ phone: event.target.value })}
        error={phoneError}
      />
      <div className={styles.formActions}>
        <Button type="submit" loading={update.isPending} disabled={!hydrated}>
          {update.isPending ? 'Saving…' : 'Save preferences'}
        </Button>
      </div>
      <div aria-live="polite" className={styles.feedback}>
        {feedback ? (
          <Alert tone={feedback.tone} role={feedback.tone === 'error' ? 'alert' : 'status'}>
            {feedback.text}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

'use client';
import { Alert, Button, EmailField } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { validatePasswordResetRequest } from '@/lib/account/registration';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { useHydrated } from '@/lib/use-hydrated';
import styles from './AuthForm.module.css';

/** What the shopper reads after asking, whoever the email belongs to (identity never says). */
export const RESET_LINK_SENT =
  'If an account exists for that email, we have sent a link to reset its password. Check your inbox (and your spam folder); the link works for 30 minutes.';

/** "Forgot your password?": an email, then the same "check your email" answer for every address. */
export function ForgotPasswordForm() {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const { errors, first } = validatePasswordResetRequest({ email });
    setError(errors.email);
    if (first) return void document.getElementById('oc-field-email')?.focus();
    inFlight.current = true;
    setPending(true);
    setFormError(null);
    try {
      await request.mutateAsync({ email });
      setSentTo(email.trim());
    } catch (cause) {
      const described = describeError(cause);
      if (described.fieldErrors.email) setError(described.fieldErrors.email);
      setFormError(described.message);
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }

  return (
    <>
      {/* Rendered before the answer arrives, so screen readers announce it. */}
      <div aria-live="polite" className={styles.alertSlot}>
        {sentTo !== null ? (
          <Alert tone="success" title="Check your email" role="status">
            {RESET_LINK_SENT}
          </Alert>
        ) : null}
      </div>
      {sentTo === null ? (
        <form method="post" className={styles.form} onSubmit={onSubmit} noValidate>
          <div className={styles.alertSlot}>
            {formError ? (
              <Alert tone="error" title="Could not send the link">
                {formError}
              </Alert>
            ) : null}
          </div>
          <EmailField value={email} onChange={(event) => setEmail(event.target.value)} error={error} hint="We will email you a link to choose a new password." />
          <Button type="submit" block size="lg" loading={pending} disabled={!hydrated}>
            {pending ? 'Sending…' : 'Send the reset link'}
          </Button>
        </form>
      ) : null}
    </>
  );
}

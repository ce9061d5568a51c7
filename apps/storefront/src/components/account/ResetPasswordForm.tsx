'use client';
import { Alert, Button, TextField } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState, type FormEvent } from 'react';
import { PASSWORD_HINT, validatePasswordReset, type PasswordResetField } from '@/lib/account/registration';
import { describeError, useTRPC } from '@/lib/trpc/client';
import { useHydrated } from '@/lib/use-hydrated';
import styles from './AuthForm.module.css';
import { useSignInAndMerge } from './LoginForm';

type Errors = Partial<Record<PasswordResetField, string>>;

/**
 * A new password from the emailed link (typed twice, checked here to match), then the shopper is
 * signed in with it and lands on their account.
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const confirm = useMutation(trpc.account.confirmPasswordReset.mutationOptions());
  const signInAndMerge = useSignInAndMerge();
  const [values, setValues] = useState({ password: '', confirmPassword: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<{ title: string; text: string; deadLink?: boolean } | null>(null);
  const [changed, setChanged] = useState(false);
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);

  const focus = (field: PasswordResetField | undefined) => field && document.getElementById(`oc-field-${field}`)?.focus();
  const set = (field: PasswordResetField) => (event: { target: { value: string } }) => {
    setValues((previous) => ({ ...previous, [field]: event.target.value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const { errors: found, first } = validatePasswordReset({ token, ...values });
    setErrors(found);
    if (first) return void focus(first);
    inFlight.current = true;
    setPending(true);
    setFormError(null);
    const stop = () => {
      inFlight.current = false;
      setPending(false);
    };
    let email: string;
    try {
      ({ email } = await confirm.mutateAsync({ token, password: values.password }));
    } catch (cause) {
      const described = describeError(cause);
      if (described.fieldErrors.password) {
        setErrors({ password: described.fieldErrors.password });
        focus('password');
      }
      // Anything about the link itself (unknown, expired, used): only a new link helps.
      const deadLink = !described.fieldErrors.password && described.httpStatus === 400;
      setFormError({ title: deadLink ? 'This link no longer works' : 'Could not change your password', text: described.message, deadLink });
      return stop();
    }
    setChanged(true);
    try {
      const failure = await signInAndMerge(email, values.password, '/account');
      if (failure) {
        setFormError({ title: 'Your password was changed', text: `Signing you in failed: ${failure} Sign in with your new password.` });
        stop();
      }
    } catch {
      setFormError({ title: 'Your password was changed', text: 'Signing you in failed. Sign in with your new password.' });
      stop();
    }
  }

  return (
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate>
      <div className={styles.alertSlot} aria-live="polite">
        {changed && !formError ? (
          <Alert tone="success" title="Your password was changed" role="status">
            Signing you in…
          </Alert>
        ) : null}
      </div>
      <div className={styles.alertSlot}>
        {formError ? (
          <Alert tone={changed ? 'warning' : 'error'} title={formError.title} role="alert">
            {formError.text}{' '}
            {formError.deadLink ? <Link href="/forgot-password">Ask for a new link</Link> : null}
            {changed ? <Link href="/login">Sign in</Link> : null}
          </Alert>
        ) : null}
      </div>
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={PASSWORD_HINT}
        value={values.password}
        onChange={set('password')}
        error={errors.password}
        disabled={changed}
      />
      <TextField
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        value={values.confirmPassword}
        onChange={set('confirmPassword')}
        error={errors.confirmPassword}
        disabled={changed}
      />
      <Button type="submit" block size="lg" loading={pending} disabled={!hydrated || changed}>
        {pending ? 'Changing your password…' : 'Change password'}
      </Button>
    </form>
  );
}

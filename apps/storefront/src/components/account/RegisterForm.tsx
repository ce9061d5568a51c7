'use client';
import { Alert, Button, Checkbox, EmailField, TextField } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { describeError, useTRPC } from '@/lib/trpc/client';
import styles from './AuthForm.module.css';
import { useSignInAndMerge } from './LoginForm';
import { PASSWORD_HINT, validateRegistration, type RegistrationErrors, type RegistrationField } from '@/lib/account/registration';
import { useHydrated } from '@/lib/use-hydrated';

export function RegisterForm({ callbackUrl }: { callbackUrl: string }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const register = useMutation(trpc.account.register.mutationOptions());
  const signInAndMerge = useSignInAndMerge();
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  // Unchecked by default: offers and news only when the shopper asks for them.
  const [marketingOptIn, setMarketingOptIn] = useState(false);
  const [errors, setErrors] = useState<RegistrationErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);

  const focus = (field: RegistrationField | undefined) => field && document.getElementById(`oc-field-${field}`)?.focus();
  const set = (field: RegistrationField) => (event: { target: { value: string } }) => {
    setValues((previous) => ({ ...previous, [field]: event.target.value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const { errors: found, first } = validateRegistration(values);
    setErrors(found);
    if (first) return void focus(first);
    inFlight.current = true;
    setPending(true);
    setFormError(null);
    const stop = () => {
      inFlight.current = false;
      setPending(false);
    };
    try {
      await register.mutateAsync({ name: values.name, email: values.email, password: values.password, marketingOptIn });
    } catch (cause) {
      const described = describeError(cause);
      const fields: RegistrationErrors = {};
      for (const [path, message] of Object.entries(described.fieldErrors)) {
        if (path === 'name' || path === 'email' || path === 'password') fields[path] = message;
      }
      if (described.httpStatus === 409) fields.email = described.message;
      setErrors(fields);
      setFormError(described.message);
      focus((['name', 'email', 'password'] as const).find((field) => fields[field]));
      return stop();
    }
    try {
      const failure = await signInAndMerge(values.email.trim(), values.password, callbackUrl);
      if (failure) {
        setFormError(`Your account was created, but signing in failed: ${failure}`);
        stop();
      }
    } catch {
      setFormError('Your account was created, but signing in failed. Please sign in.');
      stop();
    }
  }

  return (
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate>
      <div className={styles.alertSlot}>
        {formError ? (
          <Alert tone="error" title="Could not create your account">
            {formError}
          </Alert>
        ) : null}
      </div>
      <TextField label="Full name" name="name" autoComplete="name" required value={values.name} onChange={set('name')} error={errors.name} />
      <EmailField
        value={values.email}
        onChange={set('email')}
        error={errors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={PASSWORD_HINT}
        value={values.password}
        onChange={set('password')}
        error={errors.password}
      />
      <Checkbox
        label="Email me offers and news"
        name="marketingOptIn"
        checked={marketingOptIn}
        onChange={(event) => setMarketingOptIn(event.target.checked)}
      />
      <Button type="submit" block size="lg" loading={pending} disabled={!hydrated}>
        {pending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}

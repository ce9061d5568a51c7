'use client';
import { Alert, Button, EmailField, TextField } from '@omnicart/ui';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { validateSignIn } from '@/lib/forms';
import { useHydrated } from '@/lib/use-hydrated';

/** next-auth credentials sign-in against identity; errors next to their fields, a refusal above the form. */
export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  // A click before hydration would post the bare form (and lose the sign-in): wait for React.
  const hydrated = useHydrated();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const found = validateSignIn({ email, password });
    setErrors(found);
    const first = (['email', 'password'] as const).find((field) => found[field]);
    if (first) {
      document.getElementById(`oc-field-${first}`)?.focus();
      return;
    }
    setPending(true);
    setFormError(null);
    try {
      const result = await signIn('credentials', { email: email.trim(), password, redirect: false });
      if (!result?.ok || result.error) {
        setFormError(!result || result.error === 'CredentialsSignin' ? 'The email or password is incorrect.' : (result.error ?? 'Signing in failed. Please try again.'));
        setPassword('');
        setPending(false);
        document.getElementById('oc-field-password')?.focus();
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setFormError('Signing in failed. Please try again.');
      setPending(false);
    }
  }

  return (
    <form method="post" className="stack-form" onSubmit={onSubmit} noValidate>
      <div aria-live="polite">
        {formError ? (
          <Alert tone="error" title="Could not sign you in">
            {formError}
          </Alert>
        ) : null}
      </div>
      <EmailField value={email} onChange={(event) => setEmail(event.target.value)} error={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={errors.password}
      />
      <Button type="submit" block size="lg" loading={pending} disabled={!hydrated}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}

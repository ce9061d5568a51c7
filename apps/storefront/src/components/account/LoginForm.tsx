'use client';
import { Alert, Button, EmailField, TextField } from '@omnicart/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc/client';
import styles from './AuthForm.module.css';
import { useHydrated } from '@/lib/use-hydrated';
import { validateSignIn } from '@/lib/account/registration';

/** Signs in through next-auth, merges the guest cart into the account at once, then goes on. */
export function useSignInAndMerge() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const merge = useMutation(trpc.cart.merge.mutationOptions());

  return async (email: string, password: string, next: string): Promise<string | null> => {
    const result = await signIn('credentials', { email, password, redirect: false });
    if (!result || result.error || !result.ok) {
      if (!result || result.error === 'CredentialsSignin') return 'The email or password is incorrect.';
      return result.error ?? 'Signing in failed. Please try again.';
    }
    try {
      // The header's cart count is right the moment the account page shows.
      queryClient.setQueryData(trpc.cart.get.queryKey(), await merge.mutateAsync());
    } catch {
      // The next cart read merges again (merging is idempotent).
      void queryClient.invalidateQueries({ queryKey: trpc.cart.pathKey() });
    }
    router.replace(next);
    router.refresh();
    return null;
  };
}

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const hydrated = useHydrated();
  const signInAndMerge = useSignInAndMerge();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const inFlight = useRef(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const { errors: found, first } = validateSignIn({ email, password });
    setErrors(found);
    if (first) {
      document.getElementById(`oc-field-${first}`)?.focus();
      return;
    }
    inFlight.current = true;
    setPending(true);
    setFormError(null);
    try {
      const failure = await signInAndMerge(email.trim(), password, callbackUrl);
      if (failure) {
        setFormError(failure);
        setPassword('');
        document.getElementById('oc-field-password')?.focus();
        inFlight.current = false;
        setPending(false);
      }
    } catch {
      setFormError('Signing in failed. Please try again.');
      inFlight.current = false;
      setPending(false);
    }
  }

  return (
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate>
      <div className={styles.alertSlot}>
        {formError ? (
          <Alert tone="error" title="Could not sign you in">
            {formError}
          </Alert>
        ) : null}
      </div>
      <EmailField
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={errors.email}
      />
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

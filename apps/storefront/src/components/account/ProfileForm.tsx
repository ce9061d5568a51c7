'use client';
import { Alert, Button, EmailField, TextField } from '@omnicart/ui';
import { useMutation } from '@tanstack/react-query';
import { useSession } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { describeError, useTRPC } from '@/lib/trpc/client';
import styles from './Account.module.css';
import { validateProfile } from '@/lib/account/registration';
import { useHydrated } from '@/lib/use-hydrated';

type Field = 'name' | 'email';

export function ProfileForm({ initial }: { initial: { name: string; email: string } }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const router = useRouter();
  const session = useSession();
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [feedback, setFeedback] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const update = useMutation(trpc.account.updateProfile.mutationOptions());

  const set = (field: Field) => (event: { target: { value: string } }) => {
    setValues((previous) => ({ ...previous, [field]: event.target.value }));
    if (errors[field]) setErrors((previous) => ({ ...previous, [field]: undefined }));
    setFeedback(null);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (update.isPending) return;
    const { errors: found, first } = validateProfile(values);
    setErrors(found);
    if (first) {
      document.getElementById(`oc-field-${first}`)?.focus();
      return;
    }
    try {
      const user = await update.mutateAsync({ name: values.name, email: values.email });
      const next = { name: user.name, email: user.email };
      setValues(next);
      setSaved(next);
      setFeedback({ tone: 'success', text: 'Your profile was saved.' });
      // The session cookie re-reads the account (name and email shown across the site).
      await session.update().catch(() => undefined);
      router.refresh();
    } catch (cause) {
      const described = describeError(cause);
      const fields: Partial<Record<Field, string>> = {};
      for (const [path, message] of Object.entries(described.fieldErrors)) if (path === 'name' || path === 'email') fields[path] = message;
      if (described.httpStatus === 409) fields.email = described.message;
      setErrors(fields);
      setFeedback({ tone: 'error', text: described.message });
    }
  }

  const unchanged = values.name.trim() === saved.name && values.email.trim().toLowerCase() === saved.email;
  return (
    <form method="post" className={styles.form} onSubmit={onSubmit} noValidate>
      <TextField label="Full name" name="name" autoComplete="name" required value={values.name} onChange={set('name')} error={errors.name} />
      <EmailField value={values.email} onChange={set('email')} error={errors.email} />
      <div className={styles.formActions}>
        <Button type="submit" loading={update.isPending} disabled={!hydrated || (unchanged && !update.isPending)}>
          {update.isPending ? 'Saving…' : 'Save changes'}
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

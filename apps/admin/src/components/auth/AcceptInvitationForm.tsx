'use client';
import { Alert, Button, TextField } from '@omnicart/ui';
import { useActionState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';

/** Set a password (twice) for an invited staff account; the action sends on to /login. */
export function AcceptInvitationForm({ token, action }: { token: string; action: (previous: FormState, form: FormData) => Promise<FormState> }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  return (
    <form action={submit} className="stack-form" aria-label="Set your password" noValidate>
      <input type="hidden" name="token" value={token} />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={8} hint="At least 8 characters" error={state.fieldErrors?.password} />
      <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" required error={state.fieldErrors?.confirm} />
      <div aria-live="polite">
        {state.status === 'error' && state.message ? (
          <Alert tone="error" title="Could not set your password">
            {state.message}
          </Alert>
        ) : null}
      </div>
      <Button type="submit" block size="lg" loading={pending}>
        Set password and continue
      </Button>
    </form>
  );
}

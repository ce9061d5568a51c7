'use client';
import { STAFF_ROLES, ROLE_LABELS } from '@omnicart/contracts';
import { Alert, Button, SelectField, TextField } from '@omnicart/ui';
import { useActionState } from 'react';
import { IDLE_FORM } from '@/lib/forms';
import { CopyField } from './CopyField';
import { Outcome } from './Outcome';
import type { FormAction } from './types';

const ROLE_OPTIONS = STAFF_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/** Email, name and role; on success the invitation link, shown this once. */
export function InviteStaffForm({ action }: { action: FormAction }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  // A fresh form after each invitation (the key), the previous values after a refusal.
  const values = state.status === 'error' ? state.values : undefined;
  return (
    <div className="stack">
      <form action={submit} className="stack-form" aria-labelledby="invite-title" noValidate>
        <h2 id="invite-title" className="section-title">
          Invite staff
        </h2>
        <TextField label="Email" name="email" type="email" autoComplete="off" required defaultValue={values?.email} error={state.fieldErrors?.email} key={`email-${state.link ?? ''}`} />
        <TextField label="Name" name="name" autoComplete="off" required defaultValue={values?.name} error={state.fieldErrors?.name} key={`name-${state.link ?? ''}`} />
        <SelectField
          label="Role"
          name="staffRole"
          required
          placeholder="Choose a role"
          options={ROLE_OPTIONS}
          defaultValue={values?.staffRole ?? ''}
          error={state.fieldErrors?.staffRole}
          key={`role-${state.link ?? ''}`}
        />
        <div aria-live="polite">{state.status === 'error' ? <Outcome state={state} /> : null}</div>
        <Button type="submit" loading={pending}>
          Send invitation
        </Button>
      </form>
      <div aria-live="polite">
        {state.status === 'done' && state.link ? (
          <Alert tone="success" title={state.message}>
            <p style={{ margin: '0 0 8px' }}>
              Send them this link: it lets them set a password and sign in. It is shown <strong>only this once</strong> (invitations are not emailed yet) and
              works once.
            </p>
            <CopyField label="Invitation link" value={state.link} />
          </Alert>
        ) : null}
      </div>
    </div>
  );
}

'use client';
import { STAFF_ROLES, ROLE_LABELS, type StaffRole } from '@omnicart/contracts';
import { useActionState, useId } from 'react';
import { IDLE_FORM } from '@/lib/forms';
import type { FormAction } from './types';

/** A staff role select and Save, for one account (a table row or the customer page). */
export function RoleForm({ userId, name, current, action, submitLabel = 'Save' }: { userId: string; name: string; current: StaffRole | null; action: FormAction; submitLabel?: string }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const selectId = useId();
  const messageId = useId();
  const error = state.status === 'error' ? (state.fieldErrors?.staffRole ?? state.message) : undefined;
  return (
    <form action={submit} className="oc-cluster" style={{ gap: 6, flexWrap: 'nowrap' }}>
      <input type="hidden" name="id" value={userId} />
      <label htmlFor={selectId} className="oc-visually-hidden">
        Role of {name}
      </label>
      <select
        id={selectId}
        className="oc-select"
        name="staffRole"
        defaultValue={state.values?.staffRole ?? current ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={messageId}
      >
        {current ? null : (
          <option value="" disabled>
            Choose a role
          </option>
        )}
        {STAFF_ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      <button type="submit" className="oc-button oc-button--secondary oc-button--sm" disabled={pending} aria-label={`${submitLabel} role of ${name}`}>
        {submitLabel}
      </button>
      <span id={messageId} role="status" className={error ? 'inline-error' : 'muted'} style={{ fontSize: 'var(--oc-font-size-sm)' }}>
        {error ?? (state.status === 'done' ? 'Saved' : '')}
      </span>
    </form>
  );
}

'use client';
import { useActionState } from 'react';
import { IDLE_FORM } from '@/lib/forms';
import type { FormAction } from './types';

/** Withdraw a pending invitation (its link stops working). */
export function RevokeInvitationForm({ invitationId, email, action }: { invitationId: string; email: string; action: FormAction }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  return (
    <form action={submit} className="oc-cluster" style={{ gap: 6 }}>
      <input type="hidden" name="id" value={invitationId} />
      <button type="submit" className="oc-button oc-button--secondary oc-button--sm" disabled={pending} aria-label={`Withdraw the invitation of ${email}`}>
        Withdraw
      </button>
      <span role="status" className={state.status === 'error' ? 'inline-error' : 'muted'} style={{ fontSize: 'var(--oc-font-size-sm)' }}>
        {state.status === 'error' ? state.message : ''}
      </span>
    </form>
  );
}

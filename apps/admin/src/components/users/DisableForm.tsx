'use client';
import { useActionState, useState } from 'react';
import { IDLE_FORM } from '@/lib/forms';
import type { FormAction } from './types';

function Steps({ userId, name, disabled, action, onKeep }: { userId: string; name: string; disabled: boolean; action: FormAction; onKeep: () => void }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const confirming = state.status === 'confirm';
  const verb = disabled ? 'Enable' : 'Disable';
  return (
    <form action={submit} className="oc-cluster" style={{ gap: 6 }}>
      <input type="hidden" name="id" value={userId} />
      <input type="hidden" name="disabled" value={String(!disabled)} />
      {confirming ? <input type="hidden" name="confirm" value="yes" /> : null}
      {confirming ? (
        <>
          <span role="alert">
            {disabled ? `Let ${name} sign in again?` : `Disable ${name}? They are signed out everywhere at once and cannot sign in.`}
          </span>
          <button type="submit" className={`oc-button oc-button--sm ${disabled ? 'oc-button--primary' : 'oc-button--danger'}`} disabled={pending}>
            Yes, {verb.toLowerCase()}
          </button>
          <button type="button" className="oc-button oc-button--ghost oc-button--sm" onClick={onKeep}>
            Keep as is
          </button>
        </>
      ) : (
        <button type="submit" className="oc-button oc-button--secondary oc-button--sm" disabled={pending} aria-label={`${verb} ${name}…`}>
          {verb}…
        </button>
      )}
      <span role="status" className={state.status === 'error' ? 'inline-error' : 'muted'} style={{ fontSize: 'var(--oc-font-size-sm)' }}>
        {state.status === 'error' || state.status === 'done' ? state.message : ''}
      </span>
    </form>
  );
}

/** Disable or enable an account, with a confirmation step; "Keep as is" starts over. */
export function DisableForm(props: { userId: string; name: string; disabled: boolean; action: FormAction }) {
  const [round, setRound] = useState(0);
  return <Steps key={`${round}-${props.disabled}`} {...props} onKeep={() => setRound((value) => value + 1)} />;
}

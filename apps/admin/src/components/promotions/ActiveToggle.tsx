'use client';
import { Button } from '@omnicart/ui';
import { useActionState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { Outcome } from '../users/Outcome';

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Deactivate (no new redemption; paid orders keep theirs) or reactivate a promotion. */
export function ActiveToggle({ id, active, action }: { id: string; active: boolean; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  return (
    <form action={submit} className="stack-form" aria-label={active ? 'Deactivate' : 'Reactivate'}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={active ? '0' : '1'} />
      <p className="muted">{active ? 'Deactivating stops new orders from using it; orders already placed keep their discount.' : 'Reactivating lets orders use it again within its dates and limits.'}</p>
      <div>
        <Button type="submit" variant={active ? 'danger' : 'secondary'} loading={pending}>
          {active ? 'Deactivate' : 'Reactivate'}
        </Button>
      </div>
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
    </form>
  );
}

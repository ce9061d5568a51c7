'use client';
import { Button } from '@omnicart/ui';
import { ActionForm, type FormAction } from '../ActionForm';

/** Deactivate (no new redemption; paid orders keep theirs) or reactivate a promotion. */
export function ActiveToggle({ id, active, action }: { id: string; active: boolean; action: FormAction }) {
  return (
    <ActionForm action={action} id={id} label={active ? 'Deactivate' : 'Reactivate'}>
      {(_state, pending) => (
        <>
          <input type="hidden" name="active" value={active ? '0' : '1'} />
          <p className="muted">{active ? 'Deactivating stops new orders from using it; orders already placed keep their discount.' : 'Reactivating lets orders use it again within its dates and limits.'}</p>
          <div>
            <Button type="submit" variant={active ? 'danger' : 'secondary'} loading={pending}>
              {active ? 'Deactivate' : 'Reactivate'}
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}

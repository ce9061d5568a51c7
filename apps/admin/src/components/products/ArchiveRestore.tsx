'use client';
import { Button } from '@omnicart/ui';
import { useActionState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import type { ProductStatus } from '@/lib/products/types';
import { Outcome } from '../users/Outcome';

/** Archive (off sale, hidden from the shop; reversible) or, for an archived product, restore it as a draft. */
export function ArchiveRestore({ id, status, action }: { id: string; status: ProductStatus; action: (previous: FormState, form: FormData) => Promise<FormState> }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const archived = status === 'archived';
  return (
    <form action={submit} className="stack-form" aria-labelledby="archive-title">
      <h2 id="archive-title" className="section-title">
        {archived ? 'Restore' : 'Archive'}
      </h2>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="intent" value={archived ? 'restore' : 'archive'} />
      <p className="muted">
        {archived
          ? 'Restoring brings the product back as a draft: publish it (status Active) when it is ready to sell again.'
          : 'Archiving takes the product off sale: shoppers no longer find it, its page says it is no longer available. You can restore it later.'}
      </p>
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      <div>
        <Button type="submit" variant={archived ? 'primary' : 'danger'} loading={pending}>
          {archived ? 'Restore product' : 'Archive product'}
        </Button>
      </div>
    </form>
  );
}

'use client';
import { Button, TextField } from '@omnicart/ui';
import { useActionState } from 'react';
import type { GenerateState, generatePromotionCodes } from '@/server/promotion-actions';
import { Outcome } from '../users/Outcome';
import styles from './promotions.module.css';

/**
 * "Generate codes": how many unique single-use codes and an optional prefix; the new batch is
 * listed once the service answers, with its own CSV link.
 */
export function GenerateCodes({ id, action }: { id: string; action: typeof generatePromotionCodes }) {
  const [state, submit, pending] = useActionState<GenerateState, FormData>(action, { status: 'idle' });
  const batch = state.status === 'done' ? state.batch : undefined;
  return (
    <form action={submit} className="stack-form" aria-labelledby="promotion-generate-title" noValidate>
      <h2 id="promotion-generate-title" className="section-title">
        Generate codes
      </h2>
      <p className="muted">Unique codes of 10 characters, each usable once: hand them out one per customer.</p>
      <input type="hidden" name="id" value={id} />
      <div className={styles.actions}>
        <TextField label="How many" name="count" inputMode="numeric" autoComplete="off" required defaultValue={state.values?.count ?? '10'} hint="1 to 10,000" error={state.fieldErrors?.count} />
        <TextField label="Prefix" name="prefix" autoComplete="off" spellCheck={false} maxLength={12} defaultValue={state.values?.prefix ?? ''} hint="Optional: letters and digits, like XMAS" error={state.fieldErrors?.prefix} />
        <Button type="submit" variant="secondary" loading={pending}>
          Generate codes
        </Button>
      </div>
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      {batch ? (
        <section aria-labelledby="promotion-batch-title" className="stack">
          <h3 id="promotion-batch-title" className="section-title">
            The new batch
          </h3>
          <ol className={styles.batch} aria-label="New codes" data-testid="new-codes">
            {batch.codes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ol>
          <p>
            <a href={`/promotions/${id}/codes.csv?batchId=${batch.batchId}`} download>
              Download this batch as CSV
            </a>
          </p>
        </section>
      ) : null}
    </form>
  );
}

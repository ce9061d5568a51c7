'use client';
import { Alert, Button } from '@omnicart/ui';
import type { ReactNode } from 'react';
import { describeError } from '@/lib/trpc/client';
import { useHydrated } from '@/lib/use-hydrated';
import styles from './Account.module.css';

/**
 * What an e-mailed link opens (unsubscribe, confirm an alert): a sentence and one button. Opening
 * the page changes nothing (mail scanners follow links); the button does, and its outcome is announced.
 */
export function OneClickForm({ intro, button, pending, error, onConfirm }: { intro: ReactNode; button: string; pending: boolean; error: unknown; onConfirm: () => void }) {
  const hydrated = useHydrated();
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (!pending) onConfirm();
      }}
    >
      <p className={styles.note}>{intro}</p>
      <div className={styles.formActions}>
        <Button type="submit" loading={pending} disabled={!hydrated}>
          {button}
        </Button>
      </div>
      <div aria-live="polite" className={styles.feedback}>
        {error ? (
          <Alert tone="error" role="alert">
            {describeError(error).message}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

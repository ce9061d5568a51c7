'use client';
import { Button, TextField } from '@omnicart/ui';
import { useId, useState, type KeyboardEvent } from 'react';
import styles from './DiscountCodeField.module.css';

export interface DiscountCodeFieldProps {
  /** The code the cookie holds (the quote's `appliedCode`), or null. */
  appliedCode: string | null;
  /** What the applied code takes off ("10 % off"), when the quote took it. */
  appliedLabel?: string | null;
  /**
   * Why the code does not apply, in promotions' words: the quote's `codeRefusal.message`, a checkout
   * 409's message, or the BFF's answer to a malformed code. Shown next to the field (role=alert).
   */
  refusal: string | null;
  /** Tries a code (the BFF stores it when it applies); rejects with a shopper-readable message. */
  onApply: (code: string) => Promise<void>;
  onRemove: () => Promise<void>;
  /** A distinct id per page (the cart and checkout each have one field). */
  id: string;
}

/**
 * "Discount code" + Apply, or the applied code with a Remove button. Not a <form> of its own: at
 * checkout it sits inside the checkout form, so Enter in the field applies the code instead of
 * paying, and the Apply button is type="button".
 */
export function DiscountCodeField({ appliedCode, appliedLabel, refusal, onApply, onRemove, id }: DiscountCodeFieldProps) {
  const [draft, setDraft] = useState(appliedCode ?? '');
  const [shownCode, setShownCode] = useState(appliedCode);
  const [busy, setBusy] = useState<'apply' | 'remove' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const messageId = useId();

  // The applied code changed (applied, removed, another tab): the field shows it.
  if (shownCode !== appliedCode) {
    setShownCode(appliedCode);
    if (appliedCode) setDraft(appliedCode);
  }

  const message = error ?? refusal;
  const accepted = Boolean(appliedCode) && !message;

  async function apply() {
    if (busy) return;
    setBusy('apply');
    setError(null);
    try {
      await onApply(draft);
    } catch (cause) {
      setError(cause instanceof Error && cause.message ? cause.message : 'The code could not be checked right now. Please try again.');
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    if (busy) return;
    setBusy('remove');
    setError(null);
    try {
      await onRemove();
      setDraft('');
    } catch (cause) {
      setError(cause instanceof Error && cause.message ? cause.message : 'The code could not be removed right now. Please try again.');
    } finally {
      setBusy(null);
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // at checkout, Enter here must not pay
    void apply();
  };

  return (
    <div className={styles.field} role="group" aria-label="Discount code">
      <div className={styles.row}>
        <TextField
          id={id}
          name="discountCode"
          label="Discount code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            if (error) setError(null);
          }}
          onKeyDown={onKeyDown}
          aria-invalid={message ? true : undefined}
          aria-describedby={message || accepted ? messageId : undefined}
          fieldClassName={styles.input}
        />
        <Button type="button" variant="secondary" loading={busy === 'apply'} onClick={() => void apply()} className={styles.apply}>
          Apply
        </Button>
      </div>
      {message ? (
        <p id={messageId} className={styles.error} role="alert">
          {message}
        </p>
      ) : accepted ? (
        <p id={messageId} className={styles.applied} role="status">
          Code <strong>{appliedCode}</strong> applied{appliedLabel ? `: ${appliedLabel}` : ''}.
        </p>
      ) : null}
      {appliedCode ? (
        <Button type="button" variant="ghost" size="sm" loading={busy === 'remove'} onClick={() => void remove()} className={styles.remove}>
          Remove<span className="oc-visually-hidden"> code {appliedCode}</span>
        </Button>
      ) : null}
    </div>
  );
}

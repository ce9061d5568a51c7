'use client';
import { Button, FieldLabel } from '@omnicart/ui';
import { useActionState } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { Outcome } from '../users/Outcome';

type Action = (previous: FormState, form: FormData) => Promise<FormState>;

/** Replay: the event goes back to this consumer only, its attempts starting over. */
export function ReplayForm({ id, consumer, action }: { id: string; consumer: string; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  return (
    <form action={submit} className="stack-form" aria-label="Replay">
      <input type="hidden" name="id" value={id} />
      <p className="muted">
        Hands the event back to <code>{consumer}</code> only (the other consumers of its type are not sent it again), attempts starting over. Fix the cause first.
      </p>
      <div>
        <Button type="submit" variant="primary" loading={pending}>
          Replay
        </Button>
      </div>
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
    </form>
  );
}

/** Discard: no longer listed or replayable; kept with who, when and why. */
export function DiscardForm({ id, action }: { id: string; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  const error = state.fieldErrors?.reason;
  return (
    <form action={submit} className="stack-form" aria-label="Discard">
      <input type="hidden" name="id" value={id} />
      <div>
        <FieldLabel htmlFor="discard-reason">Reason</FieldLabel>
        <textarea
          id="discard-reason"
          name="reason"
          className="oc-input"
          rows={2}
          required
          minLength={3}
          maxLength={500}
          defaultValue={state.values?.reason ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'discard-reason-error' : undefined}
        />
        {error ? (
          <p className="oc-field__error" id="discard-reason-error">
            {error}
          </p>
        ) : null}
      </div>
      <div>
        <Button type="submit" variant="danger" loading={pending}>
          Discard
        </Button>
      </div>
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
    </form>
  );
}

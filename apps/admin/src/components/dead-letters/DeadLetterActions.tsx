'use client';
import { Button, FieldLabel } from '@omnicart/ui';
import { ActionForm, type FormAction } from '../ActionForm';

/** Replay: the event goes back to this consumer only, its attempts starting over. */
export function ReplayForm({ id, consumer, action }: { id: string; consumer: string; action: FormAction }) {
  return (
    <ActionForm action={action} id={id} label="Replay">
      {(_state, pending) => (
        <>
          <p className="muted">
            Hands the event back to <code>{consumer}</code> only (the other consumers of its type are not sent it again), attempts starting over. Fix the cause first.
          </p>
          <div>
            <Button type="submit" variant="primary" loading={pending}>
              Replay
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}

/** Discard: no longer listed or replayable; kept with who, when and why. */
export function DiscardForm({ id, action }: { id: string; action: FormAction }) {
  return (
    <ActionForm action={action} id={id} label="Discard">
      {(state, pending) => {
        const error = state.fieldErrors?.reason;
        return (
          <>
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
          </>
        );
      }}
    </ActionForm>
  );
}

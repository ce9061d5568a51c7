'use client';
import { useActionState, type ReactNode } from 'react';
import { IDLE_FORM, type FormState } from '@/lib/forms';
import { Outcome } from './users/Outcome';

/** A server action as useActionState calls it: the last answer and the submitted form. */
export type FormAction = (previous: FormState, form: FormData) => Promise<FormState>;

/**
 * A form that runs one server action on one record (its `id` goes as a hidden field) and reads
 * the action's outcome out in an aria-live region under the fields. `children` draw the fields
 * from the action's last answer and whether it is running (for the submit button's spinner).
 */
export function ActionForm({
  action,
  id,
  label,
  headingId,
  noValidate,
  children,
}: {
  action: FormAction;
  id: string;
  /** The form's name: its aria-label, or, with `headingId`, a section heading that labels it. */
  label: string;
  headingId?: string;
  /** Leave checking the fields to the action (its field errors), not to the browser. */
  noValidate?: boolean;
  children: (state: FormState, pending: boolean) => ReactNode;
}) {
  const [state, submit, pending] = useActionState(action, IDLE_FORM);
  return (
    <form
      action={submit}
      className="stack-form"
      aria-label={headingId ? undefined : label}
      aria-labelledby={headingId}
      noValidate={noValidate}
    >
      {headingId ? (
        <h2 id={headingId} className="section-title">
          {label}
        </h2>
      ) : null}
      <input type="hidden" name="id" value={id} />
      {children(state, pending)}
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
    </form>
  );
}

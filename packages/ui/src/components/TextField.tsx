import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { cx } from '../cx.js';
import { describedBy, fieldIds } from './field.js';

/** The visible label of a field, with an asterisk when required (the control's `required` is what screen readers announce). */
export function FieldLabel({ htmlFor, required, children }: { htmlFor: string; required?: boolean; children: ReactNode }) {
  // The required marker sits beside the <label>, not inside it: the label's text stays exactly the
  // field's name ("Email"), for people and for tools that find fields by their label.
  const label = (
    <label className="oc-field__label" htmlFor={htmlFor}>
      {children}
    </label>
  );
  if (!required) return label;
  return (
    <span className="oc-field__label-row">
      {label}
      <span className="oc-field__required" aria-hidden="true">
        *
      </span>
    </span>
  );
}

/** Hint and error paragraphs referenced by the control's aria-describedby. */
export function FieldMessages({
  ids,
  hint,
  error,
}: {
  ids: { hintId: string; errorId: string };
  hint?: ReactNode;
  error?: ReactNode;
}) {
  return (
    <>
      {hint ? (
        <p className="oc-field__hint" id={ids.hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="oc-field__error" id={ids.errorId}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export interface TextFieldProps extends Omit<ComponentPropsWithoutRef<'input'>, 'children'> {
  /** Visible label text (always rendered). */
  label: ReactNode;
  name: string;
  /** Help text under the label, linked with aria-describedby. */
  hint?: ReactNode;
  /** Validation message: sets aria-invalid and is linked with aria-describedby. */
  error?: ReactNode;
  /** Class for the wrapping <div>; `className` goes to the <input>. */
  fieldClassName?: string;
}

/** A labelled <input>. The id defaults to `oc-field-<name>`; pass `id` when a name repeats on a page. */
export function TextField({
  label,
  name,
  id,
  hint,
  error,
  required,
  type = 'text',
  className,
  fieldClassName,
  'aria-describedby': ariaDescribedBy,
  ...rest
}: TextFieldProps) {
  const ids = fieldIds(id, name, 'text');
  return (
    <div className={cx('oc-field', error ? 'oc-field--invalid' : undefined, fieldClassName)}>
      <FieldLabel htmlFor={ids.controlId} required={required}>
        {label}
      </FieldLabel>
      <input
        id={ids.controlId}
        name={name}
        type={type}
        required={required}
        className={cx('oc-input', className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ariaDescribedBy, ids, hint, error)}
        {...rest}
      />
      <FieldMessages ids={ids} hint={hint} error={error} />
    </div>
  );
}

export type EmailFieldProps = Omit<TextFieldProps, 'type' | 'label' | 'name'> & { label?: ReactNode; name?: string };

/** The email field every sign-in, sign-up and checkout form uses: labelled "Email", required, email keyboard and autofill. */
export function EmailField({ label = 'Email', name = 'email', ...rest }: EmailFieldProps) {
  return <TextField label={label} name={name} type="email" autoComplete="email" inputMode="email" required {...rest} />;
}

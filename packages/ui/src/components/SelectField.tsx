import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { cx } from '../cx.js';
import { describedBy, fieldIds } from './field.js';
import { FieldLabel, FieldMessages } from './TextField.js';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectFieldProps extends Omit<ComponentPropsWithoutRef<'select'>, 'children'> {
  label: ReactNode;
  name: string;
  options: readonly SelectOption[];
  /** First, empty-valued option such as "Choose a country" (disabled when the field is required). */
  placeholder?: string;
  hint?: ReactNode;
  error?: ReactNode;
  fieldClassName?: string;
}

/** A labelled native <select>. */
export function SelectField({
  label,
  name,
  id,
  options,
  placeholder,
  hint,
  error,
  required,
  className,
  fieldClassName,
  'aria-describedby': ariaDescribedBy,
  ...rest
}: SelectFieldProps) {
  const ids = fieldIds(id, name, 'select');
  return (
    <div className={cx('oc-field', error ? 'oc-field--invalid' : undefined, fieldClassName)}>
      <FieldLabel htmlFor={ids.controlId} required={required}>
        {label}
      </FieldLabel>
      <select
        id={ids.controlId}
        name={name}
        required={required}
        className={cx('oc-select', className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ariaDescribedBy, ids, hint, error)}
        {...rest}
      >
        {placeholder !== undefined ? (
          <option value="" disabled={required}>
            {placeholder}
          </option>
        ) : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages ids={ids} hint={hint} error={error} />
    </div>
  );
}

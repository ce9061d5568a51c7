import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { cx } from '../cx.js';
import { describedBy, fieldIds } from './field.js';
import { FieldMessages } from './TextField.js';

export interface CheckboxProps extends Omit<ComponentPropsWithoutRef<'input'>, 'type' | 'children'> {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: ReactNode;
  fieldClassName?: string;
}

/** A native checkbox with its label beside it (the label is part of the click target). */
export function Checkbox({
  label,
  name,
  id,
  hint,
  error,
  className,
  fieldClassName,
  'aria-describedby': ariaDescribedBy,
  ...rest
}: CheckboxProps) {
  const ids = fieldIds(id, name, 'checkbox');
  return (
    <div className={cx('oc-checkbox', error ? 'oc-field--invalid' : undefined, fieldClassName)}>
      <input
        type="checkbox"
        id={ids.controlId}
        name={name}
        className={cx('oc-checkbox__input', className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ariaDescribedBy, ids, hint, error)}
        {...rest}
      />
      <label className="oc-checkbox__label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldMessages ids={ids} hint={hint} error={error} />
    </div>
  );
}

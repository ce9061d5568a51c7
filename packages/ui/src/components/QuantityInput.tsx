import type { ComponentPropsWithoutRef, MouseEventHandler, ReactNode } from 'react';
import { cx } from '../cx.js';
import { describedBy, fieldIds } from './field.js';
import { FieldLabel, FieldMessages } from './TextField.js';
import { VisuallyHidden } from './VisuallyHidden.js';

export interface QuantityInputProps
  extends Omit<ComponentPropsWithoutRef<'input'>, 'type' | 'children' | 'min' | 'max' | 'value' | 'defaultValue'> {
  name: string;
  /** Visible label. Default "Quantity". */
  label?: ReactNode;
  /** Keep the label for screen readers only (e.g. in a dense cart table whose column says "Quantity"). */
  hideLabel?: boolean;
  value?: number;
  defaultValue?: number;
  min?: number;
  max?: number;
  onDecrement?: MouseEventHandler<HTMLButtonElement>;
  onIncrement?: MouseEventHandler<HTMLButtonElement>;
  /** aria-label of the − button. Default "Decrease quantity". */
  decrementLabel?: string;
  /** aria-label of the + button. Default "Increase quantity". */
  incrementLabel?: string;
  hint?: ReactNode;
  error?: ReactNode;
  fieldClassName?: string;
}

/**
 * A labelled number input between − and + buttons. Stateless: the app owns the value and wires
 * onChange / onDecrement / onIncrement (so it is used from a client component). The buttons are
 * disabled at the bounds when `value` is given.
 */
export function QuantityInput({
  name,
  id,
  label = 'Quantity',
  hideLabel = false,
  value,
  defaultValue,
  min = 1,
  max = 99,
  onDecrement,
  onIncrement,
  decrementLabel = 'Decrease quantity',
  incrementLabel = 'Increase quantity',
  hint,
  error,
  disabled,
  className,
  fieldClassName,
  'aria-describedby': ariaDescribedBy,
  ...rest
}: QuantityInputProps) {
  const ids = fieldIds(id, name, 'quantity');
  return (
    <div className={cx('oc-field', 'oc-quantity', error ? 'oc-field--invalid' : undefined, fieldClassName)}>
      {hideLabel ? (
        <label htmlFor={ids.controlId}>
          <VisuallyHidden>{label}</VisuallyHidden>
        </label>
      ) : (
        <FieldLabel htmlFor={ids.controlId}>{label}</FieldLabel>
      )}
      <div className="oc-quantity__controls">
        <button
          type="button"
          className="oc-quantity__button"
          aria-label={decrementLabel}
          aria-controls={ids.controlId}
          onClick={onDecrement}
          disabled={disabled || (value !== undefined && value <= min)}
        >
          <span aria-hidden="true">−</span>
        </button>
        <input
          id={ids.controlId}
          name={name}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={value}
          defaultValue={defaultValue}
          disabled={disabled}
          className={cx('oc-input', 'oc-quantity__input', className)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(ariaDescribedBy, ids, hint, error)}
          {...rest}
        />
        <button
          type="button"
          className="oc-quantity__button"
          aria-label={incrementLabel}
          aria-controls={ids.controlId}
          onClick={onIncrement}
          disabled={disabled || (value !== undefined && value >= max)}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>
      <FieldMessages ids={ids} hint={hint} error={error} />
    </div>
  );
}

import type { ComponentPropsWithoutRef, ElementType } from 'react';
import { cx } from '../cx.js';
import { Spinner } from './Spinner.js';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md' | 'lg';

/** The class names a button-looking element needs; for styling elements this package does not render. */
export function buttonClassName(
  options: { variant?: ButtonVariant; size?: ButtonSize; block?: boolean } = {},
  className?: string,
): string {
  const { variant = 'primary', size = 'md', block = false } = options;
  return cx('oc-button', `oc-button--${variant}`, `oc-button--${size}`, block && 'oc-button--block', className);
}

export interface ButtonProps extends ComponentPropsWithoutRef<'button'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Full width of its container. */
  block?: boolean;
  /** Shows a spinner, sets aria-busy and disables the button (e.g. while a form submits). */
  loading?: boolean;
}

/** A native <button>; `type` defaults to "button" so it never submits a form by accident. */
export function Button({
  variant,
  size,
  block,
  loading = false,
  disabled,
  type = 'button',
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClassName({ variant, size, block }, cx(loading && 'oc-button--loading', className))}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      {loading ? <Spinner decorative size="sm" /> : null}
      {children}
    </button>
  );
}

export interface LinkButtonProps extends ComponentPropsWithoutRef<'a'> {
  href: string;
  variant?: ButtonVariant;
  size?: ButtonSize;
  block?: boolean;
  /** The link component to render, e.g. Next's `Link`. Default: a plain <a>. */
  as?: ElementType;
}

/** A link that looks like a button: for navigation ("Continue shopping", "Go to checkout"). */
export function LinkButton({ as: Component = 'a', variant, size, block, className, ...rest }: LinkButtonProps) {
  return <Component className={buttonClassName({ variant, size, block }, className)} {...rest} />;
}

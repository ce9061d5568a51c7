import type { ComponentPropsWithoutRef } from 'react';
import { cx } from '../cx.js';
import { VisuallyHidden } from './VisuallyHidden.js';

export interface SpinnerProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  /** Announced to screen readers (visually hidden). Default "Loading". */
  label?: string;
  size?: 'sm' | 'md' | 'lg';
  /**
   * Purely visual spinner (aria-hidden, no status role), for use inside something that already
   * announces its busy state, e.g. a Button with aria-busy.
   */
  decorative?: boolean;
}

/** An indeterminate progress indicator; spins only when the user accepts motion. */
export function Spinner({ label = 'Loading', size = 'md', decorative = false, className, ...rest }: SpinnerProps) {
  const classes = cx('oc-spinner', `oc-spinner--${size}`, className);
  if (decorative) return <span className={classes} aria-hidden="true" {...rest} />;
  return (
    <span role="status" className={cx('oc-spinner-wrap', className)} {...rest}>
      <span className={cx('oc-spinner', `oc-spinner--${size}`)} aria-hidden="true" />
      <VisuallyHidden>{label}</VisuallyHidden>
    </span>
  );
}

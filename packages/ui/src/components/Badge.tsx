import type { ComponentPropsWithoutRef } from 'react';
import { cx } from '../cx.js';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

export interface BadgeProps extends ComponentPropsWithoutRef<'span'> {
  tone?: BadgeTone;
}

/** A short status label ("Out of stock", "Paid"). Colour is never the only signal: the text says it. */
export function Badge({ tone = 'neutral', className, ...rest }: BadgeProps) {
  return <span className={cx('oc-badge', `oc-badge--${tone}`, className)} {...rest} />;
}

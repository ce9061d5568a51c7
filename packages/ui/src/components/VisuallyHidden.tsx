import type { ComponentPropsWithoutRef } from 'react';
import { cx } from '../cx.js';

export type VisuallyHiddenProps = ComponentPropsWithoutRef<'span'>;

/** Text for assistive technology only; it stays in the accessibility tree but takes no space. */
export function VisuallyHidden({ className, ...rest }: VisuallyHiddenProps) {
  return <span className={cx('oc-visually-hidden', className)} {...rest} />;
}

import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { cx } from '../cx.js';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

export interface AlertProps extends Omit<ComponentPropsWithoutRef<'div'>, 'title'> {
  tone?: AlertTone;
  /** Bold first line, e.g. "Payment declined". */
  title?: ReactNode;
}

/**
 * A message box. Errors get role="alert" (announced at once), other tones role="status" (polite).
 * Live regions announce changes: render the Alert's container before the message arrives when
 * you need the announcement, or move focus to it.
 */
export function Alert({ tone = 'info', title, role, className, children, ...rest }: AlertProps) {
  return (
    <div role={role ?? (tone === 'error' ? 'alert' : 'status')} className={cx('oc-alert', `oc-alert--${tone}`, className)} {...rest}>
      {title ? <p className="oc-alert__title">{title}</p> : null}
      {children ? <div className="oc-alert__body">{children}</div> : null}
    </div>
  );
}

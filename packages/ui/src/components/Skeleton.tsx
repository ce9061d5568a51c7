import type { ComponentPropsWithoutRef, CSSProperties } from 'react';
import { cx } from '../cx.js';

export interface SkeletonProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  /** Number → px; string → any CSS length. Default "100%". */
  width?: number | string;
  /** Number → px; string → any CSS length. Default "1em". */
  height?: number | string;
  /** "text" rounds lightly, "block" like a card, "circle" fully. */
  shape?: 'text' | 'block' | 'circle';
}

const length = (value: number | string) => (typeof value === 'number' ? `${value}px` : value);

/**
 * A placeholder block with a fixed size, so content loading into its place does not shift the
 * layout. Hidden from assistive technology: announce loading elsewhere (e.g. a Spinner or aria-busy).
 */
export function Skeleton({ width = '100%', height = '1em', shape = 'text', className, style, ...rest }: SkeletonProps) {
  const size: CSSProperties = { width: length(width), height: length(height), ...style };
  return <span aria-hidden="true" className={cx('oc-skeleton', `oc-skeleton--${shape}`, className)} style={size} {...rest} />;
}

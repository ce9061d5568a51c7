import type { ComponentPropsWithoutRef } from 'react';
import { cx } from '../cx.js';
import { formatMoney, moneyToDecimal } from '../money.js';
import { VisuallyHidden } from './VisuallyHidden.js';

export interface PriceProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO-4217 code, e.g. "USD". */
  currency: string;
  /** The former price in minor units; shown struck through when higher than `amount`. */
  compareAt?: number | null;
  locale?: string;
  size?: 'sm' | 'md' | 'lg';
}

/** A formatted price in a <data value="129.99"> element, with an optional "was" price. */
export function Price({ amount, currency, compareAt, locale, size = 'md', className, ...rest }: PriceProps) {
  const onSale = compareAt != null && compareAt > amount;
  return (
    <span className={cx('oc-price', `oc-price--${size}`, onSale && 'oc-price--sale', className)} {...rest}>
      {onSale ? <VisuallyHidden>Sale price: </VisuallyHidden> : null}
      <data className="oc-price__amount" value={moneyToDecimal({ amount, currency })}>
        {formatMoney({ amount, currency }, locale)}
      </data>
      {onSale ? (
        <>
          {' '}
          <s className="oc-price__compare">
            <VisuallyHidden>Regular price: </VisuallyHidden>
            {formatMoney({ amount: compareAt, currency }, locale)}
          </s>
        </>
      ) : null}
    </span>
  );
}

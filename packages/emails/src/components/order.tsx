import type { CSSProperties } from 'react';
import { Section, Text } from '@react-email/components';
import { colors, space } from '@omnicart/ui/tokens';
import { money } from '../format.js';
import type { Address, OrderDiscount } from '../types.js';

const table: CSSProperties = { width: '100%', borderCollapse: 'collapse', margin: `0 0 ${space.md}`, fontSize: '14px' };
const th: CSSProperties = {
  textAlign: 'left',
  color: colors.textMuted,
  fontWeight: 600,
  padding: `${space.sm} ${space.xs}`,
  borderBottom: `1px solid ${colors.border}`,
};
const td: CSSProperties = { padding: `${space.sm} ${space.xs}`, borderBottom: `1px solid ${colors.border}`, verticalAlign: 'top' };
const number: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap' };
const skuStyle: CSSProperties = { color: colors.textMuted, fontSize: '12px' };

export interface LinesTableLine {
  name: string;
  sku?: string;
  quantity: number;
  unitPrice: number;
  /** Defaults to quantity × unit price. */
  lineTotal?: number;
  /** What promotions took off the line: shown under its total as "−$x.xx" (absent or 0: nothing). */
  discount?: number;
}

const savingStyle: CSSProperties = { color: colors.success, fontSize: '12px' };

/** Item, quantity, unit price and line total; a data table in the text part too. */
export function LinesTable({ lines, currency }: { lines: readonly LinesTableLine[]; currency: string }) {
  return (
    <table style={table} role="table" cellPadding={0} cellSpacing={0} data-text-format="dataTable">
      <thead>
        <tr>
          <th style={th} scope="col">
            Item
          </th>
          <th style={{ ...th, ...number }} scope="col">
            Qty
          </th>
          <th style={{ ...th, ...number }} scope="col">
            Unit price
          </th>
          <th style={{ ...th, ...number }} scope="col">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, index) => (
          <tr key={`${line.sku ?? line.name}-${index}`}>
            <td style={td}>
              {line.name}
              {line.sku ? (
                <>
                  <br />
                  <span style={skuStyle}>SKU {line.sku}</span>
                </>
              ) : null}
            </td>
            <td style={{ ...td, ...number }}>{line.quantity}</td>
            <td style={{ ...td, ...number }}>{money(line.unitPrice, currency)}</td>
            <td style={{ ...td, ...number }}>
              {money(line.lineTotal ?? line.quantity * line.unitPrice, currency)}
              {line.discount ? (
                <>
                  <br />
                  <span style={savingStyle}>{`You save ${minus(line.discount, currency)}`}</span>
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const totalsLabel: CSSProperties = { padding: `${space.xs}`, color: colors.textMuted, textAlign: 'right' };
const totalsValue: CSSProperties = { padding: `${space.xs}`, textAlign: 'right', whiteSpace: 'nowrap', width: '120px' };
const grandTotal: CSSProperties = { fontWeight: 700, color: colors.text, borderTop: `1px solid ${colors.border}` };

/** "−$12.50": an amount taken off (a true minus sign, as the storefront writes it). */
export function minus(amount: number, currency: string): string {
  return `\u2212${money(amount, currency)}`;
}

/**
 * An order's totals: Subtotal, each discount ("Discount (CODE · name)" or its name, "−$x.xx") and,
 * with more than one, the Discount they add up to, then Shipping, Tax and the Total. No discount
 * row at all when there is none (orders from before promotions have none), so
 * total = subtotal − discount + shipping + tax reads off the mail.
 */
export function orderTotalsRows(order: {
  subtotal: number;
  discount?: number | undefined;
  discounts?: readonly OrderDiscount[] | undefined;
  shipping: number;
  tax: number;
  total: number;
}): TotalsRow[] {
  const discounts = (order.discounts ?? []).filter((entry) => entry.amount > 0);
  const discount = order.discount ?? discounts.reduce((sum, entry) => sum + entry.amount, 0);
  const rows: TotalsRow[] = [['Subtotal', order.subtotal]];
  if (discount > 0) {
    if (discounts.length === 0) rows.push(['Discount', discount, 'minus']);
    for (const entry of discounts) rows.push([`Discount (${entry.code ? `${entry.code} · ${entry.name}` : entry.name})`, entry.amount, 'minus']);
    if (discounts.length > 1) rows.push(['Discount', discount, 'minus']);
  }
  rows.push(['Shipping', order.shipping], ['Tax', order.tax], ['Total', order.total]);
  return rows;
}

/** A totals row: label, amount, and 'minus' for an amount taken off. */
export type TotalsRow = readonly [label: string, amount: number, sign?: 'minus'];

/** Label/amount rows under a lines table; the last row is the grand total, in bold. */
export function Totals({ rows, currency }: { rows: ReadonlyArray<TotalsRow>; currency: string }) {
  return (
    <table
      style={{ ...table, fontSize: '15px' }}
      role="presentation"
      cellPadding={0}
      cellSpacing={0}
      data-text-format="dataTable"
    >
      <tbody>
        {rows.map(([label, amount, sign], index) => {
          const last = index === rows.length - 1;
          return (
            <tr key={`${label}-${index}`}>
              <td style={last ? { ...totalsLabel, ...grandTotal } : totalsLabel}>{`${label}:`}</td>
              <td style={last ? { ...totalsValue, ...grandTotal } : totalsValue}>{sign === 'minus' ? minus(amount, currency) : money(amount, currency)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const addressText: CSSProperties = { fontSize: '14px', lineHeight: '20px', color: colors.text, margin: 0 };
const addressHeading: CSSProperties = { ...addressText, fontWeight: 600, color: colors.textMuted, margin: `0 0 ${space.xs}` };

export function AddressBlock({ title, address }: { title: string; address: Address }) {
  const cityLine = `${[address.city, address.region].filter(Boolean).join(', ')} ${address.postalCode}`;
  const lines = [address.name, address.line1, address.line2, cityLine, address.country].filter(
    (line): line is string => Boolean(line),
  );
  return (
    <Section style={{ margin: `0 0 ${space.md}` }}>
      <Text style={addressHeading}>{title}</Text>
      <Text style={addressText}>
        {lines.map((line, index) => (
          <span key={index}>
            {index > 0 ? <br /> : null}
            {line}
          </span>
        ))}
      </Text>
    </Section>
  );
}

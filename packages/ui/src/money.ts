/** Money as the API sends it: integer minor units plus an ISO-4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats integer minor units for display, e.g. { amount: 12999, currency: 'USD' } → "$129.99". */
export function formatMoney(money: Money, locale = 'en-US'): string {
  if (!Number.isInteger(money.amount)) throw new TypeError(`money.amount must be integer minor units, got ${money.amount}`);
  const key = `${locale}:${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    formatters.set(key, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(money.amount / 10 ** digits);
}

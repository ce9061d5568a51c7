/** Money as the API sends it: integer minor units plus an ISO-4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

function assertMinorUnits(money: Money): void {
  if (!Number.isInteger(money.amount)) throw new TypeError(`money.amount must be integer minor units, got ${money.amount}`);
}

/** Formats integer minor units for display, e.g. { amount: 12999, currency: 'USD' } → "$129.99". */
export function formatMoney(money: Money, locale = 'en-US'): string {
  assertMinorUnits(money);
  const formatter = formatterFor(money.currency, locale);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(money.amount / 10 ** digits);
}

/**
 * Machine-readable decimal amount in major units, e.g. { amount: 12999, currency: 'USD' } → "129.99"
 * (for <data value>, JSON-LD offers and the like).
 */
export function moneyToDecimal(money: Money): string {
  assertMinorUnits(money);
  const digits = formatterFor(money.currency, 'en-US').resolvedOptions().maximumFractionDigits ?? 2;
  return (money.amount / 10 ** digits).toFixed(digits);
}

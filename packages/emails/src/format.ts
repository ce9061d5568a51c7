import { formatMoney } from '@omnicart/ui/money';

/** Formats minor units exactly as the storefront does: money(12999, 'USD') → "$129.99". */
export function money(amount: number, currency: string): string {
  return formatMoney({ amount, currency });
}

/** "#1042" (a leading "#" in the stored number is not doubled). */
export function orderRef(orderNumber: string): string {
  return `#${orderNumber.replace(/^#+/, '')}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** An ISO timestamp as "December 7, 2026 at 5:15 AM UTC" (mail is read in any zone: say which one). */
export function dateTime(iso: string): string {
  return `${dateTimeFormat.format(new Date(iso))} UTC`;
}

/** 30 → "30 minutes", 60 → "1 hour", 90 → "90 minutes", 1440 → "24 hours". */
export function duration(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** One line, no control characters: a subject is a mail header, and names come from users. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}


import type { Granularity } from './schemas.js';

/**
 * Store days: every report day is a calendar day in the store's time zone (STORE_TIMEZONE), the
 * same as PostgreSQL's `(occurred_at AT TIME ZONE tz)::date`. Days travel as `YYYY-MM-DD` strings.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether `tz` is an IANA zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The store day (YYYY-MM-DD) of an instant in time zone `tz`. */
export function storeDay(at: Date, tz: string): string {
  let format = formatters.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, format);
  }
  return format.format(at);
}

const DAY_MS = 86_400_000;
const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => fromUtc(toUtc(day) + days * DAY_MS);
/** Days from `from` to `to`, both included. */
export const dayCount = (from: string, to: string): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1;

/** The previous period of the same length, ending the day before `from`. */
export function previousPeriod(period: { from: string; to: string }): { from: string; to: string } {
  const length = dayCount(period.from, period.to);
  const to = addDays(period.from, -1);
  return { from: addDays(to, -(length - 1)), to };
}

/** The first day of the bucket holding `day`: itself, its week's Monday, or its month's first. */
export function bucketOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(toUtc(day)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

/** Every bucket start of a period in order (buckets cut at the period's ends keep their start day). */
export function bucketsOf(period: { from: string; to: string }, granularity: Granularity): string[] {
  const buckets: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) {
    const bucket = bucketOf(day, granularity);
    const start = bucket < period.from ? period.from : bucket;
    if (buckets[buckets.length - 1] !== start) buckets.push(start);
  }
  return buckets;
}

/** The bucket start a day falls in, clamped to the period's first day. */
export function bucketIn(day: string, period: { from: string }, granularity: Granularity): string {
  const bucket = bucketOf(day, granularity);
  return bucket < period.from ? period.from : bucket;
}

/** Search queries as reports group them: trimmed, inner whitespace collapsed, lower case. */
export const normaliseQuery = (query: string): string => query.trim().replace(/\s+/g, ' ').toLowerCase();

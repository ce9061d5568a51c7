/** Calendar arithmetic on YYYY-MM-DD strings, in UTC (the orders summary's time zone until it says otherwise). */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export const RANGE_PRESETS = [7, 30, 90] as const;

/** The dashboard's range: `from`/`to` from the URL when both are real dates (at most a year), else the last `days` (default 30) up to today. */
export function dashboardRange(params: { from?: string | undefined; to?: string | undefined; days?: string | undefined }, now: Date = new Date()): { from: string; to: string; preset: number | null } {
  const end = today(now);
  const valid = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : undefined);
  const from = valid(params.from);
  const to = valid(params.to);
  if (from && to && from <= to && daysBetween(from, to) <= 366) {
    const days = daysBetween(from, to);
    return { from, to, preset: to === end && (RANGE_PRESETS as readonly number[]).includes(days) ? days : null };
  }
  const days = (RANGE_PRESETS as readonly number[]).includes(Number(params.days)) ? Number(params.days) : 30;
  return { from: addDays(end, -(days - 1)), to: end, preset: days };
}

/** The same number of days just before the range. */
export function previousRange(range: { from: string; to: string }): { from: string; to: string } {
  const days = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

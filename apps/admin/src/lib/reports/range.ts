/**
 * A report's date range: presets worked out on the store's calendar (its time zone: "today" in New
 * York is not today in UTC late in the evening), or a custom from/to. Both ends are whole store days,
 * included. Everything lives in the URL (`?range=30d` or `?from=&to=`, `granularity`, `compare`) so a
 * report is a shareable link.
 */
import { isoDate, type SearchParams, first } from '@/lib/url-state';

export const RANGE_PRESETS = ['7d', '30d', '90d', 'this_month', 'last_month', 'ytd', '365d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_PRESET_LABELS: Readonly<Record<RangePreset, string>> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  this_month: 'This month',
  last_month: 'Last month',
  ytd: 'Year to date',
  '365d': 'Last 365 days',
};

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const GRANULARITY_LABELS: Readonly<Record<Granularity, string>> = { day: 'Day', week: 'Week', month: 'Month' };

export const DEFAULT_PRESET: RangePreset = '30d';
/** The longest custom range (two years and a day): the reports read rollups, but a bound keeps them quick. */
export const MAX_RANGE_DAYS = 731;

export interface DateRange {
  from: string;
  to: string;
}

export interface ReportRange extends DateRange {
  /** The preset it came from, or null for a custom from/to. */
  preset: RangePreset | null;
  granularity: Granularity;
  /** Compare with the previous period of the same length (the default). */
  compare: boolean;
  timeZone: string;
}

/** YYYY-MM-DD ± days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Today's date on the store's clock (an unknown zone falls back to UTC). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** The preset's first and last store day, `now` read on the store's clock. */
export function presetRange(preset: RangePreset, timeZone: string, now: Date = new Date()): DateRange {
  const today = todayIn(timeZone, now);
  const [year, month] = today.split('-') as [string, string, string];
  switch (preset) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case '365d':
      return { from: addDays(today, -364), to: today };
    case 'this_month':
      return { from: `${year}-${month}-01`, to: today };
    case 'last_month': {
      const firstOfThis = `${year}-${month}-01`;
      const lastOfPrevious = addDays(firstOfThis, -1);
      return { from: `${lastOfPrevious.slice(0, 7)}-01`, to: lastOfPrevious };
    }
    case 'ytd':
      return { from: `${year}-01-01`, to: today };
  }
}

/** The same number of days just before the range (what "previous period" means everywhere here). */
export function previousPeriod(range: DateRange): DateRange {
  const days = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

/** The granularity a range reads best in: days up to three months, weeks up to a year, then months. */
export function defaultGranularity(range: DateRange): Granularity {
  const days = daysBetween(range.from, range.to);
  return days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** The granularities that make sense for a range (at most ~400 points on a chart). */
export function granularitiesFor(range: DateRange): Granularity[] {
  const days = daysBetween(range.from, range.to);
  return GRANULARITIES.filter((granularity) => granularity !== 'day' || days <= 400);
}

function isPreset(value: string | undefined): value is RangePreset {
  return (RANGE_PRESETS as readonly string[]).includes(value ?? '');
}

/**
 * The URL's range, on the store's calendar: a `range` preset; else a valid custom `from`/`to`
 * (from ≤ to, at most MAX_RANGE_DAYS; a `to` after today reads as today); else the last 30 days.
 * `granularity` is kept when it suits the range, else the range's default; `compare=0` turns the
 * previous period off.
 */
export function parseReportRange(params: SearchParams, timeZone: string, now: Date = new Date()): ReportRange {
  const today = todayIn(timeZone, now);
  const from = isoDate(first(params, 'from'));
  const to = isoDate(first(params, 'to'));
  const named = first(params, 'range');
  let range: DateRange;
  let preset: RangePreset | null;
  const custom = from && to && from <= to && daysBetween(from, to) <= MAX_RANGE_DAYS ? { from, to } : null;
  if (custom && !isPreset(named)) {
    range = { from: custom.from, to: custom.to > today ? today : custom.to };
    if (range.from > range.to) range = { from: range.from, to: range.from };
    preset = null;
  } else {
    preset = isPreset(named) ? named : DEFAULT_PRESET;
    range = presetRange(preset, timeZone, now);
  }
  const asked = first(params, 'granularity');
  const allowed = granularitiesFor(range);
  const granularity = allowed.includes(asked as Granularity) ? (asked as Granularity) : defaultGranularity(range);
  return { ...range, preset, granularity, compare: first(params, 'compare') !== '0', timeZone };
}

/** The query string of a range (custom ranges by their days, presets by name) plus extra values. */
export function rangeQuery(range: Pick<ReportRange, 'from' | 'to' | 'preset' | 'granularity' | 'compare'>, extra: Record<string, string | number | undefined> = {}, withGranularity = true): string {
  const params = new URLSearchParams();
  if (range.preset) params.set('range', range.preset);
  else {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  if (withGranularity) params.set('granularity', range.granularity);
  if (!range.compare) params.set('compare', '0');
  for (const [name, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(name, String(value));
  return `?${params.toString()}`;
}

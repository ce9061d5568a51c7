/**
 * How reports write their figures: money with @omnicart/ui's helper (integer cents + currency),
 * counts with thousands separators, rates as percentages with one decimal, and the change against
 * the previous period as an arrow plus words (never colour alone).
 */
import { formatMoney } from '@omnicart/ui';

/** The store's currency (orders prices everything in USD; the reports answer cents without a currency). */
export const REPORT_CURRENCY = 'USD';

export function reportMoney(cents: number, currency = REPORT_CURRENCY): string {
  return formatMoney({ amount: Math.round(cents), currency });
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A ratio (0.1234) → "12.3%"; null (nothing to divide by) → "–". */
export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(1)}%`;
}

/** a ÷ b, or null when b is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export interface Delta {
  direction: 'up' | 'down' | 'flat' | 'new' | 'none';
  /** ▲ ▼ or – (decorative: `text` says the same in words). */
  symbol: '▲' | '▼' | '–';
  /** "▲ 12.3%", "▼ 4.0%", "– 0.0%", "new", "–" */
  short: string;
  /** "up 12.3% on the previous period" */
  text: string;
  /** The change as a ratio (0.123), or null when there was nothing before. */
  change: number | null;
}

/**
 * The change from the previous period's figure: relative for amounts and counts ("▲ 12.3%"), in
 * percentage points for rates (`points`: 0.12 → 0.15 is "▲ 3.0 pts"). No previous figure → "–".
 */
export function delta(current: number | null | undefined, previous: number | null | undefined, kind: 'relative' | 'points' = 'relative'): Delta {
  if (current === null || current === undefined || previous === null || previous === undefined) {
    return { direction: 'none', symbol: '–', short: '–', text: 'no previous figure', change: null };
  }
  if (kind === 'points') {
    const points = (current - previous) * 100;
    const rounded = Math.abs(points).toFixed(1);
    if (rounded === '0.0') return { direction: 'flat', symbol: '–', short: '– 0.0 pts', text: 'no change', change: 0 };
    return points > 0
      ? { direction: 'up', symbol: '▲', short: `▲ ${rounded} pts`, text: `up ${rounded} percentage points`, change: current - previous }
      : { direction: 'down', symbol: '▼', short: `▼ ${rounded} pts`, text: `down ${rounded} percentage points`, change: current - previous };
  }
  if (previous === 0) {
    return current === 0
      ? { direction: 'flat', symbol: '–', short: '– 0.0%', text: 'no change', change: 0 }
      : { direction: 'new', symbol: '▲', short: '▲ new', text: 'up from nothing', change: null };
  }
  const change = (current - previous) / Math.abs(previous);
  const rounded = Math.abs(change * 100).toFixed(1);
  if (rounded === '0.0') return { direction: 'flat', symbol: '–', short: '– 0.0%', text: 'no change', change: 0 };
  return change > 0
    ? { direction: 'up', symbol: '▲', short: `▲ ${rounded}%`, text: `up ${rounded}%`, change }
    : { direction: 'down', symbol: '▼', short: `▼ ${rounded}%`, text: `down ${rounded}%`, change };
}

/** "Dec 6, 2026" from a store day (YYYY-MM-DD), read as a calendar date (no zone shift). */
export function day(date: string): string {
  const value = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(value.getTime())) return date;
  return value.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

/** A chart/table bucket's label: "Dec 6" (day), "Week of Dec 6" (week), "Dec 2026" (month). */
export function bucketLabel(start: string, granularity: 'day' | 'week' | 'month', withYear = false): string {
  const value = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(value.getTime())) return start;
  if (granularity === 'month') return value.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const text = value.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
  return granularity === 'week' ? `Week of ${text}` : text;
}

/** "Dec 1 – Dec 30, 2026" */
export function rangeLabel(range: { from: string; to: string }): string {
  return `${day(range.from)} – ${day(range.to)}`;
}

/** Next.js `searchParams`: one value per name (the first of repeats). */
export type SearchParams = Record<string, string | string[] | undefined>;

export function first(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  const one = Array.isArray(value) ? value[0] : value;
  const trimmed = one?.trim();
  return trimmed ? trimmed : undefined;
}

/** A query string from the values that differ from their defaults (shareable, short URLs). */
export function queryString(values: Record<string, string | number | undefined>, defaults: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === '' || value === defaults[name]) continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date as YYYY-MM-DD, or undefined. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value || !DATE.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : undefined;
}

/** "12.5" / "12.50" / "12" dollars → 1250 cents; anything else (negative, 3 decimals, text) → undefined. */
export function centsFromDecimal(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value.replace(/[$,\s]/g, ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 1250 → "12.50" (for an input's value). */
export function decimalFromCents(cents: number | undefined): string | undefined {
  return cents === undefined ? undefined : (cents / 100).toFixed(2);
}

/**
 * Start and end times in store time: "2026-12-24T00:00" means midnight in STORE_TIMEZONE (daylight
 * saving included); a value with Z or an offset is an instant as given.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,3})?$/;

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a store-time or absolute date-time names (see above). */
export function storeTimeToInstant(value: string, timeZone: string): Date {
  const match = LOCAL.exec(value);
  if (!match) return new Date(value);
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  let instant = wall - offsetAt(wall, timeZone);
  // Across a daylight-saving change the offset at the guess may differ from the one at the answer.
  const second = wall - offsetAt(instant, timeZone);
  if (second !== instant) instant = second;
  return new Date(instant);
}

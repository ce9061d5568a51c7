/**
 * Times in the store's time zone (the orders service's settings): what the campaign pages show,
 * and the "send at" the staff member types, which notifications wants as an ISO instant.
 */

/** The zone's offset from UTC at `instant`, in minutes (e.g. -300 for New York in winter). */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * "2026-12-24T09:00" on the store's clock → the ISO instant ("2026-12-24T14:00:00.000Z" in New
 * York). A time skipped by a daylight-saving change moves forward by the gap; null when the value
 * is not a date and time or the zone is unknown.
 */
export function isoFromStoreTime(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  try {
    // The offset at the guess, then at the corrected instant (they differ near a DST change).
    const first = offsetMinutes(wall, timeZone);
    const guess = wall - first * 60_000;
    const second = offsetMinutes(guess, timeZone);
    if (second === first) return new Date(guess).toISOString();
    const corrected = wall - second * 60_000;
    if (offsetMinutes(corrected, timeZone) === second) return new Date(corrected).toISOString();
    // A time the clocks skip: the later reading, i.e. moved forward by the gap.
    return new Date(Math.max(guess, corrected)).toISOString();
  } catch {
    return null;
  }
}

/** Whether `zone` is an IANA time zone this runtime knows (a form's hidden field is the client's to change). */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An ISO instant → "2026-12-24T09:00" on the store's clock (a datetime-local input's value). */
export function storeTimeInputValue(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  const shifted = new Date(instant + offsetMinutes(instant, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** "Dec 24, 2026, 09:00 EST": an instant as the store's clock shows it. */
export function storeDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return date.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone, timeZoneName: 'short' });
  } catch {
    return `${date.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })} UTC`;
  }
}

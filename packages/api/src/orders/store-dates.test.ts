import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../runtime/env.js';
import { ordersConfig } from './config.js';
import { addDays, daysInRange, isCalendarDate, isTimeZone, todayIn } from './store-dates.js';

describe('store-local dates', () => {
  it('knows IANA zone names and refuses offsets and unknown names', () => {
    for (const zone of ['UTC', 'America/New_York', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['', 'Mars/Olympus', 'EST5EDT,M3.2.0,M11.1.0', '+05:00', 'UTC+5', 'America/New York']) expect(isTimeZone(zone), zone).toBe(false);
  });

  it('STORE_TIMEZONE defaults to New York and refuses a zone that does not exist at start', () => {
    expect(parseEnv(ordersConfig, {}).STORE_TIMEZONE).toBe('America/New_York');
    expect(parseEnv(ordersConfig, { STORE_TIMEZONE: 'Europe/Paris' }).STORE_TIMEZONE).toBe('Europe/Paris');
    expect(() => parseEnv(ordersConfig, { STORE_TIMEZONE: 'Mars/Olympus' })).toThrow(EnvError);
    expect(() => parseEnv(ordersConfig, { STORE_TIMEZONE: 'Mars/Olympus' })).toThrow(/STORE_TIMEZONE/);
  });

  it('accepts only calendar dates', () => {
    for (const date of ['2024-02-29', '2026-12-31', '2026-01-01']) expect(isCalendarDate(date), date).toBe(true);
    for (const date of ['2025-02-29', '2026-13-01', '2026-04-31', '2026-1-1', '20260101', '2026-01-01T00:00:00Z', '0000-01-01']) expect(isCalendarDate(date), date).toBe(false);
  });

  it('adds days across months, years and leap days, and counts both ends of a range', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-03-05', -29)).toBe('2025-02-04');
    expect(daysInRange('2025-03-05', '2025-03-05')).toBe(1);
    expect(daysInRange('2024-03-05', '2025-03-05')).toBe(366);
  });

  it("tells today's date in the store's zone", () => {
    const at = new Date('2025-03-05T03:00:00Z');
    expect(todayIn('America/New_York', at)).toBe('2025-03-04');
    expect(todayIn('UTC', at)).toBe('2025-03-05');
    expect(todayIn('Asia/Tokyo', new Date('2025-12-31T15:00:00Z'))).toBe('2026-01-01');
  });
});

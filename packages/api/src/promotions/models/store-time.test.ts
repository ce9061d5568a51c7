import { describe, expect, it } from 'vitest';
import { storeTimeToInstant } from './store-time.js';

describe('storeTimeToInstant', () => {
  it('reads a time without an offset as store time, daylight saving included', () => {
    expect(storeTimeToInstant('2026-12-24T00:00', 'America/New_York').toISOString()).toBe('2026-12-24T05:00:00.000Z');
    expect(storeTimeToInstant('2026-07-04T09:30', 'America/New_York').toISOString()).toBe('2026-07-04T13:30:00.000Z');
    expect(storeTimeToInstant('2026-12-24T00:00:00', 'Europe/Berlin').toISOString()).toBe('2026-12-23T23:00:00.000Z');
  });
  it('keeps an instant with an offset as given', () => {
    expect(storeTimeToInstant('2026-12-24T00:00:00Z', 'America/New_York').toISOString()).toBe('2026-12-24T00:00:00.000Z');
    expect(storeTimeToInstant('2026-12-24T00:00:00+02:00', 'America/New_York').toISOString()).toBe('2026-12-23T22:00:00.000Z');
  });
});

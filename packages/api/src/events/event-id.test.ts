import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from './event-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('makes RFC 9562 version-7 ids carrying the time in milliseconds', () => {
    const at = Date.UTC(2026, 11, 6, 12, 0, 0);
    const id = timeOrderedUuid(at + 10_000_000);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it('sorts in the order the ids were made, within one millisecond and past its counter', () => {
    const now = Date.now() + 20_000_000;
    const ids = Array.from({ length: 10_000 }, () => timeOrderedUuid(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps increasing when the clock steps back', () => {
    const first = timeOrderedUuid(Date.now() + 30_000_000);
    const afterStepBack = timeOrderedUuid(Date.now());
    expect(afterStepBack > first).toBe(true);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { newAttemptId } from './attempt-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newAttemptId', () => {
  it('makes a new v4 uuid each time', () => {
    const a = newAttemptId();
    expect(a).toMatch(UUID);
    expect(newAttemptId()).not.toBe(a);
  });
  it('works without crypto.randomUUID (plain http)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    try {
      expect(newAttemptId()).toMatch(UUID);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

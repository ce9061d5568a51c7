import { describe, expect, it } from 'vitest';
import { accountThrottleKey, ipThrottleKey, throttleDecision } from './throttle.js';

const now = new Date('2026-01-01T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('throttleDecision', () => {
  it('lets a login through while no key reached its limit', () => {
    expect(throttleDecision([{ limitingFailureAt: null }, { limitingFailureAt: null }], 900, now)).toEqual({ blocked: false });
  });

  it('blocks until the limiting failure leaves the window', () => {
    expect(throttleDecision([{ limitingFailureAt: secondsAgo(100) }, { limitingFailureAt: null }], 900, now)).toEqual({
      blocked: true,
      retryAfterSeconds: 800,
    });
  });

  it('answers the longest wait when account and address are both blocked', () => {
    const decision = throttleDecision([{ limitingFailureAt: secondsAgo(600) }, { limitingFailureAt: secondsAgo(10) }], 900, now);
    expect(decision).toEqual({ blocked: true, retryAfterSeconds: 890 });
  });

  it('rounds a partial second up and never answers 0 seconds', () => {
    const almostExpired = new Date(now.getTime() - 900_000 + 200);
    expect(throttleDecision([{ limitingFailureAt: almostExpired }], 900, now)).toEqual({ blocked: true, retryAfterSeconds: 1 });
  });

  it('ignores a failure that already left the window', () => {
    expect(throttleDecision([{ limitingFailureAt: secondsAgo(901) }], 900, now)).toEqual({ blocked: false });
  });
});

describe('throttle keys', () => {
  it('keeps accounts and addresses apart', () => {
    expect(accountThrottleKey('a@b.c')).toBe('email:a@b.c');
    expect(ipThrottleKey('10.0.0.1')).toBe('ip:10.0.0.1');
  });
});

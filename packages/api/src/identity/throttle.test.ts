import { describe, expect, it } from 'vitest';
import { DEFAULT_IDENTITY_CONFIG } from './config.js';
import { throttleDecision, throttleKeys, throttleQueries, type KeyProbe, type ThrottleProbes } from './throttle.js';

const now = new Date('2026-01-01T12:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const limits = DEFAULT_IDENTITY_CONFIG.loginThrottle; // window 900 s, account slow 10 s, global 5 s
const none: KeyProbe = { limitingAt: null, latestAt: null };
const probes = (over: Partial<ThrottleProbes> = {}): ThrottleProbes => ({ pair: none, ip: none, account: none, global: none, ...over });

describe('throttleDecision', () => {
  it('lets an attempt through while no key reached its limit', () => {
    const someFailures = { limitingAt: null, latestAt: secondsAgo(1) };
    expect(throttleDecision(probes({ pair: someFailures, ip: someFailures, account: someFailures, global: someFailures }), limits, now)).toEqual({ blocked: false });
  });

  it('blocks an (account, address) pair until its limiting failure leaves the window', () => {
    expect(throttleDecision(probes({ pair: { limitingAt: secondsAgo(100), latestAt: secondsAgo(1) } }), limits, now)).toEqual({
      blocked: true,
      retryAfterSeconds: 800,
      reason: 'account_ip',
    });
  });

  it('blocks an address that failed on many accounts, answering the longest wait', () => {
    const decision = throttleDecision(
      probes({ pair: { limitingAt: secondsAgo(600), latestAt: secondsAgo(1) }, ip: { limitingAt: secondsAgo(10), latestAt: secondsAgo(1) } }),
      limits,
      now,
    );
    expect(decision).toEqual({ blocked: true, retryAfterSeconds: 890, reason: 'ip' });
  });

  it('slows an account under attack from many addresses instead of locking it', () => {
    const attacked = { limitingAt: secondsAgo(300), latestAt: secondsAgo(3) };
    // An address that already failed on this account waits for the account's next slot (10 s)...
    expect(throttleDecision(probes({ account: attacked, pair: { limitingAt: null, latestAt: secondsAgo(60) } }), limits, now)).toEqual({
      blocked: true,
      retryAfterSeconds: 7,
      reason: 'account',
    });
    // ...and gets it once the interval passed.
    expect(throttleDecision(probes({ account: { limitingAt: secondsAgo(300), latestAt: secondsAgo(11) }, pair: { limitingAt: null, latestAt: secondsAgo(60) } }), limits, now)).toEqual({
      blocked: false,
    });
    // The owner at an address that has not failed on the account keeps the first try.
    expect(throttleDecision(probes({ account: attacked }), limits, now)).toEqual({ blocked: false });
  });

  it('paces every address while failures everywhere are over the ceiling', () => {
    const overCeiling = { limitingAt: secondsAgo(30), latestAt: secondsAgo(0) };
    expect(throttleDecision(probes({ global: overCeiling, ip: { limitingAt: null, latestAt: secondsAgo(2) } }), limits, now)).toEqual({
      blocked: true,
      retryAfterSeconds: 3,
      reason: 'global',
    });
    expect(throttleDecision(probes({ global: overCeiling, ip: { limitingAt: null, latestAt: secondsAgo(6) } }), limits, now)).toEqual({ blocked: false });
    // An address without a recent failure is not slowed at all.
    expect(throttleDecision(probes({ global: overCeiling }), limits, now)).toEqual({ blocked: false });
  });

  it('rounds a partial second up and never answers 0 seconds', () => {
    const almostExpired = new Date(now.getTime() - 900_000 + 200);
    expect(throttleDecision(probes({ pair: { limitingAt: almostExpired, latestAt: almostExpired } }), limits, now)).toEqual({
      blocked: true,
      retryAfterSeconds: 1,
      reason: 'account_ip',
    });
  });

  it('ignores a limiting failure that already left the window', () => {
    expect(throttleDecision(probes({ pair: { limitingAt: secondsAgo(901), latestAt: secondsAgo(901) } }), limits, now)).toEqual({ blocked: false });
  });
});

describe('throttle keys and queries', () => {
  it('keeps pairs, accounts, addresses and the global count apart', () => {
    expect(throttleKeys('a@b.c', '10.0.0.1')).toEqual({ pair: 'pair:a@b.c|10.0.0.1', ip: 'ip:10.0.0.1', account: 'email:a@b.c', global: 'global' });
  });

  it('reads each key against its own limit and window', () => {
    const queries = throttleQueries(throttleKeys('a@b.c', '10.0.0.1'), limits, now);
    expect(queries.map(({ name, max, since }) => [name, max, (now.getTime() - since.getTime()) / 1000])).toEqual([
      ['pair', 5, 900],
      ['ip', 50, 900],
      ['account', 20, 900],
      ['global', 100, 60],
    ]);
  });
});

/**
 * Login throttling, decided before a password is checked. Kept pure so it can be tested without a
 * database; the repository reserves the attempt atomically around it (see reserveLoginAttempt).
 *
 * Every attempt that passes is recorded first (a reservation) under four keys, and a successful
 * login takes its reservation back, so what is counted is failures plus attempts in flight:
 *
 * - the (account, address) pair — `pair:<email>|<ip>`: `maxPerAccountAndIp` within the window
 *   blocks that pair only. A guesser locks out itself, never the owner at another address (ASVS
 *   V6.1.1 / 2.2.1: no malicious lockout).
 * - the address — `ip:<ip>`: `maxPerIp` within the window blocks the address (password spraying).
 * - the account from every address — `email:<email>`: past `accountSlowAfter` it slows down rather
 *   than locks: one password check per `accountSlowIntervalSeconds` for the account, except the
 *   first attempt of an address that has not failed on it (the owner at a new address gets in).
 * - everything — `global`: past `globalSlowAfter` failures within `globalWindowSeconds` (an
 *   attack across many accounts and addresses) every address is paced to one password check per
 *   `globalSlowIntervalSeconds`. Slower, never closed.
 */

export interface ThrottleLimits {
  windowSeconds: number;
  maxPerAccountAndIp: number;
  maxPerIp: number;
  accountSlowAfter: number;
  accountSlowIntervalSeconds: number;
  globalSlowAfter: number;
  globalWindowSeconds: number;
  globalSlowIntervalSeconds: number;
}

/** What the repository reads for one key, within its window. */
export interface KeyProbe {
  /** The `max`-th most recent attempt within the window, or null when there are fewer. */
  limitingAt: Date | null;
  /** The most recent attempt within the window, or null when there is none. */
  latestAt: Date | null;
}

export interface ThrottleProbes {
  pair: KeyProbe;
  ip: KeyProbe;
  account: KeyProbe;
  global: KeyProbe;
}

/** Why an attempt had to wait: the label of the metric and the log line. */
export type ThrottleReason = 'account_ip' | 'ip' | 'account' | 'global';

export type ThrottleDecision = { blocked: false } | { blocked: true; retryAfterSeconds: number; reason: ThrottleReason };

export interface ThrottleKeys {
  pair: string;
  ip: string;
  account: string;
  global: string;
}

export const accountThrottleKey = (normalizedEmail: string) => `email:${normalizedEmail}`;
export const ipThrottleKey = (ip: string) => `ip:${ip}`;
export const pairThrottleKey = (normalizedEmail: string, ip: string) => `pair:${normalizedEmail}|${ip}`;
export const GLOBAL_THROTTLE_KEY = 'global';

export function throttleKeys(normalizedEmail: string, ip: string): ThrottleKeys {
  return { pair: pairThrottleKey(normalizedEmail, ip), ip: ipThrottleKey(ip), account: accountThrottleKey(normalizedEmail), global: GLOBAL_THROTTLE_KEY };
}

/** What to read per key: the limit whose `max`-th attempt matters, and since when. */
export function throttleQueries(keys: ThrottleKeys, limits: ThrottleLimits, now: Date): Array<{ name: keyof ThrottleKeys; key: string; max: number; since: Date }> {
  const window = new Date(now.getTime() - limits.windowSeconds * 1000);
  return [
    { name: 'pair', key: keys.pair, max: limits.maxPerAccountAndIp, since: window },
    { name: 'ip', key: keys.ip, max: limits.maxPerIp, since: window },
    { name: 'account', key: keys.account, max: limits.accountSlowAfter, since: window },
    { name: 'global', key: keys.global, max: limits.globalSlowAfter, since: new Date(now.getTime() - limits.globalWindowSeconds * 1000) },
  ];
}

export function throttleDecision(probes: ThrottleProbes, limits: ThrottleLimits, now: Date): ThrottleDecision {
  const at = now.getTime();
  let wait = { ms: 0, reason: 'account_ip' as ThrottleReason };
  const until = (releasedAt: number, reason: ThrottleReason) => {
    if (releasedAt - at > wait.ms) wait = { ms: releasedAt - at, reason };
  };
  const windowMs = limits.windowSeconds * 1000;
  // Hard limits: the pair and the address, until their limiting attempt leaves the window.
  if (probes.pair.limitingAt) until(probes.pair.limitingAt.getTime() + windowMs, 'account_ip');
  if (probes.ip.limitingAt) until(probes.ip.limitingAt.getTime() + windowMs, 'ip');
  // Slow-downs. An account under a distributed attack: one check per interval, but an address that
  // has not failed on this account yet keeps its first try (that is how the owner signs in).
  if (probes.account.limitingAt && probes.pair.latestAt && probes.account.latestAt) {
    until(probes.account.latestAt.getTime() + limits.accountSlowIntervalSeconds * 1000, 'account');
  }
  // Too many failures everywhere: every address is paced.
  if (probes.global.limitingAt && probes.ip.latestAt) {
    until(probes.ip.latestAt.getTime() + limits.globalSlowIntervalSeconds * 1000, 'global');
  }
  if (wait.ms <= 0) return { blocked: false };
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil(wait.ms / 1000)), reason: wait.reason };
}

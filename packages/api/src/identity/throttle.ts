/**
 * Login throttling decision, kept pure so it can be tested without a database.
 *
 * Failures are counted per key ('email:<addr>', 'ip:<addr>') inside a sliding window. The
 * repository answers, per key, the time of the `max`-th most recent failure inside the window
 * (or null when there are fewer than `max`). If it exists the key is blocked until that failure
 * leaves the window, because then fewer than `max` remain.
 */
export interface ThrottleProbe {
  /** Occurrence of the max-th most recent failure within the window, or null. */
  limitingFailureAt: Date | null;
}

export type ThrottleDecision = { blocked: false } | { blocked: true; retryAfterSeconds: number };

export function throttleDecision(probes: ThrottleProbe[], windowSeconds: number, now: Date): ThrottleDecision {
  let retryAfterMs = 0;
  for (const { limitingFailureAt } of probes) {
    if (!limitingFailureAt) continue;
    const releasedAt = limitingFailureAt.getTime() + windowSeconds * 1000;
    retryAfterMs = Math.max(retryAfterMs, releasedAt - now.getTime());
  }
  if (retryAfterMs <= 0) return { blocked: false };
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

export const accountThrottleKey = (normalizedEmail: string) => `email:${normalizedEmail}`;
export const ipThrottleKey = (ip: string) => `ip:${ip}`;

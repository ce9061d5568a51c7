/**
 * Per-client token bucket kept in memory. Each key refills at `perSecond` tokens up to `burst`;
 * a request takes one token. Buckets that refilled completely are swept so memory stays bounded
 * by the number of recently active clients.
 */
export interface RateLimiter {
  /** Takes a token for `key`. Returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string): number;
  close(): void;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export function createTokenBucketLimiter(options: { perSecond: number; burst: number; now?: () => number }): RateLimiter {
  const { perSecond, burst } = options;
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();
  const fullAfterMs = (burst / perSecond) * 1000;
  const sweep = setInterval(
    () => {
      const t = now();
      for (const [key, bucket] of buckets) if (t - bucket.updated >= fullAfterMs) buckets.delete(key);
    },
    Math.max(1000, Math.min(60_000, fullAfterMs)),
  );
  sweep.unref();
  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: burst, updated: t };
        buckets.set(key, bucket);
      } else {
        bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.updated) / 1000) * perSecond);
        bucket.updated = t;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
    close() {
      clearInterval(sweep);
      buckets.clear();
    },
  };
}

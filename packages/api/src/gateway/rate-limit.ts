import type { Logger } from 'pino';
import { RedisReplyError, createRedisClient } from './redis.js';

/**
 * Per-client token bucket kept in memory. Each key refills at `perSecond` tokens up to `burst`;
 * a request takes one token. Buckets that refilled completely are swept so memory stays bounded
 * by the number of recently active clients.
 */
export interface RateLimiter {
  /** Takes a token for `key`. Returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string): number | Promise<number>;
  close(): void | Promise<void>;
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

/**
 * The same token bucket kept in Redis, so every gateway replica shares one budget per client.
 * One EVALSHA per request; if Redis is unreachable or slow the request is allowed (fail open:
 * a rate limiter must not take the API down) and a warning is logged at most once a minute.
 */
const TOKEN_BUCKET_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = burst
  updated = now
end
tokens = math.min(burst, tokens + math.max(0, now - updated) / 1000 * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait
`;

export function createRedisRateLimiter(options: {
  url: string;
  perSecond: number;
  burst: number;
  logger: Logger;
  /** Key prefix (default `omnicart:ratelimit:`). */
  prefix?: string;
  timeoutMs?: number;
}): RateLimiter {
  const client = createRedisClient(options.url);
  const prefix = options.prefix ?? 'omnicart:ratelimit:';
  const timeoutMs = options.timeoutMs ?? 50;
  let sha: string | undefined;
  let lastWarning = 0;
  const warn = (error: unknown) => {
    const now = Date.now();
    if (now - lastWarning < 60_000) return;
    lastWarning = now;
    options.logger.warn({ err: error }, 'Redis rate limit store unavailable: allowing requests');
  };
  const run = async (key: string): Promise<number> => {
    const args = [1, prefix + key, options.perSecond, options.burst, Date.now()];
    if (!sha) sha = String(await client.command(['SCRIPT', 'LOAD', TOKEN_BUCKET_LUA], 1_000));
    try {
      return Number(await client.command(['EVALSHA', sha, ...args], timeoutMs));
    } catch (error) {
      if (error instanceof RedisReplyError && error.message.startsWith('NOSCRIPT')) {
        sha = undefined;
        return Number(await client.command(['EVAL', TOKEN_BUCKET_LUA, ...args], timeoutMs));
      }
      throw error;
    }
  };
  return {
    async take(key) {
      if (!client.connected) {
        warn(new Error('not connected'));
        return 0;
      }
      try {
        return await run(key);
      } catch (error) {
        warn(error);
        return 0;
      }
    },
    close: () => client.close(),
  };
}

import { createConnection } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../runtime/logger.js';
import { createRedisRateLimiter, createTokenBucketLimiter, type RateLimiter } from './rate-limit.js';
import { parseReply } from './redis.js';

describe('memory token bucket', () => {
  it('allows the burst, then refills at the configured rate', () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ perSecond: 2, burst: 3, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now += 500; // one token back
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    limiter.close();
  });
});

describe('RESP parser', () => {
  it('parses every reply type and waits for incomplete input', () => {
    expect(parseReply(Buffer.from('+OK\r\n'), 0)).toEqual({ value: 'OK', end: 5 });
    expect(parseReply(Buffer.from(':42\r\n'), 0)?.value).toBe(42);
    expect(parseReply(Buffer.from('$3\r\nabc\r\n'), 0)?.value).toBe('abc');
    expect(parseReply(Buffer.from('$-1\r\n'), 0)?.value).toBeNull();
    expect(parseReply(Buffer.from('*2\r\n:1\r\n$1\r\nx\r\n'), 0)?.value).toEqual([1, 'x']);
    expect(parseReply(Buffer.from('$3\r\nab'), 0)).toBeUndefined();
    expect(parseReply(Buffer.from('-NOSCRIPT missing\r\n'), 0)?.value).toBeInstanceOf(Error);
  });
});

const redisUp = await new Promise<boolean>((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port: 6379 });
  socket.once('connect', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

describe.skipIf(!redisUp)('Redis token bucket (needs Redis on 127.0.0.1:6379)', () => {
  const limiters: RateLimiter[] = [];
  afterAll(async () => {
    for (const limiter of limiters) await limiter.close();
  });
  const make = (prefix: string) => {
    const limiter = createRedisRateLimiter({ url: 'redis://127.0.0.1:6379', perSecond: 1, burst: 2, logger: silentLogger, prefix, timeoutMs: 500 });
    limiters.push(limiter);
    return limiter;
  };

  it('shares one budget between gateway replicas', async () => {
    const prefix = `omnicart:test:${Date.now()}:${Math.random()}:`;
    const one = make(prefix);
    const two = make(prefix);
    await new Promise((resolve) => setTimeout(resolve, 100)); // connect
    expect(await one.take('1.2.3.4')).toBe(0);
    expect(await two.take('1.2.3.4')).toBe(0);
    expect(await one.take('1.2.3.4')).toBe(1);
    expect(await two.take('5.6.7.8')).toBe(0);
  });

  it('fails open when Redis is unreachable', async () => {
    const limiter = createRedisRateLimiter({ url: 'redis://127.0.0.1:1', perSecond: 1, burst: 1, logger: silentLogger });
    limiters.push(limiter);
    for (let i = 0; i < 3; i++) expect(await limiter.take('x')).toBe(0);
  });
});

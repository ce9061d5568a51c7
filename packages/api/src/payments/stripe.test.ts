import { describe, expect, it } from 'vitest';
import { loadEnv } from '../platform/index.js';
import { createStripeClient } from './stripe.js';

describe('createStripeClient', () => {
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', STRIPE_API_URL: 'http://127.0.0.1:12111' });

  it('builds the client user agent header once, without platform telemetry', () => {
    const stripe = createStripeClient(env) as unknown as { getClientUserAgent(callback: (userAgent: string) => void): void };
    const seen: string[] = [];
    stripe.getClientUserAgent((userAgent) => seen.push(userAgent));
    stripe.getClientUserAgent((userAgent) => seen.push(userAgent));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    const parsed = JSON.parse(seen[0]!) as Record<string, unknown>;
    expect(parsed).toMatchObject({ httplib: 'node', application: { name: 'omnicart-payments' } });
    expect(parsed.platform).toBeUndefined();
  });

  it('points the SDK at the configured API URL', () => {
    const stripe = createStripeClient(env, { apiUrl: 'http://127.0.0.1:4242' });
    expect(stripe.getApiField('host')).toBe('127.0.0.1');
    expect(stripe.getApiField('port')).toBe(4242);
    expect(stripe.getApiField('protocol')).toBe('http');
  });
});

import { describe, expect, it } from 'vitest';
import { EnvError, jwksUrl, loadEnv } from './env.js';

describe('env', () => {
  it('applies the development defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      GATEWAY_PORT: 4000,
      IDENTITY_PORT: 4101,
      CATALOG_PORT: 4102,
      RATE_LIMIT_PER_SECOND: 5000,
      RATE_LIMIT_BURST: 10_000,
      CORS_ORIGINS: ['http://localhost:3000', 'http://localhost:3001'],
      OMNICART_ADMIN_PASSWORD: 'omnicart-admin',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(jwksUrl(env)).toBe('http://127.0.0.1:4101/.well-known/jwks.json');
  });

  it('treats empty strings as unset and parses numbers and lists', () => {
    const env = loadEnv({ DATABASE_URL: '', DB_POOL_MAX: '4', CORS_ORIGINS: 'https://a.example, https://b.example', IDENTITY_URL: 'http://identity:4101/' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DB_POOL_MAX).toBe(4);
    expect(env.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(jwksUrl(env)).toBe('http://identity:4101/.well-known/jwks.json');
  });

  it('fails fast listing every bad variable', () => {
    let error: unknown;
    try {
      loadEnv({ GATEWAY_PORT: 'eighty', DB_POOL_MAX: '-1', LOG_LEVEL: 'loud', DATABASE_URL: 'not a url' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(EnvError);
    const { problems, message } = error as EnvError;
    expect(problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['GATEWAY_PORT', 'DB_POOL_MAX', 'LOG_LEVEL', 'DATABASE_URL']));
    expect(message).toMatch(/^Invalid environment:\n {2}- /);
    expect(message).toContain('(got "eighty")');
    expect(message).not.toContain('not a url');
  });

  it('reports the production requirement together with the other problems', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', GATEWAY_PORT: 'x' })).toThrow(/GATEWAY_PORT[\s\S]*JWT_PRIVATE_KEY/);
  });

  it('requires JWT_PRIVATE_KEY and SERVICE_TOKEN in production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/JWT_PRIVATE_KEY: is required when NODE_ENV=production/);
    expect(() => loadEnv({ NODE_ENV: 'production', JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' })).toThrow(/SERVICE_TOKEN: is required/);
    expect(loadEnv({ NODE_ENV: 'production', JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----', SERVICE_TOKEN: 'a-production-service-token' }).NODE_ENV).toBe('production');
  });
});

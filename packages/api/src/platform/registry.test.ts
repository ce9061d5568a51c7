import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOMAINS, DOMAIN_NAMES, SERVICE_NAMES, loadDomains, loadEnv, manifestsOf, simulatorWebhookUrl } from './index.js';
import { gatewayRouting } from './gateway.js';

describe('the domain registry', () => {
  it('lists every domain once, under its own name', () => {
    expect(new Set(DOMAIN_NAMES).size).toBe(DOMAINS.length);
    // The platform's own domains, in registry order (a generated one comes after them).
    expect(DOMAIN_NAMES.slice(0, 6)).toEqual(['identity', 'catalog', 'inventory', 'cart', 'orders', 'payments']);
  });

  it('knows exactly the services npm start hosts by default (SERVICES)', () => {
    expect([...SERVICE_NAMES].sort()).toEqual([...loadEnv({}).SERVICES].sort());
  });

  it('picks domains in registry order and ignores the non-domain services', () => {
    expect(manifestsOf(['gateway', 'orders', 'stripe-simulator', 'catalog']).map((m) => m.name)).toEqual(['catalog', 'orders']);
  });

  it('gives the gateway the REST owner of every domain before any surface is loaded', () => {
    const { restOwners, rawRoutes } = gatewayRouting();
    expect(restOwners).toMatchObject({ users: 'identity', products: 'catalog', categories: 'catalog', inventory: 'inventory', cart: 'cart', orders: 'orders', payments: 'payments' });
    expect(rawRoutes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/.well-known/jwks.json', domain: 'identity' }),
        expect.objectContaining({ path: '/images/', domain: 'catalog' }),
        expect.objectContaining({ path: '/webhooks/stripe', domain: 'payments', methods: ['POST'], rateLimited: false }),
      ]),
    );
  });

  it('gives every domain a port, its own env variables and a loadable module with a documented router', async () => {
    const env = loadEnv({});
    const ports = DOMAINS.map((domain) => domain.port);
    expect(new Set(ports).size).toBe(ports.length);
    for (const domain of DOMAINS) {
      expect(env[`${domain.name.toUpperCase()}_PORT` as keyof typeof env]).toBe(domain.port);
      expect(env[`${domain.name.toUpperCase()}_URL` as keyof typeof env]).toBe(`http://127.0.0.1:${domain.port}`);
    }
    for (const { manifest, module } of await loadDomains(DOMAIN_NAMES)) {
      expect(module.openapi.file).toBe(manifest.openapiFile);
      expect(Object.keys(module.describeRouter()._def.procedures).length).toBeGreaterThan(0);
    }
  });

  it('sends the simulator webhooks to the payments service unless told otherwise', () => {
    expect(simulatorWebhookUrl(loadEnv({ PAYMENTS_URL: 'http://payments:4106/' }))).toBe('http://payments:4106/webhooks/stripe');
    expect(simulatorWebhookUrl(loadEnv({ STRIPE_SIMULATOR_WEBHOOK_URL: 'http://gw/webhooks/stripe' }))).toBe('http://gw/webhooks/stripe');
  });

  it('declares exactly the domains each domain calls (the NetworkPolicies allow only these)', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    // `client<XRouter>('name')` in code, not in comments.
    const call = /^(?!\s*(?:\/\/|\*)).*\bclient<\w+>\('([a-z]+)'\)/gm;
    for (const domain of DOMAINS) {
      const files = readdirSync(join(src, domain.name), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.includes('.test.'));
      const called = new Set(files.flatMap((file) => [...readFileSync(join(src, domain.name, file), 'utf8').matchAll(call)].map((match) => match[1])));
      expect([...called].sort(), domain.name).toEqual([...(domain.calls ?? [])].sort());
    }
  });
});

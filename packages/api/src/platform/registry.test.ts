import { describe, expect, it } from 'vitest';
import { domainRouters } from '../gateway/domains.js';
import { DOMAIN_NAMES } from '../runtime/domain.js';
import { loadEnv } from '../runtime/env.js';
import { DOMAIN_MODULES, SERVICE_NAMES, domainModules, simulatorWebhookUrl } from './domains.js';

describe('the domain registry', () => {
  it('lists every domain once, under its own name', () => {
    expect(Object.keys(DOMAIN_MODULES)).toEqual([...DOMAIN_NAMES]);
    for (const [name, module] of Object.entries(DOMAIN_MODULES)) expect(module.name).toBe(name);
  });

  it('knows exactly the services npm start hosts by default (SERVICES)', () => {
    expect([...SERVICE_NAMES].sort()).toEqual([...loadEnv({}).SERVICES].sort());
  });

  it('picks domain modules in registry order and ignores the non-domain services', () => {
    expect(domainModules(['gateway', 'orders', 'stripe-simulator', 'catalog']).map((m) => m.name)).toEqual(['catalog', 'orders']);
  });

  it('gives the gateway a static router for every domain (access rules known before any call)', () => {
    expect(Object.keys(domainRouters()).sort()).toEqual([...DOMAIN_NAMES].sort());
  });

  it('sends the simulator webhooks to the payments service unless told otherwise', () => {
    expect(simulatorWebhookUrl(loadEnv({ PAYMENTS_URL: 'http://payments:4106/' }))).toBe('http://payments:4106/webhooks/stripe');
    expect(simulatorWebhookUrl(loadEnv({ STRIPE_SIMULATOR_WEBHOOK_URL: 'http://gw/webhooks/stripe' }))).toBe('http://gw/webhooks/stripe');
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwksHandler } from './http.js';
import { JWKS_PATH } from './index.js';
import { createPemKeyStore, type SigningKeyStore } from './keys.js';

let server: Server;
let url: string;
let store: SigningKeyStore;

beforeAll(async () => {
  store = await createPemKeyStore(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const handler = jwksHandler(store);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${JWKS_PATH}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /.well-known/jwks.json', () => {
  it('serves the public key set, cacheable for five minutes', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.json()).toEqual(await store.jwks());
  });

  it('refuses other methods', async () => {
    const response = await fetch(url, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('identityDomain.describeRouter', () => {
  it('exposes every users route with its access level without touching a database', async () => {
    const { manifest } = await import('./index.js');
    const router = (await manifest.load()).describeRouter();
    const procedures = router?._def.procedures as Record<string, { _def: { meta?: { access?: string; openapi?: { method: string; path: string } } } }>;
    const routes = Object.fromEntries(
      Object.entries(procedures).map(([name, p]) => [name, `${p._def.meta?.access} ${p._def.meta?.openapi?.method} ${p._def.meta?.openapi?.path}`]),
    );
    expect(routes).toEqual({
      register: 'public POST /users/register',
      login: 'public POST /users/login',
      refresh: 'public POST /users/refresh',
      logout: 'public POST /users/logout',
      requestPasswordReset: 'public POST /users/password-reset',
      confirmPasswordReset: 'public POST /users/password-reset/confirm',
      // Service-to-service only (the session-epoch check of every verifier): no REST route.
      sessionState: 'internal undefined undefined',
      contact: 'internal undefined undefined',
      me: 'authenticated GET /users/me',
      list: 'customers:read GET /users',
      exportUsers: 'customers:read GET /users/export',
      listStaff: 'staff:read GET /users/staff',
      inviteStaff: 'staff:manage POST /users/staff/invitations',
      invitations: 'staff:read GET /users/staff/invitations',
      revokeInvitation: 'staff:manage DELETE /users/staff/invitations/{id}',
      invitation: 'public GET /users/invitations/{token}',
      acceptInvitation: 'public POST /users/invitations/accept',
      byId: 'authenticated GET /users/{id}',
      update: 'authenticated PUT /users/{id}',
    });
  });
});

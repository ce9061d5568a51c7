import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from './fakes.js';
import { startTestPlatform, type TestPlatform } from './platform.js';

describe('test platform', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ catalogProducts: 60 });
  });
  afterAll(() => platform?.stop());

  it('serves the seeded platform through the gateway', async () => {
    const api = `${platform.gatewayUrl}/api/v1`;
    const login = await fetch(`${api}/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@omnicart.test', password: 'omnicart-admin' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = await readJson(login);
    const me = await readJson(await fetch(`${api}/users/me`, { headers: { authorization: `Bearer ${accessToken}` } }));
    expect(me).toMatchObject({ email: 'admin@omnicart.test', role: 'admin' });
    const products = await fetch(`${api}/products?limit=5`);
    expect(products.status).toBe(200);
    expect((await readJson(products)).items).toHaveLength(5);
    for (const url of [platform.gatewayUrl, platform.identityUrl, platform.catalogUrl]) {
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    }
  });
});

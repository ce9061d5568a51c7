import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { migrateAll } from '@omnicart/db';
import { seedCatalog } from '@omnicart/db/seed';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAccounts } from '../identity/index.js';
import { readJson } from '../testing/fakes.js';
import { PACKAGE_ROOT, SERVICE_SCRIPT, freePort, startServiceProcess, type ServiceProcess } from '../testing/processes.js';

/**
 * The split topology: identity, catalog and the gateway as three separate processes (the built
 * `dist/cli/service.js`, as in one-Deployment-per-service), talking only over HTTP.
 */

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

describe('split topology: identity, catalog and gateway as separate processes', () => {
  let db: TestDatabase;
  const children: ServiceProcess[] = [];
  let gatewayUrl = '';

  const spawnService = (name: string, env: Record<string, string>): ServiceProcess => {
    const started = startServiceProcess(name, { ...process.env, ...env });
    children.push(started);
    return started;
  };

  beforeAll(async () => {
    if (!existsSync(SERVICE_SCRIPT)) {
      throw new Error(`${SERVICE_SCRIPT} is missing: build the package first (npm run build -w @omnicart/api, or npm test which builds).`);
    }
    if (newestSource(join(PACKAGE_ROOT, 'src')) > statSync(SERVICE_SCRIPT).mtimeMs) {
      console.warn('split-topology test: dist/ is older than src/; it tests the last build (npm run build -w @omnicart/api).');
    }
    db = await createTestDatabase('omnicart_split');
    await migrateAll(db.pool);
    await ensureDemoAccounts({ pool: db.pool });
    await seedCatalog(db.pool, { products: 60 });

    const [identityPort, catalogPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
    const shared = {
      DATABASE_URL: db.url,
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DB_POOL_MAX: '4',
      IDENTITY_PORT: String(identityPort),
      CATALOG_PORT: String(catalogPort),
      GATEWAY_PORT: String(gatewayPort),
      IDENTITY_URL: `http://127.0.0.1:${identityPort}`,
      CATALOG_URL: `http://127.0.0.1:${catalogPort}`,
      SHUTDOWN_TIMEOUT_MS: '5000',
    };
    const identity = spawnService('identity', shared);
    const catalog = spawnService('catalog', shared);
    const gateway = spawnService('gateway', shared);
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    await identity.waitReady(shared.IDENTITY_URL);
    await catalog.waitReady(shared.CATALOG_URL);
    await gateway.waitReady(gatewayUrl);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => (child.child.exitCode === null ? child.stop('SIGKILL') : undefined)));
    await db?.drop();
  });

  it('registers, logs in, lists products and creates one as admin through the gateway', async () => {
    const api = `${gatewayUrl}/api/v1`;
    const json = { 'content-type': 'application/json' };
    const email = `split-${Date.now()}@example.com`;

    const registered = await fetch(`${api}/users/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password: 'correct-horse-battery', name: 'Split Shopper' }),
    });
    expect(registered.status).toBe(201);
    expect(await readJson(registered)).toMatchObject({ email, role: 'customer' });

    const login = await fetch(`${api}/users/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'correct-horse-battery' }) });
    expect(login.status).toBe(200);
    const session = await readJson(login);
    expect(session.tokenType).toBe('Bearer');
    const me = await fetch(`${api}/users/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(await readJson(me)).toMatchObject({ email });

    const list = await fetch(`${api}/products?limit=5`);
    expect(list.status).toBe(200);
    const page = await readJson(list);
    expect(page.items).toHaveLength(5);
    const category: string = page.items[0].category.slug;

    const product = { sku: `SPLIT-${Date.now()}`, name: 'Split Topology Lamp', description: 'Made in three processes.', price: { amount: 4999, currency: 'USD' }, category };
    // The customer is stopped at the gateway; the admin gets through to catalog.
    const asCustomer = await fetch(`${api}/products`, { method: 'POST', headers: { ...json, authorization: `Bearer ${session.accessToken}` }, body: JSON.stringify(product) });
    expect(asCustomer.status).toBe(403);
    const adminLogin = await readJson(
      await fetch(`${api}/users/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'admin@omnicart.test', password: 'omnicart-admin' }) }),
    );
    const created = await fetch(`${api}/products`, { method: 'POST', headers: { ...json, authorization: `Bearer ${adminLogin.accessToken}` }, body: JSON.stringify(product) });
    expect(created.status).toBe(201);
    const body = await readJson(created);
    expect(body).toMatchObject({ name: 'Split Topology Lamp', price: { amount: 4999, currency: 'USD' } });
    const detail = await fetch(`${api}/products/${body.id}`);
    expect(detail.status).toBe(200);
  });

  it('shuts every process down cleanly on SIGTERM (exit 0)', async () => {
    for (const child of [...children].reverse()) {
      const code = await child.stop('SIGTERM');
      if (code !== 0) throw new Error(`${child.name} exited with ${code}:\n${child.output()}`);
    }
  }, 30_000);
});

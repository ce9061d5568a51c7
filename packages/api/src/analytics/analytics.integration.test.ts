import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEventData } from '@omnicart/contracts';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import { loadEnv } from '../platform/index.js';
import { createLogger } from '../runtime/logger.js';
import { startService, type RunningService } from '../runtime/server.js';
import { createTestKeys, fakeEventBus, type TestKeys } from '../testing/fakes.js';
import { itemCreated } from './events.js';
import { createAnalyticsDomain } from './index.js';

// Analytics hosted as its own service on a real PostgreSQL, called over REST as the gateway calls it.

let database: TestDatabase;
let pool: pg.Pool;
let service: RunningService;
let keys: TestKeys;
let token: string;

const post = (body: unknown, bearer: string | null = token) =>
  fetch(`${service.url('analytics')}/api/v1/analytics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
const count = async (table: string) => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM analytics.${table}`)).rows[0]!.n);

beforeAll(async () => {
  database = await createTestDatabase('analytics', { poolMax: 5 });
  pool = database.pool;
  await migrateDomain(pool, 'analytics');
  keys = await createTestKeys();
  token = await keys.sign({ id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', email: 'jane@example.com', role: 'customer' });
  service = await startService({
    domains: await createAnalyticsDomain(),
    host: '127.0.0.1',
    pool,
    logger: createLogger({ level: 'silent' }),
    verifier: keys.verifier,
    env: loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    events: fakeEventBus(),
  });
});

afterAll(async () => {
  await service?.stop(1_000);
  await database?.drop();
});

describe('analytics', () => {
  it('creates a item (201) and writes its event in the same transaction', async () => {
    const response = await post({ name: 'First item' });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string };
    expect(created).toMatchObject({ name: 'First item' });
    const { rows } = await pool.query<{ type: string; payload: unknown }>('SELECT type, payload FROM analytics.outbox_events WHERE aggregate_id = $1', [created.id]);
    expect(rows.map((row) => row.type)).toEqual(['analytics.item_created']);
    expect(checkEventData(itemCreated, rows[0]!.payload).ok).toBe(true);
  });

  it('refuses bad input (400) and a missing token (401) and writes nothing', async () => {
    const before = [await count('items'), await count('outbox_events')];
    const bad = await post({ name: '' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect((await post({ name: 'First item' }, null)).status).toBe(401);
    expect([await count('items'), await count('outbox_events')]).toEqual(before);
  });
});

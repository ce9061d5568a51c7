import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatedEvent, type DomainEvent } from '../events/index.js';
import { startTestPlatform } from '../testing/platform.js';
import { entriesHandlers } from './consumers/entries.js';
import { AUDIT_SOURCES } from './index.js';
import { createAuditDb, createAuditRepository } from './repository.js';
import { createAuditService, type AuditRecordedEvent } from './service.js';

/**
 * The audit log end to end (real gateway, services, PostgreSQL bus): a staff write recorded by its
 * domain reaches the audit read model and is listed and filtered there; the entries table refuses
 * every change (trigger); a redelivered event is stored once; nothing writes through the API.
 */

type Platform = Awaited<ReturnType<typeof startTestPlatform>>;
let platform: Platform;
let api: string;
let ownerToken: string;

interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
}

async function call(method: string, path: string, options: { body?: unknown; token?: string | null } = {}): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = options.token === undefined ? ownerToken : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${api}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function login(email: string, password: string): Promise<string> {
  const result = await call('POST', '/users/login', { body: { email, password }, token: null });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.accessToken as string;
}

/** Polls the log until `path` lists at least `count` entries (the consumer follows the outbox within ~100 ms). */
async function waitForEntries(path: string, count = 1): Promise<Call> {
  for (let i = 0; ; i++) {
    const result = await call('GET', path);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    // The page and its total are two reads: an entry landing between them shows in the total first.
    if (result.body.total >= count && result.body.items.length >= Math.min(count, result.body.pageSize)) return result;
    if (i > 200) throw new Error(`the audit log never listed ${count} entries for ${path}: ${JSON.stringify(result.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = async (where = 'true', values: unknown[] = []) =>
  Number((await platform.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit.audit_entries WHERE ${where}`, values)).rows[0]!.n);

beforeAll(async () => {
  platform = await startTestPlatform({ catalogProducts: 5, domains: ['identity', 'catalog', 'inventory', 'audit'], env: { EVENTS_POLL_MS: '50' } });
  api = `${platform.gatewayUrl.replace(/\/$/, '')}/api/v1`;
  ownerToken = await login('admin@omnicart.test', 'omnicart-admin');
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

describe('the audit log', () => {
  it('lists a stock change recorded by inventory: who, when, before and after, the request id; filters by actor, entity and date', async () => {
    const { rows } = await platform.pool.query<{ sku: string; on_hand: number }>('SELECT sku, on_hand FROM inventory.stock_items ORDER BY sku LIMIT 1');
    const { sku, on_hand: before } = rows[0]!;
    const put = await call('PUT', `/inventory/${sku}`, { body: { onHand: before + 7, reason: 'Delivery from the supplier', lowStockThreshold: 9 } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    const listed = await waitForEntries(`/audit?entityType=stock&entityId=${sku}`);
    expect(listed.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    const entry = listed.body.items[0];
    expect(entry).toMatchObject({
      domain: 'inventory',
      entityType: 'stock',
      entityId: sku,
      action: 'stock_set',
      label: sku,
      changes: [
        { field: 'onHand', before, after: before + 7 },
        { field: 'lowStockThreshold', before: 5, after: 9 },
        { field: 'reason', before: null, after: 'Delivery from the supplier' },
      ],
      actor: { type: 'user', email: 'admin@omnicart.test' },
    });
    expect(entry.actor.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.requestId).toEqual(expect.any(String));
    expect(Date.now() - Date.parse(entry.occurredAt)).toBeLessThan(60_000);

    // Filters: the actor (by e-mail, any case, and by id), the date, the entity's own history.
    expect((await call('GET', '/audit?actorEmail=ADMIN@omnicart.test&entityType=stock')).body.total).toBeGreaterThanOrEqual(1);
    expect((await call('GET', `/audit?actorId=${entry.actor.id}&entityId=${sku}`)).body.total).toBe(1);
    expect((await call('GET', `/audit?actorEmail=someone.else@omnicart.test&entityId=${sku}`)).body.total).toBe(0);
    const today = entry.occurredAt.slice(0, 10);
    expect((await call('GET', `/audit?from=${today}&to=${today}&entityId=${sku}`)).body.total).toBe(1);
    expect((await call('GET', `/audit?to=${entry.occurredAt}&entityId=${sku}`)).body.total).toBe(1);
    expect((await call('GET', `/audit?from=2999-01-01&entityId=${sku}`)).body.total).toBe(0);
    const history = await call('GET', `/audit/entities/stock/${sku}`);
    expect(history.body.items.map((item: { id: string }) => item.id)).toEqual([entry.id]);
  });

  it('lists an owner disabling and enabling a customer (identity), newest first, and each entity type on its own', async () => {
    const registered = await call('POST', '/users/register', { body: { email: 'audited.customer@example.com', password: 'password-123', name: 'Audrey' }, token: null });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.id as string;
    expect((await call('PUT', `/users/${id}`, { body: { disabled: true } })).status).toBe(200);
    expect((await call('PUT', `/users/${id}`, { body: { disabled: false } })).status).toBe(200);
    const listed = await waitForEntries(`/audit?entityType=customer&entityId=${id}`, 2);
    expect(listed.body.items.map((entry: { action: string; domain: string; label: string; actor: { email: string } }) => [entry.action, entry.domain, entry.label, entry.actor.email])).toEqual([
      ['enabled', 'identity', 'audited.customer@example.com', 'admin@omnicart.test'],
      ['disabled', 'identity', 'audited.customer@example.com', 'admin@omnicart.test'],
    ]);
    expect(listed.body.items[1].changes).toEqual([{ field: 'disabled', before: false, after: true }]);
    const stockOnly = await call('GET', '/audit?entityType=stock&pageSize=100');
    expect(stockOnly.body.items.every((entry: { entityType: string }) => entry.entityType === 'stock')).toBe(true);
    const firstPage = await call('GET', '/audit?pageSize=10');
    const times = firstPage.body.items.map((entry: { occurredAt: string }) => entry.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('refuses a bad filter (400), a caller without audit:read (403) and an anonymous one (401)', async () => {
    for (const query of ['from=yesterday', 'to=2026-02-30', 'entityType=widget', 'pageSize=7', 'from=2026-12-08&to=2026-12-07']) {
      const result = await call('GET', `/audit?${query}`);
      expect(result.status, query).toBe(400);
      expect(result.body.error.code).toBe('VALIDATION_FAILED');
    }
    const customer = await login('demo@omnicart.test', 'omnicart-demo');
    expect((await call('GET', '/audit', { token: customer })).status).toBe(403);
    expect((await call('GET', '/audit', { token: null })).status).toBe(401);
  });

  describe('the export (GET /audit/export): keyset pages over the log’s filters, newest first', () => {
    const ENTITY = 'keyset-export-entity';
    const ids = (result: Call) => result.body.items.map((entry: { id: string }) => entry.id) as string[];

    beforeAll(async () => {
      // 25 entries of one entity: five share one instant (ties by id); the rest a minute apart.
      await platform.pool.query(
        `INSERT INTO audit.audit_entries (id, occurred_at, domain, entity_type, entity_id, action, label, changes, actor_type, actor_id, actor_email)
         SELECT gen_random_uuid(), CASE WHEN n <= 5 THEN timestamptz '2026-11-01T00:00:00Z' ELSE timestamptz '2026-11-01T00:00:00Z' + n * interval '1 minute' END,
                'catalog', 'product', $1, 'updated', format('Lamp %s', n), '[]', 'user', CASE WHEN n % 2 = 0 THEN 'even' ELSE 'odd' END, 'exporter@omnicart.test'
         FROM generate_series(1, 25) n`,
        [ENTITY],
      );
    });

    async function walk(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
      const walked: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const cursor: string = after ? `&after=${encodeURIComponent(after)}` : '';
        const response = await call('GET', `/audit/export?${query}&limit=${limit}${cursor}`);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        walked.push(...ids(response));
        after = response.body.nextCursor as string | null;
        pages++;
        expect(pages, 'the walk ends').toBeLessThan(100);
      } while (after);
      return { ids: walked, pages };
    }

    it('reads every match once, in the list’s order (newest first, ties by id), with the list’s filters', async () => {
      const listed = await call('GET', `/audit?entityId=${ENTITY}&pageSize=50`);
      expect(listed.body.total).toBe(25);
      const walked = await walk(`entityId=${ENTITY}`, 4);
      expect(walked.ids).toEqual(ids(listed));
      expect(new Set(walked.ids).size).toBe(25);
      expect(walked.pages).toBe(7); // 25 by 4: the seventh page has 1 and no next cursor
      const filtered = `entityId=${ENTITY}&actorId=even&from=2026-11-01T00:10:00Z&to=2026-11-01`;
      expect((await walk(filtered, 3)).ids).toEqual(ids(await call('GET', `/audit?${filtered}&pageSize=50`)));
      expect((await walk(filtered, 3)).ids).toHaveLength(8); // n = 10, 12, …, 24
    });

    it('does not shift when entries arrive during the walk', async () => {
      const first = await call('GET', `/audit/export?entityId=${ENTITY}&limit=10`);
      const newer = randomUUID();
      await platform.pool.query(
        `INSERT INTO audit.audit_entries (id, occurred_at, domain, entity_type, entity_id, action, label, changes) VALUES ($1, now(), 'catalog', 'product', $2, 'updated', 'Newer', '[]')`,
        [newer, ENTITY],
      );
      let after = first.body.nextCursor as string | null;
      const later: string[] = [];
      while (after) {
        const page = await call('GET', `/audit/export?entityId=${ENTITY}&limit=10&after=${encodeURIComponent(after)}`);
        later.push(...ids(page));
        after = page.body.nextCursor as string | null;
      }
      const walked = [...ids(first), ...later];
      expect(walked).toHaveLength(25);
      expect(walked).not.toContain(newer);
      expect(new Set(walked).size).toBe(25);
    });

    it('answers 400 for another sort’s cursor, a made-up one or limit 1001; 403 without audit:read', async () => {
      const otherSort = Buffer.from(JSON.stringify(['created_desc', '2026-11-01T00:00:00.000Z', randomUUID()])).toString('base64url');
      const refused = await call('GET', `/audit/export?after=${otherSort}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/continues the created_desc sort, not occurred_desc/) });
      for (const query of ['after=bm90LWEtY3Vyc29y', 'after=not%20a%20cursor', 'limit=1001', 'limit=0', 'from=yesterday']) {
        const result = await call('GET', `/audit/export?${query}`);
        expect(result.status, query).toBe(400);
        expect(result.body.error.code).toBe('VALIDATION_FAILED');
      }
      const registered = await call('POST', '/users/register', { body: { email: 'export.marketer@example.com', password: 'password-123', name: 'Mara' }, token: null });
      expect((await call('PUT', `/users/${registered.body.id}`, { body: { staffRole: 'marketing' } })).status).toBe(200);
      const marketer = await login('export.marketer@example.com', 'password-123');
      const forbidden = await call('GET', '/audit/export', { token: marketer });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('FORBIDDEN');
    });
  });

  it('offers no API that writes, edits or deletes an entry', async () => {
    // Entries from the tests before arrive through the bus, asynchronously: wait until none is still on its way.
    let before = await count();
    for (let settled = 0; settled < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await count();
      settled = now === before ? settled + 1 : 0;
      before = now;
    }
    for (const [method, path] of [
      ['POST', '/audit'],
      ['PUT', '/audit'],
      ['DELETE', '/audit'],
      ['PUT', '/audit/entities/stock/X'],
      ['DELETE', '/audit/entities/stock/X'],
    ] as const) {
      const result = await call(method, path, { body: method === 'DELETE' ? undefined : { label: 'rewritten' } });
      expect([404, 405], `${method} ${path}`).toContain(result.status);
    }
    expect(await count()).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit entries in the database itself (trigger)', async () => {
    const id = randomUUID();
    await platform.pool.query(
      `INSERT INTO audit.audit_entries (id, occurred_at, domain, entity_type, entity_id, action, label, changes) VALUES ($1, now(), 'catalog', 'product', 'p-1', 'updated', 'Lamp', '[]')`,
      [id],
    );
    for (const statement of [
      `UPDATE audit.audit_entries SET label = 'rewritten' WHERE id = '${id}'`,
      `DELETE FROM audit.audit_entries WHERE id = '${id}'`,
      'TRUNCATE audit.audit_entries',
    ]) {
      await expect(platform.pool.query(statement), statement).rejects.toThrow(/audit entries are append-only/);
    }
    expect((await platform.pool.query('SELECT label FROM audit.audit_entries WHERE id = $1', [id])).rows).toEqual([{ label: 'Lamp' }]);
  });

  it('stores an event delivered twice once (alone and in a batch)', async () => {
    const service = createAuditService(createAuditRepository(createAuditDb(platform.pool)));
    const handlers = entriesHandlers(service);
    const raw: DomainEvent = {
      id: randomUUID(),
      type: 'orders.audit_recorded',
      version: 1,
      source: 'orders',
      occurredAt: new Date().toISOString(),
      aggregateId: 'order-dup',
      actor: { type: 'user', id: randomUUID() },
      data: { entityType: 'order', entityId: 'order-dup', action: 'fulfilled', label: 'OC-00000001', changes: [{ field: 'status', before: 'paid', after: 'fulfilled' }], actorEmail: null, requestId: null },
    };
    const event = validatedEvent(raw, AUDIT_SOURCES, 'audit.entries');
    await handlers.handle(event);
    await handlers.handle(event);
    await handlers.handleBatch!([event, event] as AuditRecordedEvent[] as never);
    expect(await count('entity_id = $1', ['order-dup'])).toBe(1);
  });
});

// audit.deadLetters.*: owners (events:manage) only; a replay or discard of a letter that is no
// longer waiting is CONFLICT; bad input is refused. The store itself is tested on both buses in
// events/dead-letters.integration.test.ts; here the PostgreSQL bus supplies a real dead letter.
import { randomBytes, randomUUID } from 'node:crypto';
import { ROLE_PERMISSIONS } from '@omnicart/contracts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import { createDeadLetterStore, createEventBus, type DeadLetterStore, type EventBus } from '../events/index.js';
import type { AuthUser } from '../runtime/auth.js';
import type { RequestContext } from '../runtime/context.js';
import { createCallerFactory, router } from '../runtime/trpc.js';
import { createDeadLettersRouter } from './dead-letters.js';

const logger = pino({ level: 'silent' });
const staff = (role: 'owner' | 'analyst' | 'order_manager'): AuthUser => ({
  id: randomUUID(),
  email: `${role}@omnicart.test`,
  role: 'admin',
  staffRole: role,
  permissions: ROLE_PERMISSIONS[role],
});
const context = (user: AuthUser | null): RequestContext => ({ requestId: 'req-dl-test', ip: '127.0.0.1', user, authError: null, service: null, idempotencyKey: null });

describe('audit.deadLetters', () => {
  let database: TestDatabase;
  let store: DeadLetterStore;
  let bus: EventBus;
  const consumer = `test.${randomBytes(4).toString('hex')}.dl-api`;
  const call = (user: AuthUser | null) => createCallerFactory(router({ deadLetters: createDeadLettersRouter(store, logger) }))(context(user)).deadLetters;

  beforeAll(async () => {
    database = await createTestDatabase('dead_letters_api', { poolMax: 5 });
    store = await createDeadLetterStore({ pool: database.pool });
    bus = await createEventBus({ pool: database.pool, logger, pollMs: 50, retry: { initialDelayMs: 10, maxDelayMs: 20 } });
    await bus.subscribe({ consumer, types: ['test.dl_api'], maxAttempts: 1, handler: () => Promise.reject(new Error('nope')) });
  });

  afterAll(async () => {
    await bus?.close();
    await store?.close();
    await database?.drop();
  });

  async function deadLetter(): Promise<string> {
    const id = randomUUID();
    await bus.publish([{ id, type: 'test.dl_api', source: 'test', occurredAt: new Date().toISOString(), data: { n: 1 } }]);
    return vi.waitFor(
      async () => {
        const letter = (await store.list({ consumer })).letters.find((candidate) => candidate.eventId === id);
        if (!letter) throw new Error('not dead yet');
        return letter.id;
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  it('lets an owner count, list, read, replay and discard', async () => {
    const id = await deadLetter();
    const owner = call(staff('owner'));
    expect((await owner.counts()).find((count) => count.consumer === consumer)?.count).toBeGreaterThanOrEqual(1);
    expect((await owner.list({ consumer })).letters.map((letter) => letter.id)).toContain(id);
    expect(await owner.get({ id })).toMatchObject({ id, consumer, lastError: 'nope', data: { n: 1 } });
    expect(await owner.replay({ id })).toEqual({ replayed: 1 });
    // Fails again (maxAttempts 1): dead again, with one replay, then discarded by the owner.
    await vi.waitFor(async () => expect((await owner.get({ id })).replays).toBe(1), { timeout: 10_000, interval: 20 });
    await vi.waitFor(async () => expect((await owner.list({ consumer })).letters.map((letter) => letter.id)).toContain(id), { timeout: 10_000, interval: 20 });
    expect(await owner.discard({ id, reason: 'a test letter' })).toMatchObject({ discardedBy: 'owner@omnicart.test', discardReason: 'a test letter' });
    await expect(owner.discard({ id, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(owner.replay({ id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(owner.get({ id: '999999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('replays every letter of a consumer', async () => {
    await deadLetter();
    expect((await call(staff('owner')).replay({ consumer })).replayed).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad input with a message', async () => {
    const owner = call(staff('owner'));
    await expect(owner.get({ id: 'abc' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.replay({})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('either an id or a consumer') });
    await expect(owner.replay({ id: '1', consumer })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.discard({ id: '1', reason: ' ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.list({ consumer: 'no spaces' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('is for owners only', async () => {
    const id = await deadLetter();
    for (const role of ['analyst', 'order_manager'] as const) {
      const them = call(staff(role));
      await expect(them.counts()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(them.get({ id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(them.replay({ id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(them.discard({ id, reason: 'not mine to discard' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(call(null).counts()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await store.get(id))?.discardedAt).toBeNull();
  });
});

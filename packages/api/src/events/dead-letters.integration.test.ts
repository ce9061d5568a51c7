// The dead-letter store on both buses, against the real PostgreSQL and the real RabbitMQ: a poison
// event dead-letters, is listed, replays to its consumer only (once, even when two operators
// replay it at once), and a discarded one leaves the list but stays for audit. The CLI runs on it.
import { randomBytes, randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { pino } from 'pino';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import { EXIT, runDeadLetters } from '../cli/dead-letters.js';
import { retryDelayMs } from './delivery.js';
import { createDeadLetterStore, createEventBus, type DeadLetterStore, type DomainEvent, type EventBus } from './index.js';
import { deadQueueName, retryQueueName } from './rabbitmq-bus.js';

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const RUN = randomBytes(4).toString('hex');
const RETRY = { initialDelayMs: 20, maxDelayMs: 80 };
const logger = pino({ level: 'silent' });

type Kind = 'postgres' | 'rabbitmq';

let sequence = 0;
const event = (type: string, data: Record<string, unknown> = {}): DomainEvent => ({
  id: randomUUID(),
  type,
  source: 'test',
  version: 1,
  aggregateId: 'agg-1',
  actor: { type: 'service', id: 'test' },
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  occurredAt: new Date(Date.UTC(2026, 11, 7, 0, 0, 0, sequence++)).toISOString(),
  data,
});

/** A handler that fails on events flagged poison until `fixed`, recording every delivery. */
function fixableHandler() {
  const seen: DomainEvent[] = [];
  const state = { fixed: false };
  return {
    seen,
    state,
    handler: async (e: DomainEvent) => {
      seen.push(e);
      if (e.data.poison && !state.fixed) throw new Error('cannot handle this one yet');
    },
  };
}

/** A pool that refuses the RabbitMQ bus's dead-letter insert (PostgreSQL "down" for that). */
function poolRefusingDeadRecords(pool: pg.Pool): pg.Pool {
  return new Proxy(pool, {
    get(target, key, receiver) {
      if (key === 'query') {
        return (...args: unknown[]) => {
          const text = typeof args[0] === 'string' ? args[0] : '';
          if (text.includes('INSERT INTO "events".deliveries')) return Promise.reject(new Error('connection terminated unexpectedly'));
          return (target.query as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => void out.push(line), err: (line: string) => void err.push(line) } };
}

describe.each<Kind>(['postgres', 'rabbitmq'])('dead letters on the %s bus', (kind) => {
  let database: TestDatabase;
  let store: DeadLetterStore;
  const exchange = `omnicart.events.dl.${RUN}.${kind}`;
  const consumers: string[] = [];
  const buses: EventBus[] = [];
  const consumerName = (label: string): string => {
    const name = `test.${RUN}.dl.${kind}.${label}`;
    consumers.push(name);
    return name;
  };
  const type = `test.dl.${kind}`;

  async function openBus(pool?: pg.Pool): Promise<EventBus> {
    const bus = await createEventBus({ rabbitmqUrl: kind === 'rabbitmq' ? RABBITMQ_URL : undefined, pollMs: 50, pool: pool ?? database.pool, logger, exchange, retry: RETRY });
    buses.push(bus);
    return bus;
  }

  /** A consumer whose handler cannot take poison events yet, and one more consumer of the same type. */
  async function poisoned(label: string) {
    const bus = await openBus();
    const consumer = consumerName(label);
    const bystander = consumerName(`${label}-other`);
    const failing = fixableHandler();
    const other = fixableHandler();
    other.state.fixed = true;
    await bus.subscribe({ consumer, types: [type], handler: failing.handler, maxAttempts: 2 });
    await bus.subscribe({ consumer: bystander, types: [type], handler: other.handler });
    const poison = event(type, { poison: true, n: 1 });
    await bus.publish([poison]);
    await vi.waitFor(async () => expect((await store.list({ consumer })).letters).toHaveLength(1), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(other.seen).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const [letter] = (await store.list({ consumer })).letters;
    return { bus, consumer, bystander, failing, other, poison, letter: letter! };
  }

  beforeAll(async () => {
    database = await createTestDatabase(`dead_letters_${kind}`, { poolMax: 10 });
    store = await createDeadLetterStore({ pool: database.pool, rabbitmqUrl: kind === 'rabbitmq' ? RABBITMQ_URL : undefined });
  });

  afterAll(async () => {
    await Promise.allSettled(buses.map((bus) => bus.close()));
    await store?.close();
    try {
      if (kind === 'rabbitmq') {
        const connection = await amqp.connect(RABBITMQ_URL);
        let channel = await connection.createChannel();
        const delays = [...new Set([1, 2, 3].map((attempt) => retryDelayMs(attempt, RETRY)))];
        for (const queue of consumers.flatMap((c) => [c, deadQueueName(c), ...delays.map((d) => retryQueueName(c, d))])) {
          await channel.deleteQueue(queue).catch(async () => (channel = await connection.createChannel()));
        }
        await channel.deleteExchange(exchange).catch(() => undefined);
        await connection.close();
      }
    } finally {
      await database?.drop();
    }
  });

  it('lists a poison event with its error, attempts and envelope, counted per consumer', async () => {
    const { consumer, bystander, poison, letter } = await poisoned('list');
    expect(store.bus).toBe(kind);
    expect(letter).toMatchObject({ consumer, eventId: poison.id, type, version: 1, source: 'test', attempts: 2, lastError: 'cannot handle this one yet', replays: 0 });
    expect(letter.deadAt).not.toBeNull();
    const full = await store.get(letter.id);
    expect(full).toMatchObject({ data: poison.data, aggregateId: 'agg-1', actor: { type: 'service', id: 'test' }, traceparent: poison.traceparent, discardedAt: null });
    const counts = await store.counts();
    expect(counts.find((count) => count.consumer === consumer)).toMatchObject({ count: 1 });
    expect(counts.find((count) => count.consumer === bystander)).toBeUndefined();
    expect((await store.list({ type: 'test.nothing' })).letters).toEqual([]);
  });

  it('replays a letter to its consumer only, once, after the handler was fixed; two replays at once give one delivery', async () => {
    const { consumer, failing, other, poison, letter } = await poisoned('replay');
    const deliveriesBefore = failing.seen.length;
    failing.state.fixed = true;
    const outcomes = await Promise.all([store.replay(letter.id), store.replay(letter.id)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['gone', 'replayed']);
    await vi.waitFor(() => expect(failing.seen.length).toBe(deliveriesBefore + 1), { timeout: 10_000, interval: 20 });
    expect(failing.seen.at(-1)!.id).toBe(poison.id);
    expect(failing.seen.at(-1)!.data).toEqual(poison.data);
    // Settle: no second delivery arrives, the bystander never sees it again, nothing is left dead.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failing.seen.length).toBe(deliveriesBefore + 1);
    expect(other.seen.map((e) => e.id)).toEqual([poison.id]);
    expect((await store.list({ consumer })).letters).toEqual([]);
    expect(await store.replay(letter.id)).toEqual({ status: 'gone' });
  });

  it('a replayed letter that fails again comes back as dead, its attempts started over', async () => {
    const { consumer, failing, letter } = await poisoned('again');
    const before = failing.seen.length;
    expect((await store.replay(letter.id)).status).toBe('replayed');
    await vi.waitFor(async () => expect((await store.list({ consumer })).letters).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(failing.seen.length).toBe(before + 2); // maxAttempts again, not one
    expect((await store.list({ consumer })).letters[0]).toMatchObject({ attempts: 2, lastError: 'cannot handle this one yet' });
  });

  it('replays every letter of one consumer', async () => {
    const { bus, consumer, failing } = await poisoned('bulk');
    await bus.publish([event(type, { poison: true, n: 2 })]);
    await vi.waitFor(async () => expect((await store.list({ consumer })).letters).toHaveLength(2), { timeout: 10_000, interval: 20 });
    failing.state.fixed = true;
    const before = failing.seen.length;
    expect(await store.replayConsumer(consumer)).toBe(2);
    await vi.waitFor(() => expect(failing.seen.length).toBe(before + 2), { timeout: 10_000, interval: 20 });
    expect(await store.replayConsumer(consumer)).toBe(0);
  });

  it('discards a letter: gone from the list and from replay, kept with who, when and why', async () => {
    const { consumer, letter } = await poisoned('discard');
    const discarded = await store.discard(letter.id, 'owner@omnicart.test', 'test data, not a real order');
    expect(discarded).toMatchObject({ status: 'discarded', letter: { discardedBy: 'owner@omnicart.test', discardReason: 'test data, not a real order' } });
    expect((await store.list({ consumer })).letters).toEqual([]);
    expect((await store.counts()).find((count) => count.consumer === consumer)).toBeUndefined();
    expect(await store.replay(letter.id)).toEqual({ status: 'gone' });
    expect(await store.discard(letter.id, 'someone@omnicart.test', 'again')).toEqual({ status: 'gone' });
    expect((await store.get(letter.id))?.discardedAt).not.toBeNull();
  });

  it('pages newest first and refuses a bad id or limit', async () => {
    const { bus, consumer } = await poisoned('pages');
    await bus.publish([event(type, { poison: true, n: 2 }), event(type, { poison: true, n: 3 })]);
    await vi.waitFor(async () => expect((await store.list({ consumer })).letters).toHaveLength(3), { timeout: 10_000, interval: 20 });
    const first = await store.list({ consumer, limit: 2 });
    expect(first.letters).toHaveLength(2);
    expect(first.nextBefore).toBe(first.letters[1]!.id);
    const second = await store.list({ consumer, limit: 2, before: first.nextBefore! });
    expect(second).toMatchObject({ nextBefore: null });
    expect(second.letters).toHaveLength(1);
    await expect(store.get('abc')).rejects.toThrow('not a dead-letter id');
    await expect(store.list({ limit: 0 })).rejects.toThrow('limit');
  });

  it('the command lists, shows, replays and discards, with exit codes', async () => {
    const { consumer, letter, failing } = await poisoned('cli');
    let run = captureIo();
    expect(await runDeadLetters(['list', '--consumer', consumer], store, run.io)).toBe(EXIT.ok);
    expect(run.out.join('\n')).toContain(letter.id);
    expect(run.out.join('\n')).toContain('cannot handle this one yet');

    run = captureIo();
    expect(await runDeadLetters(['show', letter.id], store, run.io)).toBe(EXIT.ok);
    expect(JSON.parse(run.out.join('\n'))).toMatchObject({ id: letter.id, consumer, attempts: 2 });

    for (const bad of [[], ['nope'], ['show'], ['show', 'x1'], ['discard', letter.id], ['discard', letter.id, '--reason', ' '], ['replay', '1', '--consumer', consumer], ['list', '--limit', '0'], ['list', '--bogus', '1']]) {
      run = captureIo();
      expect(await runDeadLetters(bad, store, run.io), bad.join(' ')).toBe(EXIT.usage);
      expect(run.err.join('\n')).toContain('Usage:');
    }
    run = captureIo();
    expect(await runDeadLetters(['show', '999999999'], store, run.io)).toBe(EXIT.nothing);

    run = captureIo();
    expect(await runDeadLetters(['discard', letter.id, '--reason', 'duplicate of a handled event', '--by', 'ops@omnicart.test'], store, run.io)).toBe(EXIT.ok);
    expect(run.out.join('\n')).toContain('discarded');
    run = captureIo();
    expect(await runDeadLetters(['replay', letter.id], store, run.io)).toBe(EXIT.nothing);
    expect((await store.get(letter.id))?.discardedBy).toBe('ops@omnicart.test');
    failing.state.fixed = true;
  });

  it.runIf(kind === 'rabbitmq')('refuses to replay into a queue that no longer exists, and keeps the letter', async () => {
    const { consumer, letter } = await poisoned('renamed');
    const connection = await amqp.connect(RABBITMQ_URL);
    try {
      const channel = await connection.createChannel();
      await channel.deleteQueue(consumer);
    } finally {
      await connection.close();
    }
    await expect(store.replay(letter.id)).rejects.toThrow(`queue ${consumer} does not exist`);
    expect((await store.list({ consumer })).letters.map((l) => l.id)).toEqual([letter.id]);
  });

  it.runIf(kind === 'rabbitmq')('parks in the dead queue when PostgreSQL refuses the record, and collects it from there later', async () => {
    const bus = await openBus(poolRefusingDeadRecords(database.pool));
    const consumer = consumerName('fallback');
    const failing = fixableHandler();
    await bus.subscribe({ consumer, types: [type], handler: failing.handler, maxAttempts: 1 });
    const poison = event(type, { poison: true });
    await bus.publish([poison]);
    const connection = await amqp.connect(RABBITMQ_URL);
    try {
      const channel = await connection.createChannel();
      await vi.waitFor(async () => expect((await channel.checkQueue(deadQueueName(consumer))).messageCount).toBe(1), { timeout: 10_000, interval: 20 });
    } finally {
      await connection.close();
    }
    expect((await store.list({ consumer })).letters).toEqual([]);
    expect(await store.collectDeadQueues([consumer, consumerName('never-subscribed')])).toBe(1);
    const [letter] = (await store.list({ consumer })).letters;
    expect(letter).toMatchObject({ eventId: poison.id, attempts: 1, lastError: 'cannot handle this one yet' });
    expect(await store.collectDeadQueues([consumer])).toBe(0);
  });
});

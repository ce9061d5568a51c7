// Both buses through one suite, against the real PostgreSQL and the real RabbitMQ. Every run uses
// its own database, exchange and consumer names, and removes them afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { pino } from 'pino';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import { loadEnv } from '../platform/index.js';
import { retryDelayMs } from './delivery.js';
import { z } from 'zod';
import { defineEvent } from '@omnicart/contracts';
import { metricsRegistry, renderMetrics } from '../runtime/metrics.js';
import { currentWork, runWithWork } from '../runtime/trace.js';
import { subscribeToContracts } from './subscribe.js';
import { createEventBus, outboxEvent, startOutboxRelay, type DomainEvent, type EventBus, type EventHandler, type OutboxEventRow, type OutboxRelayOptions } from './index.js';
import { deadQueueName, rabbitMqTestHooks, retryQueueName } from './rabbitmq-bus.js';

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const RUN = randomBytes(4).toString('hex');
const RETRY = { initialDelayMs: 20, maxDelayMs: 80 };

/** The test domain's declared events (the relay publishes only declared contracts). */
const OUTBOX_CONTRACTS = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map((label) =>
  defineEvent({ type: `test.${label}`, version: 1, aggregate: 'n', description: 'test event', schema: z.object({ n: z.number() }) }),
);
/** A row for the test domain's outbox, as a domain's transaction writes it. */
const newOutboxEvent = (type: string, data: { n: number }): OutboxEventRow => outboxEvent(OUTBOX_CONTRACTS.find((contract) => contract.type === type)!, data);
const relayOf = (options: Omit<OutboxRelayOptions, 'contracts'>) => startOutboxRelay({ ...options, contracts: OUTBOX_CONTRACTS });

type Kind = 'postgres' | 'rabbitmq';
type LogEntry = Record<string, unknown> & { level: number; msg: string };

/** A logger keeping warn-and-above lines, with a way to wait for one. */
function captureLogs() {
  const lines: LogEntry[] = [];
  let waiters: Array<{ match: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }> = [];
  const logger = pino(
    { level: 'warn' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as LogEntry;
        lines.push(entry);
        waiters = waiters.filter((waiter) => (waiter.match(entry) ? (waiter.resolve(entry), false) : true));
      },
    },
  );
  return {
    logger,
    lines,
    waitFor(match: (entry: LogEntry) => boolean): Promise<LogEntry> {
      const found = lines.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/** A handler that records every delivery (before running `behaviour`), and waits for counts. */
function recorder(behaviour?: (event: DomainEvent) => Promise<void> | void) {
  const events: DomainEvent[] = [];
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const handler: EventHandler = async (event) => {
    events.push(event);
    waiters = waiters.filter((waiter) => (events.length >= waiter.count ? (waiter.resolve(), false) : true));
    await behaviour?.(event);
  };
  return {
    events,
    handler,
    received(count: number): Promise<void> {
      if (events.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

let sequence = 0;
const event = (type: string, data: Record<string, unknown> = {}): DomainEvent => ({
  id: randomUUID(),
  type,
  source: 'test',
  occurredAt: new Date(Date.UTC(2026, 10, 22, 0, 0, 0, sequence++)).toISOString(),
  data,
});

/** A pool that counts the statements (round trips) it and its clients send. */
function countingPool(pool: pg.Pool) {
  let count = 0;
  const wrapClient = (client: pg.PoolClient): pg.PoolClient =>
    new Proxy(client, {
      get(target, key, receiver) {
        if (key === 'query') return (...args: unknown[]) => (count++, (target.query as (...a: unknown[]) => unknown)(...args));
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const counted = new Proxy(pool, {
    get(target, key, receiver) {
      if (key === 'query') return (...args: unknown[]) => (count++, (target.query as (...a: unknown[]) => unknown)(...args));
      if (key === 'connect') return async () => wrapClient(await target.connect());
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { pool: counted, statements: () => count };
}

/** Deletes the queues (their dead and delay queues too) and the exchange a run declared. */
async function deleteRabbitObjects(exchange: string, consumers: string[]): Promise<void> {
  const connection = await amqp.connect(RABBITMQ_URL);
  try {
    let channel = await connection.createChannel();
    const delays = [...new Set([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, RETRY)))];
    const queues = consumers.flatMap((consumer) => [consumer, deadQueueName(consumer), ...delays.map((delay) => retryQueueName(consumer, delay))]);
    for (const queue of queues) {
      try {
        await channel.deleteQueue(queue);
      } catch {
        channel = await connection.createChannel();
      }
    }
    await channel.deleteExchange(exchange).catch(() => undefined);
  } finally {
    await connection.close();
  }
}

/** The value of a `service`-labelled series in the exposition a scrape gets (undefined when absent). */
async function scraped(metric: string, service: string): Promise<number | undefined> {
  const { body } = await renderMetrics();
  const line = body.split('\n').find((text) => text.startsWith(`${metric}{service="${service}"} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** event_deliveries_total of one consumer and outcome (0 before the first). */
async function deliveriesCounted(consumer: string, outcome: string): Promise<number> {
  const metric = metricsRegistry().getSingleMetric('event_deliveries_total');
  const { values } = await metric!.get();
  return values.filter((value) => value.labels.consumer === consumer && value.labels.outcome === outcome).reduce((sum, value) => sum + value.value, 0);
}

describe.each<Kind>(['postgres', 'rabbitmq'])('the %s event bus', (kind) => {
  let database: TestDatabase;
  const exchange = `omnicart.events.test.${RUN}.${kind}`;
  const consumers: string[] = [];
  const buses: EventBus[] = [];
  const logs = captureLogs();
  const consumerName = (label: string): string => {
    const name = `test.${RUN}.${kind}.${label}`;
    consumers.push(name);
    return name;
  };
  const type = (label: string): string => `test.${label}`;

  async function openBus(): Promise<EventBus> {
    const env = loadEnv({ NODE_ENV: 'test', EVENTS_POLL_MS: '100', ...(kind === 'rabbitmq' ? { RABBITMQ_URL } : {}) });
    const bus = await createEventBus({ rabbitmqUrl: env.RABBITMQ_URL, pollMs: env.EVENTS_POLL_MS, pool: database.pool, logger: logs.logger, exchange, retry: RETRY });
    buses.push(bus);
    return bus;
  }

  beforeAll(async () => {
    database = await createTestDatabase(`events_${kind}`, { poolMax: 10 });
  });

  afterAll(async () => {
    await Promise.allSettled(buses.map((bus) => bus.close()));
    try {
      if (kind === 'rabbitmq') await deleteRabbitObjects(exchange, consumers);
    } finally {
      await database?.drop();
    }
  });

  it(`is the ${kind} bus`, async () => {
    expect((await openBus()).kind).toBe(kind);
  });

  it('delivers published events in order, only of the types the consumer asked for', async () => {
    const bus = await openBus();
    const got = recorder();
    await bus.subscribe({ consumer: consumerName('basic'), types: [type('a')], handler: got.handler });
    const events = [event(type('a'), { n: 1 }), event(type('b'), { n: 2 }), event(type('a'), { n: 3, nested: { ok: true } })];
    await bus.publish(events);
    await got.received(2);
    const last = event(type('a'), { n: 4 });
    await bus.publish([last]);
    await got.received(3);
    expect(got.events).toEqual([events[0], events[2], last]);
  });

  it('keeps the events published while a consumer is offline until it comes back', async () => {
    const bus = await openBus();
    const consumer = consumerName('offline');
    const first = recorder();
    const subscription = await bus.subscribe({ consumer, types: [type('c')], handler: first.handler });
    await subscription.stop();
    const events = Array.from({ length: 5 }, (_, n) => event(type('c'), { n }));
    await bus.publish(events);

    const restarted = await openBus();
    const second = recorder();
    await restarted.subscribe({ consumer, types: [type('c')], handler: second.handler });
    await second.received(5);
    expect(second.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(first.events).toEqual([]);
  });

  it('shares one consumer name between competing workers without duplicates', async () => {
    const [busA, busB] = [await openBus(), await openBus()];
    const consumer = consumerName('competing');
    const seen: Record<'A' | 'B', string[]> = { A: [], B: [] };
    const bothBusy = deferred();
    const total = recorder();
    // Each worker holds its first event until the other one got one too: proves the sharing.
    const worker = (label: 'A' | 'B'): EventHandler => async (e) => {
      seen[label].push(e.id);
      if (seen.A.length > 0 && seen.B.length > 0) bothBusy.resolve();
      await bothBusy.promise;
      await total.handler(e);
    };
    await busA.subscribe({ consumer, types: [type('w')], handler: worker('A') });
    await busB.subscribe({ consumer, types: [type('w')], handler: worker('B') });
    const events = Array.from({ length: 20 }, (_, n) => event(type('w'), { n }));
    await busA.publish(events);
    await total.received(20);
    const last = event(type('w'));
    await busB.publish([last]);
    await total.received(21);

    const all = [...seen.A, ...seen.B];
    expect(seen.A.length).toBeGreaterThan(0);
    expect(seen.B.length).toBeGreaterThan(0);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set([...events, last].map((e) => e.id)));
  });

  it('redelivers an event whose handler failed, with backoff, until it succeeds', async () => {
    const bus = await openBus();
    const consumer = consumerName('retry');
    let failuresLeft = 2;
    const got = recorder((e) => {
      if (e.data.flaky && failuresLeft-- > 0) throw new Error('downstream not ready');
    });
    await bus.subscribe({ consumer, types: [type('r')], handler: got.handler });
    const flaky = event(type('r'), { flaky: true });
    await bus.publish([flaky]);
    await got.received(3);
    const next = event(type('r'));
    await bus.publish([next]);
    await got.received(4);

    expect(got.events.map((e) => e.id)).toEqual([flaky.id, flaky.id, flaky.id, next.id]);
    expect(got.events[2]).toEqual(flaky);
    const retries = logs.lines.filter((line) => line.consumer === consumer && line.msg === 'event handler failed; will redeliver');
    expect(retries.map((line) => [line.attempts, line.retryInMs])).toEqual([
      [1, 20],
      [2, 40],
    ]);
  });

  it('parks an event as dead after maxAttempts, logs it at error level and goes on', async () => {
    const bus = await openBus();
    const consumer = consumerName('dead');
    const got = recorder((e) => {
      if (e.data.poison) throw new Error('cannot handle this one');
    });
    await bus.subscribe({ consumer, types: [type('d')], handler: got.handler, maxAttempts: 3 });
    const poison = event(type('d'), { poison: true });
    await bus.publish([poison]);
    const logged = await logs.waitFor((line) => line.consumer === consumer && line.level === 50);
    expect(logged).toMatchObject({ msg: 'event dead-lettered after its last attempt', eventId: poison.id, type: poison.type, attempts: 3 });
    expect(got.events.map((e) => e.id)).toEqual([poison.id, poison.id, poison.id]);
    // Two redeliveries, then one dead letter, on this consumer's counters (labelled with the bus).
    expect(await deliveriesCounted(consumer, 'retried')).toBe(2);
    expect(await deliveriesCounted(consumer, 'dead_lettered')).toBe(1);
    expect(await deliveriesCounted(consumer, 'handled')).toBe(0);
    const { values } = await metricsRegistry().getSingleMetric('event_deliveries_total')!.get();
    expect(values.find((value) => value.labels.consumer === consumer)?.labels.bus).toBe(kind);

    // Both buses keep their dead letters in events.deliveries (RabbitMQ records them there too).
    const { rows } = await database.pool.query('SELECT event_id, attempts, dead, last_error FROM events.deliveries WHERE consumer = $1', [consumer]);
    expect(rows).toEqual([{ event_id: poison.id, attempts: 3, dead: true, last_error: 'cannot handle this one' }]);

    const next = event(type('d'));
    await bus.publish([next]);
    await got.received(4);
    expect(got.events[3]).toEqual(next);
    await expect.poll(() => deliveriesCounted(consumer, 'handled')).toBe(1);
    expect(await deliveriesCounted(consumer, 'dead_lettered')).toBe(1);
  });

  it('dead-letters at once, with the reason, an event that fails its contract; the handler never sees it', async () => {
    const bus = await openBus();
    const consumer = consumerName('contract');
    const contract = defineEvent({ type: type('c'), version: 1, aggregate: 'n', description: 'test', schema: z.object({ n: z.number().int() }) });
    const seen: DomainEvent[] = [];
    await subscribeToContracts(bus, { consumer, contracts: [contract], service: 'test', maxAttempts: 5, handler: async (e) => void seen.push(e) });
    const bad = event(type('c'), { n: 'one' });
    const good = event(type('c'), { n: 1 });
    await bus.publish([bad, good]);
    const logged = await logs.waitFor((line) => line.consumer === consumer && line.level === 50);
    expect(logged).toMatchObject({ msg: 'event dead-lettered: it does not match its contract', eventId: bad.id, attempts: 1 });
    await vi.waitFor(() => expect(seen.map((e) => e.id)).toEqual([good.id]), { timeout: 10_000, interval: 10 });
    const reason = `payload does not match ${type('c')}@1: n: Invalid input: expected number, received string`;
    await vi.waitFor(async () => {
      const { rows } = await database.pool.query('SELECT event_id, attempts, dead, last_error FROM events.deliveries WHERE consumer = $1 AND dead', [consumer]);
      expect(rows).toEqual([{ event_id: bad.id, attempts: 1, dead: true, last_error: reason }]);
    });
  });

  it('carries the whole envelope and the trace context captured when the outbox row was written, into the handler', async () => {
    const bus = await openBus();
    const consumer = consumerName('trace');
    const contract = defineEvent({ type: type('tc'), version: 1, aggregate: 'n', description: 'test', schema: z.object({ n: z.number().int() }) });
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    // Written inside a request of user u1; published later by the relay, outside it.
    const row = runWithWork({ traceparent, tracestate: 'vendor=abc', actor: { type: 'user', id: 'u1' } }, () => outboxEvent(contract, { n: 7 }));
    const received = deferred();
    let handled: { event?: DomainEvent; trace?: string; actor?: unknown } = {};
    await subscribeToContracts(bus, {
      consumer,
      contracts: [contract],
      service: 'consumer-domain',
      handler: async (e) => {
        // The handler runs in the event's trace (a child span): what it writes continues it.
        handled = { event: e, trace: currentWork()?.traceparent, actor: currentWork()?.actor };
        received.resolve();
      },
    });
    await bus.publish([{ id: row.id, type: row.type, version: row.version, source: 'shop', occurredAt: new Date().toISOString(), aggregateId: row.aggregateId, actor: row.actor, traceparent: row.traceparent, tracestate: row.tracestate, data: row.payload }]);
    await received.promise;
    expect(handled.event).toMatchObject({ id: row.id, version: 1, aggregateId: '7', actor: { type: 'user', id: 'u1' }, traceparent, tracestate: 'vendor=abc', data: { n: 7 } });
    expect(handled.trace).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(handled.trace).not.toBe(traceparent);
    expect(handled.actor).toEqual({ type: 'service', id: 'consumer-domain' });
    if (kind === 'rabbitmq') {
      // RabbitMQ also carries it in the message headers, where tracing tools look for it.
      const connection = await amqp.connect(RABBITMQ_URL);
      try {
        const channel = await connection.createChannel();
        const { queue } = await channel.assertQueue('', { exclusive: true });
        await channel.bindQueue(queue, exchange, type('tc'));
        await bus.publish([{ ...event(type('tc'), { n: 8 }), version: 1, traceparent, tracestate: 'vendor=abc' }]);
        const message = await vi.waitFor(async () => {
          const got = await channel.get(queue, { noAck: true });
          if (got === false) throw new Error('not yet');
          return got;
        });
        expect(message.properties.headers).toMatchObject({ traceparent, tracestate: 'vendor=abc', 'x-omnicart-version': 1 });
      } finally {
        await connection.close();
      }
    }
  });

  it('runs up to `concurrency` handlers of one subscription at once', async () => {
    const bus = await openBus();
    const allRunning = deferred();
    let started = 0;
    const got = recorder(async () => {
      if (++started === 3) allRunning.resolve();
      await allRunning.promise;
    });
    await bus.subscribe({ consumer: consumerName('parallel'), types: [type('p')], handler: got.handler, concurrency: 3 });
    await bus.publish(Array.from({ length: 7 }, (_, n) => event(type('p'), { n })));
    await got.received(7);
    expect(started).toBe(7);
  });

  it.runIf(kind === 'postgres')('takes over at once the events a dead process had claimed, without waiting for the lease', async () => {
    const bus = await openBus();
    const consumer = consumerName('takeover');
    const setup = await bus.subscribe({ consumer, types: [type('t')], handler: async () => undefined });
    await setup.stop();
    const orphan = event(type('t'), { n: 1 });
    await bus.publish([orphan]);
    // As a process that claimed it and died would leave it: leased for an hour, by a worker
    // whose session (and so advisory lock) is gone.
    await database.pool.query(
      `UPDATE events.deliveries SET claimed_by = 7, attempts = 1, visible_at = now() + interval '1 hour' WHERE consumer = $1`,
      [consumer],
    );
    const got = recorder();
    await bus.subscribe({ consumer, types: [type('t')], handler: got.handler });
    await got.received(1);
    expect(got.events).toEqual([orphan]);
  });

  it.runIf(kind === 'postgres')('hands the events of a worker that died mid-handler to another one when its lease ends', async () => {
    const env = loadEnv({ NODE_ENV: 'test', EVENTS_POLL_MS: '50' });
    const crashed = await createEventBus({ pollMs: env.EVENTS_POLL_MS, pool: database.pool, logger: logs.logger, retry: RETRY, leaseMs: 200 });
    buses.push(crashed);
    const consumer = consumerName('lease');
    const hang = deferred();
    const stuck = recorder(() => hang.promise); // never acknowledges, like a process that died
    await crashed.subscribe({ consumer, types: [type('e')], handler: stuck.handler });
    const lost = event(type('e'));
    await crashed.publish([lost]);
    await stuck.received(1);

    const survivor = await openBus();
    const got = recorder();
    await survivor.subscribe({ consumer, types: [type('e')], handler: got.handler });
    await got.received(1);
    expect(got.events).toEqual([lost]);
    hang.resolve();
  });

  it('hands ready events to a batchHandler at once (PostgreSQL), and one by one to handler after it throws', async () => {
    const bus = await openBus();
    const consumer = consumerName('batches');
    const batches: string[][] = [];
    const single = recorder((e) => {
      if (e.data.poison) throw new Error('poison');
    });
    const subscription = await bus.subscribe({ consumer, types: [type('bt')], handler: async () => undefined });
    await subscription.stop();
    // Published while the consumer is away: all of it is ready at once when it comes back.
    const good = Array.from({ length: 5 }, (_, n) => event(type('bt'), { n }));
    const poisoned = [event(type('bt'), { n: 5 }), event(type('bt'), { poison: true }), event(type('bt'), { n: 7 })];
    await bus.publish(good);
    const back = await bus.subscribe({
      consumer,
      types: [type('bt')],
      maxAttempts: 1,
      handler: single.handler,
      batchHandler: async (events) => {
        batches.push(events.map((e) => e.id));
        if (events.some((e) => e.data.poison)) throw new Error('one of them is poison');
      },
    });
    if (kind === 'postgres') {
      await vi.waitFor(() => expect(batches.flat()).toEqual(good.map((e) => e.id)), { timeout: 10_000, interval: 10 });
      expect(batches[0]).toEqual(good.map((e) => e.id));
      expect(single.events).toEqual([]);
    } else {
      await single.received(5);
    }
    await bus.publish(poisoned);
    await logs.waitFor((line) => line.consumer === consumer && line.msg === 'event dead-lettered after its last attempt');
    const expected = kind === 'postgres' ? poisoned : [...good, ...poisoned];
    await single.received(expected.length);
    // The poisoned batch went through handler one by one: only the poison event is dead.
    expect(single.events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(batches.flat().filter((id) => !good.some((e) => e.id === id)).every((id) => poisoned.some((e) => e.id === id))).toBe(true);
    await back.stop();
    if (kind === 'postgres') {
      const { rows } = await database.pool.query<{ event_id: string; dead: boolean }>('SELECT event_id, dead FROM events.deliveries WHERE consumer = $1', [consumer]);
      expect(rows).toEqual([{ event_id: poisoned[1]!.id, dead: true }]);
    }
  });

  it('rejects a publish once the bus is closed, and close is idempotent', async () => {
    const bus = await openBus();
    await bus.subscribe({ consumer: consumerName('closing'), types: [type('z')], handler: async () => undefined });
    await bus.close();
    await bus.close();
    await expect(bus.publish([event(type('z'))])).rejects.toThrow(/closed/);
  });

  it.runIf(kind === 'rabbitmq')('reconnects after losing the broker and redelivers what was not acknowledged', async () => {
    const bus = await openBus();
    const hooks = rabbitMqTestHooks(bus)!;
    const consumer = consumerName('reconnect');
    const unblock = deferred();
    let first = true;
    const got = recorder(async () => {
      if (first) {
        first = false;
        await unblock.promise;
      }
    });
    await bus.subscribe({ consumer, types: [type('x')], handler: got.handler });
    const inFlight = event(type('x'));
    await bus.publish([inFlight]);
    await got.received(1);

    await hooks.dropConnection();
    // Not confirmed, so not accepted: the outbox keeps such rows for a later run.
    await expect(bus.publish([event(type('x'))])).rejects.toThrow(/not connected/);
    unblock.resolve(); // its ack goes nowhere: the broker redelivers it
    await hooks.connected();
    await got.received(2);
    expect(got.events[1]).toEqual(inFlight);

    const after = event(type('x'));
    await bus.publish([after]);
    await got.received(3);
    expect(got.events[2]).toEqual(after);
  });

  it.runIf(kind === 'rabbitmq')('prefixes its exchange and queues with EVENTS_NAMESPACE', async () => {
    const namespace = `ns${RUN}`;
    const env = loadEnv({ NODE_ENV: 'test', RABBITMQ_URL, EVENTS_NAMESPACE: namespace });
    const bus = await createEventBus({ rabbitmqUrl: env.RABBITMQ_URL, namespace: env.EVENTS_NAMESPACE, pool: database.pool, logger: logs.logger, retry: RETRY });
    const consumer = `test.${RUN}.namespaced`;
    const connection = await amqp.connect(RABBITMQ_URL);
    try {
      const got = recorder();
      await bus.subscribe({ consumer, types: [type('n')], handler: got.handler });
      const one = event(type('n'));
      await bus.publish([one]);
      await got.received(1);
      expect(got.events).toEqual([one]);
      const channel = await connection.createChannel();
      await expect(channel.checkQueue(`${namespace}.${consumer}`)).resolves.toMatchObject({ queue: `${namespace}.${consumer}` });
      await expect(channel.checkExchange(`${namespace}.omnicart.events`)).resolves.toBeDefined();
    } finally {
      await bus.close();
      const channel = await connection.createChannel();
      for (const queue of [`${namespace}.${consumer}`, deadQueueName(`${namespace}.${consumer}`)]) await channel.deleteQueue(queue);
      await channel.deleteExchange(`${namespace}.omnicart.events`);
      await connection.close();
    }
  });

  it.runIf(kind === 'rabbitmq')('recovers a consumer whose channel the broker closed, and the event comes back', async () => {
    const bus = await openBus();
    const consumer = consumerName('channel');
    // A delay queue declared with other arguments: parking the failed event closes the channel.
    const connection = await amqp.connect(RABBITMQ_URL);
    try {
      const channel = await connection.createChannel();
      await channel.assertQueue(retryQueueName(consumer, RETRY.initialDelayMs), { durable: true });
    } finally {
      await connection.close();
    }
    let calls = 0;
    const got = recorder(() => {
      if (++calls === 1) throw new Error('first call fails');
    });
    await bus.subscribe({ consumer, types: [type('k')], handler: got.handler });
    const once = event(type('k'));
    await bus.publish([once]);
    await logs.waitFor((line) => line.consumer === consumer && line.msg === 'could not schedule a redelivery; requeueing');
    await got.received(2);
    expect(got.events).toEqual([once, once]);
    const next = event(type('k'));
    await bus.publish([next]);
    await got.received(3);
    expect(got.events[2]).toEqual(next);
  });

  it.runIf(kind === 'postgres')('keeps delivering after its LISTEN connection is killed', async () => {
    const bus = await openBus();
    const got = recorder();
    await bus.subscribe({ consumer: consumerName('listener'), types: [type('l')], handler: got.handler });
    const { rows } = await database.pool.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE application_name = 'omnicart-events-listener' AND datname = current_database()`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const events = [event(type('l')), event(type('l'))];
    await bus.publish(events);
    await got.received(2);
    expect(got.events).toEqual(events);
  });

  it.runIf(kind === 'postgres')('acknowledges handled events (deletes their rows) while a handler still runs, and after a quiet batch', async () => {
    const bus = await openBus();
    const consumer = consumerName('acks');
    const hang = deferred();
    const got = recorder(async (e) => {
      if (e.data.hang) await hang.promise;
    });
    await bus.subscribe({ consumer, types: [type('ack')], handler: got.handler, concurrency: 2 });
    const stuck = event(type('ack'), { hang: true });
    // Published one by one, so the stuck one holds a slot while the others go through the other.
    await bus.publish([stuck]);
    await got.received(1);
    const quick = Array.from({ length: 3 }, (_, n) => event(type('ack'), { n }));
    for (const e of quick) await bus.publish([e]);
    await got.received(4);
    const remaining = async () =>
      (await database.pool.query<{ event_id: string }>('SELECT event_id FROM events.deliveries WHERE consumer = $1', [consumer])).rows.map((r) => r.event_id);
    await vi.waitFor(async () => expect(await remaining()).toEqual([stuck.id]), { timeout: 10_000, interval: 10 });
    hang.resolve();
    await vi.waitFor(async () => expect(await remaining()).toEqual([]), { timeout: 10_000, interval: 10 });
  });

  it.runIf(kind === 'postgres')('keeps one pending delivery per consumer when an event is published twice', async () => {
    const bus = await openBus();
    const consumer = consumerName('twice');
    const subscription = await bus.subscribe({ consumer, types: [type('t')], handler: async () => undefined });
    await subscription.stop();
    const once = event(type('t'));
    await bus.publish([once]);
    await bus.publish([once, once]);
    const { rows } = await database.pool.query<{ count: string }>('SELECT count(*) FROM events.deliveries WHERE consumer = $1', [consumer]);
    expect(rows[0]?.count).toBe('1');
  });

  describe('with the outbox relay', () => {
    /** A domain schema with the outbox table every emitting domain has. */
    async function outboxSchema(): Promise<string> {
      const schema = `shop_${randomBytes(4).toString('hex')}`;
      await database.pool.query(`
        CREATE SCHEMA "${schema}";
        CREATE TABLE "${schema}"."outbox_events" (
            "id" UUID NOT NULL,
            "type" TEXT NOT NULL,
            "version" INTEGER NOT NULL DEFAULT 1,
            "aggregate_id" TEXT NOT NULL DEFAULT '',
            "actor" JSONB,
            "traceparent" TEXT,
            "tracestate" TEXT,
            "payload" JSONB NOT NULL,
            "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
            "published_at" TIMESTAMPTZ(3),
            "attempts" INTEGER NOT NULL DEFAULT 0,
            CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
        );
        CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "${schema}"."outbox_events"("published_at", "occurred_at");`);
      return schema;
    }

    /** Inserts rows as a domain transaction would, 1 ms apart so their order is known. */
    async function insertOutbox(schema: string, rows: OutboxEventRow[]): Promise<Date[]> {
      const base = Date.UTC(2026, 10, 22, 1, 0, 0, 0) + sequence++ * 1_000;
      const times = rows.map((_, index) => new Date(base + index));
      for (const [index, row] of rows.entries()) {
        await database.pool.query(
          `INSERT INTO "${schema}".outbox_events (id, type, version, aggregate_id, payload, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [row.id, row.type, row.version, row.aggregateId, JSON.stringify(row.payload), times[index]],
        );
      }
      return times;
    }

    async function outboxState(schema: string) {
      const { rows } = await database.pool.query<{ id: string; published: boolean; attempts: number }>(
        `SELECT id, published_at IS NOT NULL AS published, attempts FROM "${schema}".outbox_events ORDER BY occurred_at`,
      );
      return rows;
    }

    it('publishes the rows a domain wrote, on kick(), and marks them published', async () => {
      const bus = await openBus();
      const schema = await outboxSchema();
      const got = recorder();
      await bus.subscribe({ consumer: consumerName('outbox'), types: [type('o1'), type('o2')], handler: got.handler });
      // A minute between polls: only kick() can make this test pass in time.
      const relay = relayOf({ pool: database.pool, schema, source: 'shop', bus, logger: logs.logger, pollMs: 60_000 });
      const rows = [newOutboxEvent(type('o1'), { n: 1 }), newOutboxEvent(type('o2'), { n: 2 }), newOutboxEvent(type('o1'), { n: 3 })];
      const times = await insertOutbox(schema, rows);
      relay.kick();
      await got.received(3);
      await relay.stop();

      // The whole envelope: no request made these rows, so no actor and no trace context.
      expect(got.events).toEqual(
        rows.map((row, index) => ({
          id: row.id,
          type: row.type,
          version: 1,
          source: 'shop',
          occurredAt: times[index]!.toISOString(),
          aggregateId: String(row.payload.n),
          actor: null,
          data: row.payload,
        })),
      );
      expect(await outboxState(schema)).toEqual(rows.map((row) => ({ id: row.id, published: true, attempts: 0 })));
    });

    it('leaves rows unpublished when the bus refuses them and publishes them on a later run', async () => {
      const bus = await openBus();
      const schema = await outboxSchema();
      const consumer = consumerName('outbox-retry');
      const got = recorder();
      await bus.subscribe({ consumer, types: [type('o3')], handler: got.handler });
      let refuse = true;
      const refused = deferred();
      const flaky: EventBus = {
        kind: bus.kind,
        async publish(events, options) {
          if (refuse) {
            refused.resolve();
            throw new Error('broker unavailable');
          }
          return bus.publish(events, options);
        },
        subscribe: (options) => bus.subscribe(options),
        close: () => bus.close(),
      };
      const rows = [newOutboxEvent(type('o3'), { n: 1 }), newOutboxEvent(type('o3'), { n: 2 })];
      const times = await insertOutbox(schema, rows);
      // Its own producer name: the outbox gauges are per producing service.
      const source = `shop_${kind}_lag`;

      const down = relayOf({ pool: database.pool, schema, source, bus: flaky, logger: logs.logger, pollMs: 60_000 });
      down.kick();
      await refused.promise;
      // A scrape now reports the backlog and the age of its oldest row (written at times[0]).
      expect(await scraped('outbox_unpublished_events', source)).toBe(2);
      const age = await scraped('outbox_oldest_unpublished_age_seconds', source);
      expect(Math.abs(age! - (Date.now() - times[0]!.getTime()) / 1000)).toBeLessThan(5);
      await down.stop();
      // A stopped relay's domain is no longer reported.
      expect(await scraped('outbox_unpublished_events', source)).toBeUndefined();
      const afterFailure = await outboxState(schema);
      expect(afterFailure.map((row) => row.published)).toEqual([false, false]);
      expect(afterFailure.every((row) => row.attempts >= 1)).toBe(true);
      if (kind === 'postgres') {
        const { rows: pending } = await database.pool.query('SELECT 1 FROM events.deliveries WHERE consumer = $1', [consumer]);
        expect(pending).toEqual([]);
      }

      refuse = false;
      const up = relayOf({ pool: database.pool, schema, source, bus: flaky, logger: logs.logger, pollMs: 60_000 });
      up.kick();
      await got.received(2);
      await expect.poll(() => scraped('outbox_oldest_unpublished_age_seconds', source)).toBe(0);
      expect(await scraped('outbox_unpublished_events', source)).toBe(0);
      await up.stop();
      expect(got.events.map((e) => e.id)).toEqual(rows.map((row) => row.id));
      expect((await outboxState(schema)).map((row) => row.published)).toEqual([true, true]);
    });

    it('prunes rows published more than a day ago, and only those', async () => {
      const bus = await openBus();
      const schema = await outboxSchema();
      const rows = [newOutboxEvent(type('o5'), { n: 1 }), newOutboxEvent(type('o5'), { n: 2 }), newOutboxEvent(type('o5'), { n: 3 })];
      await insertOutbox(schema, rows);
      await database.pool.query(`UPDATE "${schema}".outbox_events SET published_at = now() - interval '25 hours' WHERE id = $1`, [rows[0]!.id]);
      await database.pool.query(`UPDATE "${schema}".outbox_events SET published_at = now() - interval '23 hours' WHERE id = $1`, [rows[1]!.id]);
      // Its first run publishes the third row and prunes; stop() waits for that run.
      const relay = relayOf({ pool: database.pool, schema, source: 'shop', bus, logger: logs.logger, pollMs: 60_000 });
      await relay.stop();
      expect((await outboxState(schema)).map((row) => [row.id, row.published])).toEqual([
        [rows[1]!.id, true],
        [rows[2]!.id, true],
      ]);
    });

    it('coalesces kicks that come within its window into one batch, and flushes them on stop()', async () => {
      const bus = await openBus();
      const schema = await outboxSchema();
      const got = recorder();
      await bus.subscribe({ consumer: consumerName('coalesce'), types: [type('o6')], handler: got.handler });
      const counted = countingPool(database.pool);
      // A window far longer than this test: every kick after the first run waits for it.
      const relay = relayOf({ pool: counted.pool, schema, source: 'shop', bus, logger: logs.logger, pollMs: 60_000, coalesceMs: 600_000 });
      // Its first run (nothing to publish, then the prune check) ends; every kick after it waits.
      await vi.waitFor(() => expect(counted.statements()).toBe(kind === 'postgres' ? 2 : 3), { timeout: 10_000, interval: 5 });
      const rows = Array.from({ length: 20 }, (_, n) => newOutboxEvent(type('o6'), { n }));
      for (const row of rows) {
        await insertOutbox(schema, [row]);
        relay.kick();
      }
      expect((await outboxState(schema)).some((row) => row.published)).toBe(false);
      const before = counted.statements();
      await relay.stop();
      await got.received(20);
      expect(got.events.map((e) => e.id)).toEqual(rows.map((row) => row.id));
      expect((await outboxState(schema)).every((row) => row.published && row.attempts === 0)).toBe(true);
      // One batch for the 20 rows: one statement on PostgreSQL, BEGIN+SELECT and UPDATE+COMMIT otherwise.
      expect(counted.statements() - before).toBe(kind === 'postgres' ? 1 : 2);
    });

    it('lets two relay replicas publish every row exactly once between them', async () => {
      const bus = await openBus();
      const schema = await outboxSchema();
      const got = recorder();
      await bus.subscribe({ consumer: consumerName('replicas'), types: [type('o4')], handler: got.handler });
      const rows = Array.from({ length: 60 }, (_, n) => newOutboxEvent(type('o4'), { n }));
      await insertOutbox(schema, rows);
      const relays = [1, 2].map(() => relayOf({ pool: database.pool, schema, source: 'shop', bus, logger: logs.logger, pollMs: 60_000, batchSize: 5 }));
      for (const relay of relays) relay.kick();
      await got.received(60);
      await Promise.all(relays.map((relay) => relay.stop()));
      // A duplicate would have been published before this one.
      const last = event(type('o4'));
      await bus.publish([last]);
      await got.received(61);

      const ids = got.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(61);
      expect(new Set(ids)).toEqual(new Set([...rows.map((row) => row.id), last.id]));
      expect((await outboxState(schema)).every((row) => row.published && row.attempts === 0)).toBe(true);
    });
  });
});

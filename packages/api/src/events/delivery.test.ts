import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent } from '@omnicart/contracts';
import { runWithWork } from '../runtime/trace.js';
import { inWriteOrder, outboxEvent } from './outbox.js';
import { InvalidEventError, eventOfDelivery, normalizeSubscription, parseEvent, retryDelayMs } from './delivery.js';
import { validatedEvent } from './subscribe.js';

const stockChanged = defineEvent({
  type: 'inventory.stock_changed',
  version: 1,
  aggregate: 'sku',
  description: 'test',
  schema: z.object({ sku: z.string(), available: z.number().int() }),
});

describe('retryDelayMs', () => {
  it('doubles from 1 s and caps at 60 s by default', () => {
    expect([1, 2, 3, 4, 6, 7, 8, 20].map((attempt) => retryDelayMs(attempt))).toEqual([1_000, 2_000, 4_000, 8_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('follows a configured policy and never overflows', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, { initialDelayMs: 20, maxDelayMs: 80 }))).toEqual([20, 40, 80, 80]);
    expect(retryDelayMs(10_000, { initialDelayMs: 1, maxDelayMs: 5 })).toBe(5);
    expect(retryDelayMs(0)).toBe(1_000);
  });
});

describe('normalizeSubscription', () => {
  const handler = async () => undefined;

  it('defaults to 10 attempts and one handler at a time, and drops repeated types', () => {
    expect(normalizeSubscription({ consumer: 'catalog.availability', types: ['a.b', 'a.b', 'a.c'], handler })).toEqual({
      consumer: 'catalog.availability',
      types: ['a.b', 'a.c'],
      handler,
      maxAttempts: 10,
      concurrency: 1,
    });
  });

  it('keeps a batchHandler when one is given', () => {
    const batchHandler = async () => undefined;
    expect(normalizeSubscription({ consumer: 'x', types: ['a'], handler, batchHandler }).batchHandler).toBe(batchHandler);
  });

  it('refuses no types, wildcards, odd consumer names and non-positive limits', () => {
    expect(() => normalizeSubscription({ consumer: 'x', types: [], handler })).toThrow(/no event type/);
    expect(() => normalizeSubscription({ consumer: 'x', types: ['inventory.*'], handler })).toThrow(/Invalid event type/);
    expect(() => normalizeSubscription({ consumer: 'x', types: ['a.#'], handler })).toThrow(/Invalid event type/);
    expect(() => normalizeSubscription({ consumer: 'has space', types: ['a'], handler })).toThrow(/Invalid consumer/);
    expect(() => normalizeSubscription({ consumer: 'x', types: ['a'], handler, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => normalizeSubscription({ consumer: 'x', types: ['a'], handler, concurrency: 1.5 })).toThrow(/concurrency/);
  });
});

describe('parseEvent', () => {
  const event = { id: '3f1e1a52-4d0e-4f7b-9a55-2f6d8f1f0a11', type: 'a.b', source: 'a', occurredAt: '2026-11-22T00:00:00.000Z', data: { n: 1 } };

  it('accepts a DomainEvent and drops unknown fields', () => {
    expect(parseEvent({ ...event, extra: true })).toEqual(event);
  });

  it('refuses anything else', () => {
    expect(() => parseEvent(null)).toThrow();
    expect(() => parseEvent('x')).toThrow();
    expect(() => parseEvent({ ...event, id: 1 })).toThrow(/lacks/);
    expect(() => parseEvent({ ...event, data: [1] })).toThrow(/data/);
  });
});

describe('eventOfDelivery', () => {
  const row = {
    event_id: '3f1e1a52-4d0e-4f7b-9a55-2f6d8f1f0a11',
    type: 'a.b',
    source: 'a',
    occurred_at: new Date('2026-11-22T00:00:00.000Z'),
    payload: { n: 1 },
    version: null,
    aggregate_id: null,
    actor: null,
    traceparent: null,
    tracestate: null,
  };

  it('leaves out the envelope fields an event published before versioned contracts never had', () => {
    expect(JSON.stringify(eventOfDelivery(row))).toBe(
      '{"id":"3f1e1a52-4d0e-4f7b-9a55-2f6d8f1f0a11","type":"a.b","source":"a","occurredAt":"2026-11-22T00:00:00.000Z","data":{"n":1}}',
    );
  });

  it('carries a versioned event whole, a null actor included, and reads back the same through parseEvent', () => {
    const versioned = { ...row, version: 2, aggregate_id: 'sku-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'k=v' };
    const event = eventOfDelivery(versioned);
    expect(event).toEqual({
      id: row.event_id,
      type: 'a.b',
      source: 'a',
      occurredAt: '2026-11-22T00:00:00.000Z',
      data: { n: 1 },
      version: 2,
      aggregateId: 'sku-1',
      actor: null,
      traceparent: versioned.traceparent,
      tracestate: 'k=v',
    });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });
});

describe('outboxEvent', () => {
  it('gives each row a fresh UUID (v7) and keeps the data as the payload', () => {
    const a = outboxEvent(stockChanged, { sku: 'A', available: 3 });
    const b = outboxEvent(stockChanged, { sku: 'A', available: 3 });
    expect(a).toMatchObject({ type: 'inventory.stock_changed', payload: { sku: 'A', available: 3 } });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
  });

  it('carries the contract version, the aggregate, and the actor and trace context of the work that wrote it', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const row = runWithWork({ traceparent, tracestate: 'vendor=1', actor: { type: 'user', id: 'u1' } }, () => outboxEvent(stockChanged, { sku: 'A', available: 3 }));
    expect(row).toMatchObject({ version: 1, aggregateId: 'A', actor: { type: 'user', id: 'u1' }, traceparent, tracestate: 'vendor=1' });
    // Outside any request or job: no actor, no trace.
    expect(outboxEvent(stockChanged, { sku: 'A', available: 3 })).toMatchObject({ actor: null, traceparent: null, tracestate: null });
    expect(outboxEvent(stockChanged, { sku: 'A', available: 3 }, { actor: { type: 'service', id: 'inventory' } }).actor).toEqual({ type: 'service', id: 'inventory' });
  });

  it('gives ids that sort as made, and inWriteOrder restates the order of rows made out of order', () => {
    const first = outboxEvent(stockChanged, { sku: 'A', available: 3 });
    const second = outboxEvent(stockChanged, { sku: 'A', available: 2 });
    expect(first.id < second.id).toBe(true);
    const [own, earlier] = inWriteOrder([second, first]);
    expect(own!.payload).toEqual(second.payload);
    expect(own!.id < earlier!.id).toBe(true);
  });

  it('refuses a payload that does not match its contract before anything is written', () => {
    expect(() => outboxEvent(stockChanged, { sku: 'A', available: 1.5 })).toThrow(/inventory.stock_changed@1.*available/);
  });
});

describe('validatedEvent', () => {
  const delivery = { id: '3f1e1a52-4d0e-4f7b-9a55-2f6d8f1f0a11', type: 'inventory.stock_changed', source: 'inventory', occurredAt: '2026-11-22T00:00:00.000Z' };

  it('hands over the full envelope, reading an event without a version as version 1', () => {
    expect(validatedEvent({ ...delivery, data: { sku: 'A', available: 2, extra: 1 } }, [stockChanged], 'catalog.availability')).toEqual({
      ...delivery,
      version: 1,
      aggregateId: '',
      actor: null,
      traceparent: null,
      tracestate: null,
      data: { sku: 'A', available: 2 },
    });
  });

  it('refuses an event that fails its contract, an unknown version and a foreign type, with the reason', () => {
    const refuse = (event: Parameters<typeof validatedEvent>[0]) => () => validatedEvent(event, [stockChanged], 'catalog.availability');
    expect(refuse({ ...delivery, data: { sku: 'A', available: 'many' } })).toThrow(InvalidEventError);
    expect(refuse({ ...delivery, data: { sku: 'A', available: 'many' } })).toThrow(/available/);
    expect(refuse({ ...delivery, version: 2, data: { sku: 'A', available: 1 } })).toThrow(/inventory.stock_changed@2 is not a contract catalog.availability understands \(it reads inventory.stock_changed@1\)/);
    expect(refuse({ ...delivery, type: 'orders.order_paid', data: {} })).toThrow(InvalidEventError);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkEventData, contractKey, defineEvent } from './events.js';

const orderPaid = defineEvent({
  type: 'orders.order_paid',
  version: 1,
  aggregate: 'orderId',
  description: 'test',
  schema: z.object({ orderId: z.uuid(), total: z.number().int() }),
});

describe('defineEvent', () => {
  it('derives the source from the type and freezes the contract', () => {
    expect(orderPaid.source).toBe('orders');
    expect(contractKey(orderPaid)).toBe('orders.order_paid@1');
    expect(Object.isFrozen(orderPaid)).toBe(true);
  });

  it('refuses a type that does not read <domain>.<fact>, a bad version and an unknown aggregate field', () => {
    const schema = z.object({ id: z.string() });
    expect(() => defineEvent({ type: 'OrderPaid', version: 1, aggregate: 'id', description: '', schema })).toThrow(/<domain>.<fact>/);
    expect(() => defineEvent({ type: 'orders.paid', version: 0, aggregate: 'id', description: '', schema })).toThrow(/version/);
    // @ts-expect-error -- the aggregate must be a payload field
    expect(() => defineEvent({ type: 'orders.paid', version: 1, aggregate: 'orderId', description: '', schema })).toThrow(/aggregate/);
  });
});

describe('checkEventData', () => {
  it('returns the parsed payload, dropping fields the contract does not know', () => {
    const id = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
    expect(checkEventData(orderPaid, { orderId: id, total: 5, extra: true })).toEqual({ ok: true, data: { orderId: id, total: 5 } });
  });

  it('names every bad field in the reason', () => {
    const result = checkEventData(orderPaid, { orderId: 'nope', total: 1.5 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('orders.order_paid@1');
      expect(result.reason).toContain('orderId');
      expect(result.reason).toContain('total');
    }
  });
});

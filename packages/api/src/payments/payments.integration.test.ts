import { PERMISSIONS } from '@omnicart/contracts';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDomain } from '@omnicart/db';
import { createTestDatabase, type TestDatabase } from '@omnicart/db/testing';
import type { DomainEvent, EventBus } from '../events/index.js';
import type { AuthUser } from '../runtime/auth.js';
import { loadEnv, type PlatformEnv as Env } from '../platform/index.js';
import { DomainError, type DomainErrorCode } from '../runtime/errors.js';
import { createLogger } from '../runtime/logger.js';
import { renderMetrics } from '../runtime/metrics.js';
import { startService, type RunningService } from '../runtime/server.js';
import { callService, createServiceClient } from '../runtime/service-client.js';
import { startStripeSimulator, type StripeSimulator } from '../stripe-simulator/index.js';
import { createTestKeys, type TestKeys } from '../testing/fakes.js';
import type { PaymentsRouter } from './index.js';
import { createPaymentsDomain } from './index.js';
import { paymentsEvents } from './events.js';
import { expectDeclared, outboxRows } from '../testing/outbox.test-support.js';

const SECRET = 'whsec_payments_integration_secret';
const ADMIN: AuthUser = { id: '00000000-0000-4000-8000-000000000001', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const CUSTOMER: AuthUser = { id: '00000000-0000-4000-8000-000000000002', email: 'demo@omnicart.test', role: 'customer', staffRole: null, permissions: [] };

let database: TestDatabase;
let pool: pg.Pool;
let simulator: StripeSimulator;
let service: RunningService;
let env: Env;
let keys: TestKeys;
let payments: ReturnType<typeof createServiceClient<PaymentsRouter>>;
let webhookUrl: string;
const published: DomainEvent[] = [];
/** SQL the service sent through pool.query (the hot paths never take a pooled client). */
let statements: string[] | null = null;

/** Records what the outbox relay publishes; this file asserts on the outbox rows themselves. */
const recordingBus: EventBus = {
  kind: 'postgres',
  publish: async (events) => {
    published.push(...events);
  },
  subscribe: async () => ({ stop: async () => undefined }),
  close: async () => undefined,
};

beforeAll(async () => {
  database = await createTestDatabase('payments', { poolMax: 10 });
  pool = database.pool;
  await migrateDomain(pool, 'payments');
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const first = args[0];
    const text = typeof first === 'string' ? first : String((first as { text?: unknown } | undefined)?.text ?? '');
    // The outbox relay's pruning is not the payment's work.
    if (statements && !/published_at\s*</.test(text)) statements.push(text);
    return query(...args);
  }) as typeof pool.query;
  simulator = await startStripeSimulator({ port: 0, webhookSecret: SECRET, webhookBackoffMs: 10 });
  env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_URL: simulator.url, EVENTS_POLL_MS: '50' });
  keys = await createTestKeys();
  service = await startService({
    domains: await createPaymentsDomain(),
    host: '127.0.0.1',
    pool,
    logger: createLogger({ level: 'silent' }),
    verifier: keys.verifier,
    env,
    events: recordingBus,
  });
  webhookUrl = `${service.url('payments')}/webhooks/stripe`;
  simulator.setWebhookUrl(webhookUrl);
  payments = createServiceClient<PaymentsRouter>({ url: () => service.url('payments'), caller: 'orders', token: env.SERVICE_TOKEN });
});

afterAll(async () => {
  await service?.stop(1_000);
  await simulator?.stop();
  await database?.drop();
});

beforeEach(async () => {
  simulator.setWebhookUrl(webhookUrl);
  await simulator.webhooksIdle();
});

const stripe = () => {
  const url = new URL(simulator.url);
  return new Stripe('sk_test_payments_tests', { host: url.hostname, port: Number(url.port), protocol: 'http', httpClient: Stripe.createNodeHttpClient() });
};

const charge = (orderId: string, paymentMethod = 'pm_card_visa', amount = 5_000) =>
  callService('payments', () => payments.charge.mutate({ orderId, amount, currency: 'USD', paymentMethod, customerEmail: 'demo@omnicart.test' }));
const getForOrder = (orderId: string) => callService('payments', () => payments.getForOrder.query({ orderId }));
const refund = (orderId: string, amount?: number) => callService('payments', () => payments.refund.mutate({ orderId, ...(amount === undefined ? {} : { amount }) }));
const cancel = (orderId: string) => callService('payments', () => payments.cancel.mutate({ orderId }));

async function failure(promise: Promise<unknown>): Promise<{ code: DomainErrorCode; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, message: (error as DomainError).message };
  }
  throw new Error('expected the call to fail');
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(sql, params);
  return Number(rows[0]!.count);
}
const outboxCount = (type: string, orderId: string) =>
  count(`SELECT count(*) FROM payments.outbox_events WHERE type = $1 AND payload->>'orderId' = $2`, [type, orderId]);
const intentsForOrder = (orderId: string) => [...simulator.engine.intents.values()].filter((intent) => intent.metadata.order_id === orderId);
const row = async (orderId: string) =>
  (await pool.query<{ status: string; intent_id: string | null; amount_refunded: number; decline_code: string | null; updated_at: Date }>(
    'SELECT status, intent_id, amount_refunded, decline_code, updated_at FROM payments.payments WHERE order_id = $1',
    [orderId],
  )).rows[0];

async function postWebhook(payload: string, signature: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A requires_action payment whose success event exists at the simulator but was not delivered. */
async function undeliveredSuccess(orderId: string): Promise<string> {
  await charge(orderId, 'pm_card_authenticationRequired');
  simulator.setWebhookUrl(undefined);
  const intent = intentsForOrder(orderId)[0]!;
  await fetch(`${simulator.url}/_simulator/payment_intents/${intent.id}/authenticate`, { method: 'POST' });
  simulator.setWebhookUrl(webhookUrl);
  const event = [...simulator.engine.events.values()].find((item) => item.type === 'payment_intent.succeeded' && item.data.object.id === intent.id)!;
  return JSON.stringify(event);
}

describe('charge', () => {
  it('charges pm_card_visa: succeeded, the row and one payment_succeeded event', async () => {
    const orderId = randomUUID();
    const result = await charge(orderId);
    expect(result).toMatchObject({ status: 'succeeded', declineCode: null, message: null, intentId: expect.stringMatching(/^pi_/) });
    expect(await row(orderId)).toMatchObject({ status: 'succeeded', intent_id: result.intentId });
    await simulator.webhooksIdle();
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(1);
    const payment = await getForOrder(orderId);
    expect(payment).toMatchObject({ orderId, paymentId: result.paymentId, status: 'succeeded', amount: 5_000, amountRefunded: 0, currency: 'USD' });
    const intent = await stripe().paymentIntents.retrieve(result.intentId!);
    expect(intent).toMatchObject({ amount: 5_000, currency: 'usd', metadata: { order_id: orderId }, status: 'succeeded' });
  });

  it('reports a generic decline as failed with its decline code, not as an error', async () => {
    const orderId = randomUUID();
    const result = await charge(orderId, 'pm_card_chargeDeclined');
    expect(result).toMatchObject({ status: 'failed', declineCode: 'generic_decline', message: 'Your card was declined.', intentId: expect.stringMatching(/^pi_/) });
    await simulator.webhooksIdle();
    expect(await row(orderId)).toMatchObject({ status: 'failed', decline_code: 'generic_decline' });
    expect(await outboxCount('payments.payment_failed', orderId)).toBe(1);
    // Asking again changes nothing and charges nothing.
    expect(await charge(orderId, 'pm_card_chargeDeclined')).toMatchObject({ status: 'failed', intentId: result.intentId });
    expect(intentsForOrder(orderId)).toHaveLength(1);
  });

  it('reports insufficient funds with decline code insufficient_funds', async () => {
    const result = await charge(randomUUID(), 'pm_card_chargeDeclinedInsufficientFunds');
    expect(result).toMatchObject({ status: 'failed', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' });
  });

  it('reports requires_action for pm_card_authenticationRequired; the webhook settles it after authentication', async () => {
    const orderId = randomUUID();
    const result = await charge(orderId, 'pm_card_authenticationRequired');
    expect(result).toMatchObject({ status: 'requires_action', declineCode: null });
    expect((await getForOrder(orderId))?.status).toBe('requires_action');
    await fetch(`${simulator.url}/_simulator/payment_intents/${result.intentId}/authenticate`, { method: 'POST' });
    await simulator.webhooksIdle();
    expect(await row(orderId)).toMatchObject({ status: 'succeeded' });
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(1);
  });

  it('reports an unknown payment method as a failed payment', async () => {
    const result = await charge(randomUUID(), 'pm_card_doesNotExist');
    expect(result).toMatchObject({ status: 'failed', declineCode: 'resource_missing', intentId: null });
  });

  it('never charges one order twice, however often and concurrently it is asked', async () => {
    const orders = Array.from({ length: 5 }, () => randomUUID());
    // Five orders at once, each charged by ten concurrent callers.
    const byOrder = await Promise.all(orders.map((orderId) => Promise.all(Array.from({ length: 10 }, () => charge(orderId)))));
    await simulator.webhooksIdle();
    for (const [index, orderId] of orders.entries()) {
      const results = byOrder[index]!;
      expect(new Set(results.map((result) => result.intentId)).size).toBe(1);
      expect(new Set(results.map((result) => result.paymentId)).size).toBe(1);
      expect(results.every((result) => result.status === 'succeeded')).toBe(true);
      expect((await charge(orderId)).intentId).toBe(results[0]!.intentId);
      expect(intentsForOrder(orderId)).toHaveLength(1);
      expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(1);
      expect(await count('SELECT count(*) FROM payments.payments WHERE order_id = $1', [orderId])).toBe(1);
    }
  });

  it('refuses a second charge of the same order for another amount', async () => {
    const orderId = randomUUID();
    await charge(orderId, 'pm_card_visa', 1_000);
    expect(await failure(charge(orderId, 'pm_card_visa', 2_000))).toMatchObject({ code: 'CONFLICT' });
  });

  it('stays pending when Stripe is unreachable (UNAVAILABLE) and a later call completes the same intent', async () => {
    const orderId = randomUUID();
    // The SDK tries 3 times (maxNetworkRetries 2); every attempt loses its connection.
    await fetch(`${simulator.url}/_simulator/faults`, { method: 'POST', body: 'mode=drop&count=3' });
    expect(await failure(charge(orderId))).toMatchObject({ code: 'UNAVAILABLE' });
    expect(await row(orderId)).toMatchObject({ status: 'pending', intent_id: null });
    expect(intentsForOrder(orderId)).toHaveLength(0);
    expect(await charge(orderId)).toMatchObject({ status: 'succeeded' });
    expect(intentsForOrder(orderId)).toHaveLength(1);
  });

  it('resolves a charge whose answer was lost after Stripe ran it, without a second intent', async () => {
    const orderId = randomUUID();
    simulator.setWebhookUrl(undefined);
    await fetch(`${simulator.url}/_simulator/faults`, { method: 'POST', body: 'mode=drop_after&count=3' });
    expect(await failure(charge(orderId))).toMatchObject({ code: 'UNAVAILABLE' });
    expect(await row(orderId)).toMatchObject({ status: 'pending', intent_id: null });
    expect(intentsForOrder(orderId)).toHaveLength(1);
    // getForOrder retries the same idempotency key: Stripe replays the first answer.
    const payment = await getForOrder(orderId);
    expect(payment).toMatchObject({ status: 'succeeded', intentId: intentsForOrder(orderId)[0]!.id });
    expect(intentsForOrder(orderId)).toHaveLength(1);
  });

  it('keeps internal procedures away from callers without the service token', async () => {
    const response = await fetch(`${service.url('payments')}/trpc/charge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: randomUUID(), amount: 100, currency: 'USD', paymentMethod: 'pm_card_visa' }),
    });
    expect(response.status).toBe(404);
  });
});

describe('refund', () => {
  it('refunds partially, refuses more than the rest, then refunds the rest', async () => {
    const orderId = randomUUID();
    await charge(orderId);
    const partial = await refund(orderId, 1_000);
    expect(partial).toMatchObject({ refundId: expect.stringMatching(/^re_/), amount: 1_000, amountRefunded: 1_000, status: 'succeeded' });
    const over = await failure(refund(orderId, 4_001));
    expect(over.code).toBe('VALIDATION_FAILED');
    expect(over.message).toContain('4000');
    const rest = await refund(orderId);
    expect(rest).toMatchObject({ amount: 4_000, amountRefunded: 5_000 });
    expect(await failure(refund(orderId, 1))).toMatchObject({ code: 'VALIDATION_FAILED' });
    // "Refund the rest" again is a retry: the last refund, nothing new.
    expect(await refund(orderId)).toMatchObject({ refundId: rest.refundId, amountRefunded: 5_000 });
    await simulator.webhooksIdle();
    const charge_ = await stripe().charges.retrieve(intentsForOrder(orderId)[0]!.latest_charge!);
    expect(charge_.amount_refunded).toBe(5_000);
    expect(await row(orderId)).toMatchObject({ amount_refunded: 5_000, status: 'succeeded' });
    expect(await count('SELECT count(*) FROM payments.refunds r JOIN payments.payments p ON p.id = r.payment_id WHERE p.order_id = $1', [orderId])).toBe(2);
    // One event per increase, whether the refund call or the charge.refunded webhook recorded it first.
    expect(await outboxCount('payments.charge_refunded', orderId)).toBe(2);
  });

  it('refunds in full in one call', async () => {
    const orderId = randomUUID();
    await charge(orderId, 'pm_card_mastercard', 2_500);
    expect(await refund(orderId)).toMatchObject({ amount: 2_500, amountRefunded: 2_500 });
  });

  it('runs concurrent partial refunds one after another and never beyond the captured amount', async () => {
    const orderId = randomUUID();
    await charge(orderId, 'pm_card_visa', 3_000);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => refund(orderId, 1_000)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(await row(orderId)).toMatchObject({ amount_refunded: 3_000 });
  });

  it('refuses to refund a failed payment or an order without payment (INVALID_STATE)', async () => {
    const declined = randomUUID();
    await charge(declined, 'pm_card_chargeDeclined');
    expect(await failure(refund(declined))).toMatchObject({ code: 'INVALID_STATE' });
    expect(await failure(refund(randomUUID()))).toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('cancel', () => {
  it('cancels an uncaptured intent once, and a later charge is refused', async () => {
    const orderId = randomUUID();
    const charged = await charge(orderId, 'pm_card_authenticationRequired');
    expect(await cancel(orderId)).toMatchObject({ status: 'canceled' });
    expect(await cancel(orderId)).toMatchObject({ status: 'canceled' });
    expect((await stripe().paymentIntents.retrieve(charged.intentId!)).status).toBe('canceled');
    await simulator.webhooksIdle();
    expect(await outboxCount('payments.payment_canceled', orderId)).toBe(1);
    expect(await failure(charge(orderId, 'pm_card_authenticationRequired'))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('refunds a payment Stripe ran after its order payment was canceled (the answer had been lost)', async () => {
    const orderId = randomUUID();
    simulator.setWebhookUrl(undefined);
    await fetch(`${simulator.url}/_simulator/faults`, { method: 'POST', body: 'mode=drop_after&count=3' });
    expect(await failure(charge(orderId))).toMatchObject({ code: 'UNAVAILABLE' });
    expect(await cancel(orderId)).toMatchObject({ status: 'canceled', intentId: null });
    expect(await failure(charge(orderId))).toMatchObject({ code: 'INVALID_STATE' });
    const intent = intentsForOrder(orderId)[0]!;
    const event = [...simulator.engine.events.values()].find((item) => item.type === 'payment_intent.succeeded' && item.data.object.id === intent.id)!;
    simulator.setWebhookUrl(webhookUrl);
    await fetch(`${simulator.url}/_simulator/events/${event.id}/redeliver`, { method: 'POST', body: 'times=1' });
    await simulator.webhooksIdle();
    expect(await row(orderId)).toMatchObject({ status: 'canceled', intent_id: intent.id });
    expect((await stripe().charges.retrieve(intent.latest_charge!)).amount_refunded).toBe(5_000);
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(0);
    expect(await outboxCount('payments.charge_refunded', orderId)).toBe(0);
  });

  it('refuses to cancel a captured payment and answers null for an order without payment', async () => {
    const orderId = randomUUID();
    await charge(orderId);
    expect(await failure(cancel(orderId))).toMatchObject({ code: 'INVALID_STATE' });
    expect(await cancel(randomUUID())).toBeNull();
  });
});

describe('webhooks', () => {
  it('refuses a bad signature with 400 and changes nothing', async () => {
    const orderId = randomUUID();
    const payload = await undeliveredSuccess(orderId);
    const before = await row(orderId);
    const events = await count('SELECT count(*) FROM payments.webhook_events');
    const forged = stripe().webhooks.generateTestHeaderString({ payload, secret: 'whsec_not_the_secret' });
    const response = await postWebhook(payload, forged);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await postWebhook(payload, '')).status).toBe(400);
    const tampered = stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET });
    // Signed for the original bytes, delivered with an edited amount.
    const edited = payload.replace(/"amount":\s?5000/, '"amount":1');
    expect(edited).not.toBe(payload);
    expect((await postWebhook(edited, tampered)).status).toBe(400);
    expect(await row(orderId)).toEqual(before);
    expect(before?.status).toBe('requires_action');
    expect(await count('SELECT count(*) FROM payments.webhook_events')).toBe(events);
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(0);
    expect(await outboxCount('payments.charge_refunded', orderId)).toBe(0);
  });

  it('refuses a correctly signed event with a stale timestamp', async () => {
    const orderId = randomUUID();
    const payload = await undeliveredSuccess(orderId);
    const stale = stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - env.STRIPE_WEBHOOK_TOLERANCE_SECONDS - 60 });
    const response = await postWebhook(payload, stale);
    expect(response.status).toBe(400);
    expect(String((response.body.error as { message: string }).message)).toMatch(/tolerance/i);
    expect(await row(orderId)).toMatchObject({ status: 'requires_action' });
  });

  it('refuses a correctly signed event timestamped beyond the tolerance in the future', async () => {
    const orderId = randomUUID();
    const payload = await undeliveredSuccess(orderId);
    const events = await count('SELECT count(*) FROM payments.webhook_events');
    const future = stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) + env.STRIPE_WEBHOOK_TOLERANCE_SECONDS + 60 });
    const response = await postWebhook(payload, future);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(String((response.body.error as { message: string }).message)).toMatch(/tolerance/i);
    expect(await row(orderId)).toMatchObject({ status: 'requires_action' });
    expect(await count('SELECT count(*) FROM payments.webhook_events')).toBe(events);
    // A little clock skew is fine: the same event signed 60 s ahead applies.
    const skewed = stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(await postWebhook(payload, skewed)).toMatchObject({ status: 200, body: { received: true, changed: true } });
    expect(await row(orderId)).toMatchObject({ status: 'succeeded' });
  });

  describe('a correctly signed event that disagrees with our payment', () => {
    /** The undelivered success event, edited as another Stripe object would be, under a new event id. */
    async function disagreeing(orderId: string, edit: (intent: Record<string, unknown>) => void): Promise<{ payload: string; eventId: string; original: string }> {
      const original = await undeliveredSuccess(orderId);
      const event = JSON.parse(original) as { id: string; data: { object: Record<string, unknown> } };
      event.id = `evt_${randomUUID().replaceAll('-', '')}`;
      edit(event.data.object);
      return { payload: JSON.stringify(event), eventId: event.id, original };
    }
    const sign = (payload: string) => stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const recorded = async (eventId: string) =>
      (await pool.query<{ mismatch: string[] | null }>('SELECT mismatch FROM payments.webhook_events WHERE id = $1', [eventId])).rows[0];
    async function mismatchCount(field: string): Promise<number> {
      const { body } = await renderMetrics();
      const line = body.split('\n').find((text) => text.startsWith('payments_webhook_mismatch_total{') && text.includes(`field="${field}"`));
      return line ? Number(line.split(' ').pop()) : 0;
    }

    /** Nothing moved, the event is recorded with the mismatch, a replay is a duplicate, the metric rose; Stripe's real event still applies. */
    async function expectRefused(orderId: string, forged: { payload: string; eventId: string; original: string }, fields: string[]): Promise<void> {
      const before = await Promise.all(fields.map(mismatchCount));
      const response = await postWebhook(forged.payload, sign(forged.payload));
      expect(response).toMatchObject({ status: 200, body: { received: true, changed: false, mismatch: fields } });
      expect(await row(orderId)).toMatchObject({ status: 'requires_action' });
      expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(0);
      expect(await recorded(forged.eventId)).toEqual({ mismatch: fields });
      expect(await Promise.all(fields.map(mismatchCount))).toEqual(before.map((value) => value + 1));
      expect(await postWebhook(forged.payload, sign(forged.payload))).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
      expect(await row(orderId)).toMatchObject({ status: 'requires_action' });
      expect(await postWebhook(forged.original, sign(forged.original))).toMatchObject({ status: 200, body: { received: true, changed: true } });
      expect(await row(orderId)).toMatchObject({ status: 'succeeded' });
      expect(await recorded((JSON.parse(forged.original) as { id: string }).id)).toEqual({ mismatch: null });
    }

    it('leaves the order unpaid when the amount is 100 cents short', async () => {
      const orderId = randomUUID();
      const forged = await disagreeing(orderId, (intent) => {
        intent.amount = 4_900;
        intent.amount_received = 4_900;
      });
      await expectRefused(orderId, forged, ['amount']);
    });

    it('leaves the order unpaid when the currency is EUR', async () => {
      const orderId = randomUUID();
      const forged = await disagreeing(orderId, (intent) => {
        intent.currency = 'eur';
      });
      await expectRefused(orderId, forged, ['currency']);
    });

    it('leaves both orders unpaid when metadata.order_id names another order', async () => {
      const orderId = randomUUID();
      const other = randomUUID();
      await charge(other, 'pm_card_authenticationRequired');
      const forged = await disagreeing(orderId, (intent) => {
        intent.metadata = { order_id: other };
      });
      await expectRefused(orderId, forged, ['order_id']);
      expect(await row(other)).toMatchObject({ status: 'requires_action' });
      expect(await outboxCount('payments.payment_succeeded', other)).toBe(0);
    });

    it("leaves the order unpaid when another intent claims the order (its payment holds its own)", async () => {
      const orderId = randomUUID();
      const forged = await disagreeing(orderId, (intent) => {
        intent.id = `pi_${randomUUID().replaceAll('-', '')}`;
      });
      await expectRefused(orderId, forged, ['intent_id']);
    });

    it('does not raise the refunded amount from a charge.refunded in another currency', async () => {
      const orderId = randomUUID();
      await charge(orderId);
      await simulator.webhooksIdle();
      const intentId = intentsForOrder(orderId)[0]!.id;
      const payload = JSON.stringify({
        id: `evt_${randomUUID().replaceAll('-', '')}`,
        object: 'event',
        type: 'charge.refunded',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        data: { object: { id: 'ch_forged', object: 'charge', payment_intent: intentId, amount: 5_000, currency: 'eur', amount_refunded: 5_000 } },
      });
      const response = await postWebhook(payload, sign(payload));
      expect(response).toMatchObject({ status: 200, body: { received: true, changed: false, mismatch: ['currency'] } });
      expect(await row(orderId)).toMatchObject({ status: 'succeeded', amount_refunded: 0 });
      expect(await outboxCount('payments.charge_refunded', orderId)).toBe(0);
    });
  });

  it('handles one event delivered five times (concurrently) once: one state change, one outbox event', async () => {
    const orderId = randomUUID();
    const payload = await undeliveredSuccess(orderId);
    const header = () => stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const responses = await Promise.all(Array.from({ length: 5 }, () => postWebhook(payload, header())));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses.filter((response) => response.body.duplicate === true)).toHaveLength(4);
    expect(await row(orderId)).toMatchObject({ status: 'succeeded' });
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(1);
    const eventId = (JSON.parse(payload) as { id: string }).id;
    expect(await count('SELECT count(*) FROM payments.webhook_events WHERE id = $1', [eventId])).toBe(1);
  });

  it('handles the simulator redelivering an event five times once', async () => {
    const orderId = randomUUID();
    const payload = await undeliveredSuccess(orderId);
    const eventId = (JSON.parse(payload) as { id: string }).id;
    const updatedBefore = (await row(orderId))!.updated_at;
    await fetch(`${simulator.url}/_simulator/events/${eventId}/redeliver`, { method: 'POST', body: 'times=5' });
    await simulator.webhooksIdle();
    const deliveries = simulator.deliveries().filter((delivery) => delivery.eventId === eventId);
    expect(deliveries).toHaveLength(5);
    expect(deliveries.every((delivery) => delivery.state === 'delivered')).toBe(true);
    const after = (await row(orderId))!;
    expect(after.status).toBe('succeeded');
    expect(after.updated_at.getTime()).toBeGreaterThanOrEqual(updatedBefore.getTime());
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(1);
  });

  it('applies a failure webhook to a payment still pending (the answer never arrived)', async () => {
    const orderId = randomUUID();
    await fetch(`${simulator.url}/_simulator/faults`, { method: 'POST', body: 'mode=drop_after&count=3' });
    expect(await failure(charge(orderId, 'pm_card_chargeDeclined'))).toMatchObject({ code: 'UNAVAILABLE' });
    await simulator.webhooksIdle();
    expect(await row(orderId)).toMatchObject({ status: 'failed', decline_code: 'generic_decline', intent_id: intentsForOrder(orderId)[0]!.id });
    expect(await outboxCount('payments.payment_failed', orderId)).toBe(1);
  });

  it('acknowledges event types it does not use', async () => {
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'event', type: 'customer.created', created: 1, livemode: false, data: { object: {} } });
    const response = await postWebhook(payload, stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET }));
    expect(response).toMatchObject({ status: 200, body: { received: true, ignored: true } });
  });
});

describe('admin REST', () => {
  it("GET /api/v1/payments/{orderId} shows an order's payment to admins only", async () => {
    const orderId = randomUUID();
    await charge(orderId);
    const url = `${service.url('payments')}/api/v1/payments/${orderId}`;
    const asAdmin = await fetch(url, { headers: { authorization: `Bearer ${await keys.sign(ADMIN)}` } });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.json()).toMatchObject({ orderId, status: 'succeeded', amount: 5_000 });
    expect((await fetch(url, { headers: { authorization: `Bearer ${await keys.sign(CUSTOMER)}` } })).status).toBe(403);
    expect((await fetch(url)).status).toBe(401);
    const missing = await fetch(`${service.url('payments')}/api/v1/payments/${randomUUID()}`, { headers: { authorization: `Bearer ${await keys.sign(ADMIN)}` } });
    expect(missing.status).toBe(404);
  });
});

describe('round trips', () => {
  async function counted<T>(task: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    statements = [];
    try {
      const result = await task();
      return { result, statements };
    } finally {
      statements = null;
    }
  }

  it('charges in two statements and applies the webhook that follows in one', async () => {
    const orderId = randomUUID();
    simulator.setWebhookUrl(undefined);
    const charged = await counted(() => charge(orderId));
    expect(charged.result.status).toBe('succeeded');
    // INSERT … ON CONFLICT (row new or found), then Stripe's answer + its outbox row.
    expect(charged.statements).toHaveLength(2);
    const event = [...simulator.engine.events.values()].find((item) => item.type === 'payment_intent.succeeded' && item.data.object.id === charged.result.intentId)!;
    const payload = JSON.stringify(event);
    const hooked = await counted(() => postWebhook(payload, stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET })));
    expect(hooked.result).toMatchObject({ status: 200, body: { received: true, changed: false } });
    expect(hooked.statements).toHaveLength(1);
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(1);
  });

  it('applies a webhook that arrives before the charge answer in one statement; a repeated charge then reads the outcome in one', async () => {
    const orderId = randomUUID();
    simulator.setWebhookUrl(undefined);
    await fetch(`${simulator.url}/_simulator/faults`, { method: 'POST', body: 'mode=drop_after&count=3' });
    expect(await failure(charge(orderId))).toMatchObject({ code: 'UNAVAILABLE' });
    const intent = intentsForOrder(orderId)[0]!;
    const event = [...simulator.engine.events.values()].find((item) => item.type === 'payment_intent.succeeded' && item.data.object.id === intent.id)!;
    const payload = JSON.stringify(event);
    const hooked = await counted(() => postWebhook(payload, stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET })));
    expect(hooked.result).toMatchObject({ status: 200, body: { received: true, changed: true } });
    expect(hooked.statements).toHaveLength(1);
    // Recorded on Stripe's word: payments itself is the actor.
    expect((await outboxRows(pool, 'payments', orderId)).map((row) => row.actor)).toEqual([{ type: 'service', id: 'payments' }]);
    const charged = await counted(() => charge(orderId));
    expect(charged.result).toMatchObject({ status: 'succeeded', intentId: intent.id });
    // The row is final already: found by the INSERT … ON CONFLICT, Stripe not asked again.
    expect(charged.statements).toHaveLength(1);
    expect(await outboxCount('payments.payment_succeeded', orderId)).toBe(1);
  });

  it('records a refund in one statement and its charge.refunded webhook in one more, announcing the increase once', async () => {
    const orderId = randomUUID();
    await charge(orderId);
    await simulator.webhooksIdle();
    simulator.setWebhookUrl(undefined);
    const refunded = await counted(() => refund(orderId, 1_200));
    expect(refunded.result).toMatchObject({ amount: 1_200, amountRefunded: 1_200 });
    // The admin read of the payment, then the refund recorded with its outbox row.
    expect(refunded.statements).toHaveLength(2);
    const event = [...simulator.engine.events.values()].find((item) => item.type === 'charge.refunded' && item.data.object.payment_intent === intentsForOrder(orderId)[0]!.id)!;
    const payload = JSON.stringify(event);
    const hooked = await counted(() => postWebhook(payload, stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET })));
    expect(hooked.result).toMatchObject({ status: 200, body: { received: true, changed: false } });
    expect(hooked.statements).toHaveLength(1);
    expect(await outboxCount('payments.charge_refunded', orderId)).toBe(1);
    expect(await row(orderId)).toMatchObject({ amount_refunded: 1_200 });
  });

  it('claims a charge.refunded event about an intent that is not ours, once', async () => {
    const payload = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'charge.refunded',
      created: 1,
      livemode: false,
      data: { object: { id: 'ch_other', object: 'charge', payment_intent: 'pi_not_ours', amount_refunded: 100 } },
    });
    const header = () => stripe().webhooks.generateTestHeaderString({ payload, secret: SECRET });
    expect(await postWebhook(payload, header())).toMatchObject({ status: 200, body: { received: true } });
    expect(await postWebhook(payload, header())).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
  });
});

describe('events, written in the same statement as the payment\'s move', () => {
  it('writes each outcome with its envelope, matching the declared contracts', async () => {
    const succeeded = randomUUID();
    const failed = randomUUID();
    await charge(succeeded);
    await charge(failed, 'pm_card_chargeDeclined');
    await refund(succeeded, 500);
    const rows = [...(await outboxRows(pool, 'payments', succeeded)), ...(await outboxRows(pool, 'payments', failed))];
    expect(rows.map((row) => [row.type, row.version, row.aggregateId])).toEqual([
      ['payments.payment_succeeded', 1, succeeded],
      ['payments.charge_refunded', 1, succeeded],
      ['payments.payment_failed', 1, failed],
    ]);
    // The caller (orders, over the service token) is the actor, or payments itself when Stripe's
    // webhook recorded the move first (the simulator sends it as it answers).
    for (const row of rows) expect(row.actor).toEqual({ type: 'service', id: expect.stringMatching(/^(orders|payments)$/) });
    expectDeclared(rows, paymentsEvents);
  });
});


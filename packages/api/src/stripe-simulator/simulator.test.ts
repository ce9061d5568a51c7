import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseForm } from './form.js';
import { startStripeSimulator, type StripeSimulator } from './index.js';

const SECRET = 'whsec_simulator_test_secret';
let simulator: StripeSimulator;
let stripe: Stripe;

/** A webhook endpoint that answers from a script of statuses (then 200) and keeps what it got. */
interface Received {
  body: string;
  signature: string;
}
let endpoint: Server;
let endpointUrl: string;
let received: Received[] = [];
let script: number[] = [];

beforeAll(async () => {
  endpoint = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature'] ?? '') });
      res.writeHead(script.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/stripe`;
  simulator = await startStripeSimulator({ port: 0, webhookSecret: SECRET, webhookUrl: endpointUrl, webhookBackoffMs: 5 });
  stripe = clientFor('sk_test_simulator');
});

afterAll(async () => {
  await simulator?.stop();
  await new Promise<void>((resolve) => endpoint?.close(() => resolve()));
});

beforeEach(async () => {
  await simulator.webhooksIdle();
  received = [];
  script = [];
});

function clientFor(key: string, maxNetworkRetries = 0): Stripe {
  const url = new URL(simulator.url);
  return new Stripe(key, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries,
    httpClient: Stripe.createNodeHttpClient(),
  });
}

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Stripe.errors.StripeError);
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the Stripe call to fail');
}

const create = (params: Partial<Stripe.PaymentIntentCreateParams> = {}, options?: Stripe.RequestOptions) =>
  stripe.paymentIntents.create({ amount: 2_000, currency: 'usd', ...params }, options);

/** The events delivered to the endpoint, parsed after signature verification. */
async function deliveredEvents(): Promise<Stripe.Event[]> {
  await simulator.webhooksIdle();
  return received.map((item) => stripe.webhooks.constructEvent(item.body, item.signature, SECRET));
}

describe('form bodies', () => {
  it('parses bracket notation into nested objects and arrays', () => {
    expect(parseForm('amount=100&metadata[order_id]=abc&metadata[note]=a%20b&expand[0]=latest_charge&expand[1]=x&tags[]=a&tags[]=b&flag=')).toEqual({
      amount: '100',
      metadata: { order_id: 'abc', note: 'a b' },
      expand: ['latest_charge', 'x'],
      tags: ['a', 'b'],
      flag: '',
    });
  });

  it('decodes + and percent escapes in keys and values, and keeps a malformed escape as it came', () => {
    expect(parseForm('description=two+words&metadata%5Bnote%5D=50%25+off&bad=%E0%A4%A')).toEqual({ description: 'two words', metadata: { note: '50% off' }, bad: '%E0%A4%A' });
  });
});

describe('authentication', () => {
  it('refuses a missing or non-test key with 401 like Stripe', async () => {
    const noKey = await fetch(`${simulator.url}/v1/payment_intents/pi_x`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('did not provide an API key') } });
    const error = await rejection(clientFor('sk_live_nope').paymentIntents.retrieve('pi_x'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
  });

  it('answers unknown ids with 404 resource_missing', async () => {
    const error = await rejection(stripe.paymentIntents.retrieve('pi_unknown'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such payment_intent: 'pi_unknown'" });
    expect(await rejection(stripe.refunds.retrieve('re_unknown'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    // An unknown object named by a parameter is a 400, as at Stripe.
    expect(await rejection(stripe.refunds.create({ payment_intent: 'pi_unknown' }))).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_intent' });
  });
});

describe('PaymentIntents', () => {
  it('walks requires_payment_method → requires_confirmation → succeeded with a charge', async () => {
    const intent = await create({ metadata: { order_id: 'o-1' }, description: 'Order 1' });
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'requires_payment_method', amount: 2_000, currency: 'usd', metadata: { order_id: 'o-1' }, description: 'Order 1', latest_charge: null });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    const withMethod = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(withMethod).toMatchObject({ status: 'succeeded', amount_received: 2_000, payment_method: 'pm_card_visa' });
    const charge = await stripe.charges.retrieve(String(withMethod.latest_charge));
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, captured: true, amount_captured: 2_000, amount_refunded: 0, payment_intent: intent.id });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');

    const pending = await create({ payment_method: 'pm_card_mastercard' });
    expect(pending.status).toBe('requires_confirmation');
    expect((await stripe.paymentIntents.confirm(pending.id)).status).toBe('succeeded');
  });

  it('creates and confirms in one call and can expand latest_charge', async () => {
    const intent = await create({ payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge'] });
    expect(intent.status).toBe('succeeded');
    expect(intent.latest_charge).toMatchObject({ object: 'charge', amount_captured: 2_000 });
  });

  it('holds a manual-capture authorization until captured, partially or in full', async () => {
    const intent = await create({ payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    expect(intent).toMatchObject({ status: 'requires_capture', amount_capturable: 2_000, amount_received: 0 });
    expect(await rejection(stripe.paymentIntents.capture(intent.id, { amount_to_capture: 2_001 }))).toMatchObject({ statusCode: 400, code: 'amount_too_large' });
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1_500 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 1_500, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(String(captured.latest_charge));
    expect(charge).toMatchObject({ captured: true, amount_captured: 1_500 });
    expect(await rejection(stripe.paymentIntents.capture(intent.id))).toMatchObject({ code: 'payment_intent_unexpected_state' });

    const full = await create({ payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    expect((await stripe.paymentIntents.capture(full.id)).amount_received).toBe(2_000);
  });

  it('cancels an uncaptured intent and refuses to cancel a succeeded one', async () => {
    const open = await create();
    expect(await stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' })).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const held = await create({ payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    const canceled = await stripe.paymentIntents.cancel(held.id);
    expect(canceled.status).toBe('canceled');
    expect((await stripe.charges.retrieve(String(canceled.latest_charge))).amount_refunded).toBe(2_000);
    const paid = await create({ payment_method: 'pm_card_visa', confirm: true });
    const error = await rejection(stripe.paymentIntents.cancel(paid.id));
    expect(error).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(error.message).toContain('status of succeeded');
    expect(await rejection(stripe.paymentIntents.confirm(canceled.id, { payment_method: 'pm_card_visa' }))).toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('declines pm_card_chargeDeclined with a StripeCardError and leaves the intent requiring a payment method', async () => {
    const intent = await create({ payment_method: 'pm_card_chargeDeclined' });
    const error = await rejection(stripe.paymentIntents.confirm(intent.id));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    expect(error.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' } });
    expect(await stripe.charges.retrieve(String(after.latest_charge))).toMatchObject({ status: 'failed', failure_code: 'card_declined', paid: false });
    // The customer may retry with another card.
    expect((await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
  });

  it('declines pm_card_chargeDeclinedInsufficientFunds with decline_code insufficient_funds', async () => {
    const error = await rejection(create({ payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }));
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
  });

  it('asks pm_card_authenticationRequired for an action, then completes or fails it', async () => {
    const intent = await create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(intent).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
    const done = await fetch(`${simulator.url}/_simulator/payment_intents/${intent.id}/authenticate`, { method: 'POST', body: 'outcome=succeed', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await done.json()).toMatchObject({ status: 'succeeded', next_action: null });

    const other = await create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
    await fetch(`${simulator.url}/_simulator/payment_intents/${other.id}/authenticate`, { method: 'POST', body: 'outcome=fail', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await stripe.paymentIntents.retrieve(other.id)).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure' } });
  });

  it('keeps a bank debit processing until it settles', async () => {
    const intent = await create({ payment_method: 'pm_usBankAccount', confirm: true });
    expect(intent.status).toBe('processing');
    await fetch(`${simulator.url}/_simulator/payment_intents/${intent.id}/settle`, { method: 'POST' });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('refuses an unknown payment method with 400 resource_missing and creates nothing', async () => {
    const before = simulator.engine.intents.size;
    const error = await rejection(create({ payment_method: 'pm_card_nope', confirm: true }));
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method', message: "No such PaymentMethod: 'pm_card_nope'" });
    expect(simulator.engine.intents.size).toBe(before);
  });

  it('validates parameters like Stripe', async () => {
    expect(await rejection(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams))).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'amount',
    });
    expect(await rejection(create({ amount: 0 }))).toMatchObject({ statusCode: 400, param: 'amount' });
    expect(await rejection(stripe.paymentIntents.confirm((await create()).id))).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });
});

describe('Refunds', () => {
  it('refunds partially, then the rest, and never more than captured', async () => {
    const intent = await create({ payment_method: 'pm_card_visa', confirm: true });
    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 500, reason: 'requested_by_customer' });
    expect(partial).toMatchObject({ object: 'refund', amount: 500, status: 'succeeded', payment_intent: intent.id, reason: 'requested_by_customer' });
    expect(await stripe.refunds.retrieve(partial.id)).toMatchObject({ id: partial.id, amount: 500 });

    const tooMuch = await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 1_501 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'amount_too_large', param: 'amount' });
    expect(tooMuch.message).toBe('Refund amount ($15.01) is greater than unrefunded amount on charge ($15.00)');

    const rest = await stripe.refunds.create({ charge: String(intent.latest_charge) });
    expect(rest.amount).toBe(1_500);
    const charge = await stripe.charges.retrieve(String(intent.latest_charge));
    expect(charge).toMatchObject({ amount_captured: 2_000, amount_refunded: 2_000, refunded: true });
    expect(await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 1 }))).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('refunds only what a partial capture took', async () => {
    const intent = await create({ payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 1_200 });
    expect(await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 1_201 }))).toMatchObject({ code: 'amount_too_large' });
    expect((await stripe.refunds.create({ payment_intent: intent.id })).amount).toBe(1_200);
  });

  it('refuses to refund an intent without a successful charge', async () => {
    const intent = await create({ payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    expect(await rejection(stripe.refunds.create({ payment_intent: intent.id }))).toMatchObject({ statusCode: 400, code: 'charge_not_refundable' });
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and parameters', async () => {
    const key = `k-${Date.now()}-same`;
    const first = await create({ payment_method: 'pm_card_visa', confirm: true, metadata: { order_id: 'x' } }, { idempotencyKey: key });
    const second = await create({ metadata: { order_id: 'x' }, confirm: true, payment_method: 'pm_card_visa' }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays a decline too (same status and body)', async () => {
    const key = `k-${Date.now()}-decline`;
    const first = await rejection(create({ payment_method: 'pm_card_chargeDeclined', confirm: true }, { idempotencyKey: key }));
    const second = await rejection(create({ payment_method: 'pm_card_chargeDeclined', confirm: true }, { idempotencyKey: key }));
    expect(second.statusCode).toBe(402);
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with different parameters (400 idempotency_error)', async () => {
    const key = `k-${Date.now()}-different`;
    await create({ amount: 1_000 }, { idempotencyKey: key });
    const error = await rejection(create({ amount: 1_001 }, { idempotencyKey: key }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(error.message).toContain(`other than '${key}'`);
  });

  it('executes 20 concurrent creates with one key once', async () => {
    const key = `k-${Date.now()}-concurrent`;
    const before = simulator.engine.intents.size;
    const results = await Promise.all(Array.from({ length: 20 }, () => create({ payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: key })));
    expect(new Set(results.map((intent) => intent.id)).size).toBe(1);
    expect(simulator.engine.intents.size).toBe(before + 1);
    expect(results.filter((intent) => intent.lastResponse.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
  });

  it('lets the SDK retry a request whose answer was lost without running it twice', async () => {
    const retrying = clientFor('sk_test_simulator', 2);
    const before = simulator.engine.intents.size;
    await fetch(`${simulator.url}/_simulator/faults`, { method: 'POST', body: 'mode=drop_after&count=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const intent = await retrying.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: `k-${Date.now()}-lost` });
    expect(intent.status).toBe('succeeded');
    expect(simulator.engine.intents.size).toBe(before + 1);
  });
});

describe('webhooks', () => {
  it('reuses one keep-alive connection for consecutive deliveries', async () => {
    const sockets = new Set<unknown>();
    const onConnection = (socket: unknown) => sockets.add(socket);
    endpoint.on('connection', onConnection);
    try {
      for (let index = 0; index < 3; index++) {
        await create({ payment_method: 'pm_card_visa', confirm: true });
        await simulator.webhooksIdle();
      }
      expect(received.length).toBe(3);
      // At most one new connection (none when an earlier test's connection is still warm).
      expect(sockets.size).toBeLessThanOrEqual(1);
    } finally {
      endpoint.off('connection', onConnection);
    }
  });

  it('delivers payment outcomes with a Stripe-Signature that constructEvent accepts', async () => {
    const paid = await create({ payment_method: 'pm_card_visa', confirm: true, metadata: { order_id: 'o-w' } });
    await rejection(create({ payment_method: 'pm_card_chargeDeclined', confirm: true }));
    await stripe.refunds.create({ payment_intent: paid.id, amount: 100 });
    const events = await deliveredEvents();
    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded']));
    const succeeded = events.find((event) => event.type === 'payment_intent.succeeded')!;
    expect(succeeded).toMatchObject({ object: 'event', livemode: false, api_version: expect.any(String), data: { object: { id: paid.id, metadata: { order_id: 'o-w' } } } });
    expect(succeeded.id).toMatch(/^evt_/);
    const refunded = events.find((event) => event.type === 'charge.refunded')!;
    expect(refunded.data.object).toMatchObject({ object: 'charge', amount_refunded: 100 });
    expect(() => stripe.webhooks.constructEvent(received[0]!.body, received[0]!.signature, 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('retries until the endpoint acknowledges (failing twice, then 200)', async () => {
    script = [500, 503];
    const intent = await create({ payment_method: 'pm_card_visa', confirm: true });
    await simulator.webhooksIdle();
    const event = [...simulator.engine.events.values()].find((item) => item.type === 'payment_intent.succeeded' && item.data.object.id === intent.id)!;
    const delivery = simulator.deliveries().find((item) => item.eventId === event.id)!;
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    // Every attempt carries the same event, each signed validly.
    const events = await deliveredEvents();
    expect(events).toHaveLength(3);
    expect(new Set(events.map((event) => event.id)).size).toBe(1);
  });

  it('gives up after the attempt cap', async () => {
    script = Array.from({ length: 20 }, () => 500);
    const limited = await startStripeSimulator({ port: 0, webhookSecret: SECRET, webhookUrl: endpointUrl, webhookBackoffMs: 1, webhookMaxAttempts: 3 });
    try {
      const url = new URL(limited.url);
      const client = new Stripe('sk_test_x', { host: url.hostname, port: Number(url.port), protocol: 'http', httpClient: Stripe.createNodeHttpClient() });
      await client.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
      await limited.webhooksIdle();
      const [delivery] = limited.deliveries();
      expect(delivery).toMatchObject({ state: 'failed' });
      expect(delivery!.attempts).toHaveLength(3);
    } finally {
      await limited.stop();
      script = [];
    }
  });

  it('re-delivers an event on demand (test hook)', async () => {
    const intent = await create({ payment_method: 'pm_card_visa', confirm: true });
    const [event] = await deliveredEvents();
    expect(event!.data.object).toMatchObject({ id: intent.id });
    received = [];
    const response = await fetch(`${simulator.url}/_simulator/events/${event!.id}/redeliver`, { method: 'POST', body: JSON.stringify({ times: 4 }), headers: { 'content-type': 'application/json' } });
    expect((await response.json()) as unknown).toMatchObject({ deliveries: expect.any(Array) });
    const again = await deliveredEvents();
    expect(again.map((item) => item.id)).toEqual([event!.id, event!.id, event!.id, event!.id]);
  });
});

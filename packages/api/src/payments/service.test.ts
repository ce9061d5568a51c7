import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { allowedFrom, type PaymentsRepository } from './repository.js';
import { createPaymentsService, outcomeOf, signatureTimestamp } from './service.js';

const intent = (fields: Partial<Stripe.PaymentIntent>) => ({ id: 'pi_1', status: 'requires_payment_method', last_payment_error: null, ...fields }) as Stripe.PaymentIntent;

describe('outcomeOf', () => {
  it('maps each PaymentIntent status to a payment status', () => {
    expect(outcomeOf(intent({ status: 'succeeded' })).status).toBe('succeeded');
    expect(outcomeOf(intent({ status: 'processing' })).status).toBe('processing');
    expect(outcomeOf(intent({ status: 'requires_action' })).status).toBe('requires_action');
    expect(outcomeOf(intent({ status: 'requires_capture' })).status).toBe('requires_capture');
    expect(outcomeOf(intent({ status: 'canceled' })).status).toBe('canceled');
    expect(outcomeOf(intent({ status: 'requires_confirmation' })).status).toBe('pending');
    expect(outcomeOf(intent({ status: 'requires_payment_method' })).status).toBe('pending');
  });

  it('reads a decline from last_payment_error (decline_code first, then code)', () => {
    const declined = outcomeOf(
      intent({ last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } }),
    );
    expect(declined).toEqual({ intentId: 'pi_1', status: 'failed', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' });
    expect(outcomeOf(intent({ last_payment_error: { type: 'card_error', code: 'expired_card' } })).declineCode).toBe('expired_card');
  });
});

describe('allowedFrom', () => {
  it('keeps final statuses final, except a success after a failed attempt', () => {
    expect(allowedFrom('succeeded')).toEqual(expect.arrayContaining(['pending', 'requires_action', 'processing', 'failed']));
    expect(allowedFrom('succeeded')).not.toContain('canceled');
    expect(allowedFrom('failed')).not.toContain('succeeded');
    expect(allowedFrom('canceled')).not.toContain('succeeded');
    expect(allowedFrom('requires_action')).not.toContain('requires_action');
  });
});

describe('handleWebhook', () => {
  const untouchable = new Proxy({} as PaymentsRepository, {
    get: (_target, name) => () => {
      throw new Error(`repository.${String(name)} must not be called`);
    },
  });
  const service = createPaymentsService({ repository: untouchable, stripe: new Stripe('sk_test_unit'), webhookSecret: 'whsec_unit', webhookToleranceSeconds: 300 });
  const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } });

  it('answers 400 without touching the database when the signature does not verify', async () => {
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
    expect(await service.handleWebhook(Buffer.from(payload), forged)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(await service.handleWebhook(Buffer.from(payload), undefined)).toMatchObject({ status: 400 });
    const stale = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_unit', timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(await service.handleWebhook(Buffer.from(payload), stale)).toMatchObject({ status: 400 });
  });

  it('answers 400 without touching the database when the timestamp is beyond the tolerance in the future', async () => {
    const future = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_unit', timestamp: Math.floor(Date.now() / 1000) + 301 });
    expect(await service.handleWebhook(Buffer.from(payload), future)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/future/) } } });
  });

  it('reads the signed timestamp as the SDK does (the last t=)', () => {
    expect(signatureTimestamp('t=100,v1=abc')).toBe(100);
    expect(signatureTimestamp('t=100,v1=abc,t=200')).toBe(200);
    expect(signatureTimestamp('v1=abc')).toBeNull();
    expect(signatureTimestamp('t=1e9,v1=abc')).toBeNull();
  });

  it('acknowledges a verified event of a type it does not use', async () => {
    const other = JSON.stringify({ id: 'evt_2', object: 'event', type: 'customer.created', data: { object: {} } });
    const header = Stripe.webhooks.generateTestHeaderString({ payload: other, secret: 'whsec_unit' });
    expect(await service.handleWebhook(Buffer.from(other), header)).toEqual({ status: 200, body: { received: true, ignored: true } });
  });
});

describe('relay kicks', () => {
  const payment = {
    paymentId: '00000000-0000-4000-8000-000000000010',
    orderId: '00000000-0000-4000-8000-000000000011',
    intentId: 'pi_1',
    status: 'requires_action' as const,
    amount: 100,
    amountRefunded: 0,
    currency: 'USD',
    declineCode: null,
    message: null,
    paymentMethod: 'pm_card_visa',
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
  };
  const stripe = new Stripe('sk_test_unit');
  const signed = (type: string, status: string) => {
    const body = JSON.stringify({ id: `evt_${type}_${status}`, object: 'event', type, data: { object: { id: 'pi_1', object: 'payment_intent', status, metadata: { order_id: payment.orderId } } } });
    return [Buffer.from(body), Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_unit' })] as const;
  };
  function serviceWith(announced: boolean) {
    let kicks = 0;
    const repository = {
      applyIntentEvent: async () => ({ duplicate: false as const, changed: true, announced, payment, mismatch: [] }),
    } as unknown as PaymentsRepository;
    const service = createPaymentsService({ repository, stripe, webhookSecret: 'whsec_unit', webhookToleranceSeconds: 300, outboxWritten: () => kicks++ });
    return { service, kicks: () => kicks };
  }

  it('wakes the outbox relay only when the change wrote an outbox row', async () => {
    const quiet = serviceWith(false);
    expect(await quiet.service.handleWebhook(...signed('payment_intent.requires_action', 'requires_action'))).toMatchObject({ status: 200, body: { changed: true } });
    expect(quiet.kicks()).toBe(0);
    const announcing = serviceWith(true);
    await announcing.service.handleWebhook(...signed('payment_intent.succeeded', 'succeeded'));
    expect(announcing.kicks()).toBe(1);
  });

  it('applies nothing else for an event that disagrees with the payment: no kick, no intent remembered, no void; counted', async () => {
    const counted: string[][] = [];
    const untouched = new Proxy({} as Record<string, unknown>, {
      get: (_target, name) =>
        name === 'applyIntentEvent'
          ? async () => ({ duplicate: false as const, changed: false, announced: false, payment: { ...payment, intentId: null, status: 'canceled' }, mismatch: ['amount', 'currency'] })
          : () => {
              throw new Error(`repository.${String(name)} must not be called`);
            },
    }) as unknown as PaymentsRepository;
    let kicks = 0;
    const service = createPaymentsService({
      repository: untouched,
      stripe,
      webhookSecret: 'whsec_unit',
      webhookToleranceSeconds: 300,
      outboxWritten: () => kicks++,
      metrics: { webhookMismatch: (fields) => counted.push([...fields]), declined: () => undefined },
    });
    expect(await service.handleWebhook(...signed('payment_intent.succeeded', 'succeeded'))).toEqual({
      status: 200,
      body: { received: true, changed: false, mismatch: ['amount', 'currency'] },
    });
    expect(kicks).toBe(0);
    expect(counted).toEqual([['amount', 'currency']]);
  });
});

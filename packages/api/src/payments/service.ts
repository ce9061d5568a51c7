import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import Stripe from 'stripe';
import { DomainError } from '../runtime/errors.js';
import type { PaymentsMetrics } from './metrics.js';
import type { ApplyResult, IntentOutcome, MismatchField, PaymentsRepository, WebhookEventRef } from './repository.js';
import {
  FINAL_STATUSES,
  type ChargeInput,
  type ChargeResult,
  type PaymentDto,
  type RefundInput,
  type RefundResult,
} from './schemas.js';

/**
 * Payments: one Stripe PaymentIntent per order, always through the official SDK.
 *
 * - The payment row is written (pending) before Stripe is called, and every call that creates
 *   or changes something at Stripe carries an Idempotency-Key derived from the order, so a
 *   retry (same charge, a lost answer, a crash and restart) never charges twice.
 * - A decline is a result (status failed + declineCode), not an error; Stripe unreachable is
 *   UNAVAILABLE and the row stays pending until a later charge/getForOrder resolves it.
 * - Webhooks are the final word: verified with stripe.webhooks.constructEvent (and a timestamp
 *   not too far in the future), each event id applied once, the change and its outbox event in
 *   one transaction; but only about our own payment: an event whose intent, order, amount or
 *   currency disagrees with the payment row is recorded, logged and counted, never applied.
 */

export interface PaymentsServiceOptions {
  repository: PaymentsRepository;
  stripe: Stripe;
  webhookSecret: string;
  webhookToleranceSeconds: number;
  logger?: Logger | undefined;
  /** Counts refused webhook events (module.ts passes the process registry's). */
  metrics?: PaymentsMetrics | undefined;
  /** Called after a transaction wrote outbox rows (the relay publishes them). */
  outboxWritten?: () => void;
}

export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface PaymentsService {
  charge(input: ChargeInput): Promise<ChargeResult>;
  getForOrder(orderId: string): Promise<PaymentDto | null>;
  refund(input: RefundInput): Promise<RefundResult>;
  cancel(orderId: string): Promise<PaymentDto | null>;
  /** The admin read: the payment or NOT_FOUND. */
  byOrder(orderId: string): Promise<PaymentDto>;
  handleWebhook(rawBody: Buffer, signature: string | undefined): Promise<WebhookResponse>;
}

const PAYMENT_INTENT_EVENTS = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.processing',
  'payment_intent.requires_action',
  'payment_intent.amount_capturable_updated',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The timestamp the signature covers: the header's last `t=` (as the SDK reads it). The SDK only
 * refuses old timestamps; one from the future would let a captured event be replayed later.
 */
export function signatureTimestamp(header: string): number | null {
  let timestamp: number | null = null;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key?.trim() === 't') timestamp = value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
  }
  return timestamp;
}

/** What a PaymentIntent's state means for our payment. */
export function outcomeOf(intent: Stripe.PaymentIntent): IntentOutcome {
  const base = { intentId: intent.id, declineCode: null, message: null };
  switch (intent.status) {
    case 'succeeded':
      return { ...base, status: 'succeeded' };
    case 'processing':
      return { ...base, status: 'processing' };
    case 'requires_action':
      return { ...base, status: 'requires_action' };
    case 'requires_capture':
      return { ...base, status: 'requires_capture' };
    case 'canceled':
      return { ...base, status: 'canceled' };
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      if (!error) return { ...base, status: 'pending' };
      return { ...base, status: 'failed', declineCode: error.decline_code ?? error.code ?? 'declined', message: error.message ?? null };
    }
    default:
      return { ...base, status: 'pending' };
  }
}

export function createPaymentsService(options: PaymentsServiceOptions): PaymentsService {
  const { repository, stripe, logger } = options;
  const kick = () => options.outboxWritten?.();
  /** The relay is woken only when the statement wrote an outbox row. */
  const kickIfAnnounced = (result: ApplyResult) => {
    if (!result.duplicate && result.announced) kick();
  };
  /** payments_declines_total: once per payment, when its move to failed is written (and announced). */
  const countDecline = (result: ApplyResult, outcome: IntentOutcome) => {
    if (!result.duplicate && result.announced && outcome.status === 'failed') options.metrics?.declined(outcome.declineCode);
  };
  /** Refunds of one order run one after another in this process (each sees the last one's total). */
  const refundQueues = new Map<string, Promise<unknown>>();

  async function apply(paymentId: string, outcome: IntentOutcome): Promise<PaymentDto> {
    const result = await repository.applyOutcome(paymentId, outcome);
    if (result.duplicate || !result.payment) throw new DomainError('INTERNAL', 'Payment vanished while being updated');
    kickIfAnnounced(result);
    countDecline(result, outcome);
    return remember(result.payment, outcome.intentId);
  }

  /** A payment that could not move (e.g. canceled before Stripe answered) still learns its intent. */
  async function remember(payment: PaymentDto, intentId: string | null): Promise<PaymentDto> {
    if (payment.intentId || !intentId) return payment;
    await repository.fillIntentId(payment.paymentId, intentId);
    return { ...payment, intentId };
  }

  /** Stripe could not be asked: the caller may retry later (the row keeps what we know). */
  function unavailable(error: unknown): DomainError {
    const message = error instanceof Error ? error.message : String(error);
    logger?.warn({ err: error }, 'stripe call failed');
    return new DomainError('UNAVAILABLE', `The payment provider is unavailable: ${message}`);
  }

  /** Creates and confirms the order's intent; replays the first answer on every later call. */
  async function createIntent(payment: PaymentDto): Promise<PaymentDto> {
    try {
      const intent = await stripe.paymentIntents.create(
        {
          amount: payment.amount,
          currency: payment.currency.toLowerCase(),
          payment_method: payment.paymentMethod,
          confirm: true,
          metadata: { order_id: payment.orderId },
        },
        { idempotencyKey: `order_${payment.orderId}` },
      );
      return await apply(payment.paymentId, outcomeOf(intent));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof Stripe.errors.StripeCardError) {
        const intentId = error.payment_intent?.id ?? null;
        const outcome = { status: 'failed', declineCode: error.decline_code ?? error.code ?? 'card_declined', message: error.message } as const;
        if (intentId) return apply(payment.paymentId, { ...outcome, intentId });
        return applyWithoutIntent(payment, outcome.declineCode, outcome.message);
      }
      if (error instanceof Stripe.errors.StripeIdempotencyError) {
        throw new DomainError('CONFLICT', 'This order was already charged with different parameters');
      }
      if (error instanceof Stripe.errors.StripeInvalidRequestError && (error.statusCode === 400 || error.statusCode === 404)) {
        // Refused before any money moved (e.g. no such PaymentMethod): a failed payment, not an outage.
        return applyWithoutIntent(payment, error.code ?? 'invalid_request', error.message);
      }
      throw unavailable(error);
    }
  }

  async function applyWithoutIntent(payment: PaymentDto, declineCode: string, message: string): Promise<PaymentDto> {
    const outcome = { intentId: null, status: 'failed', declineCode, message } as const;
    const result = await repository.applyOutcome(payment.paymentId, outcome);
    if (result.duplicate || !result.payment) throw new DomainError('INTERNAL', 'Payment vanished while being updated');
    kickIfAnnounced(result);
    countDecline(result, outcome);
    return result.payment;
  }

  async function retrieve(payment: PaymentDto & { intentId: string }): Promise<PaymentDto> {
    try {
      return await apply(payment.paymentId, outcomeOf(await stripe.paymentIntents.retrieve(payment.intentId)));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw unavailable(error);
    }
  }

  /** Brings a payment that is not final up to date with Stripe. */
  async function resolve(payment: PaymentDto): Promise<PaymentDto> {
    if (FINAL_STATUSES.includes(payment.status)) return payment;
    if (payment.intentId) return retrieve({ ...payment, intentId: payment.intentId });
    return createIntent(payment);
  }

  function chargeResult(payment: PaymentDto): ChargeResult {
    const base = { paymentId: payment.paymentId, intentId: payment.intentId, declineCode: payment.declineCode, message: payment.message };
    switch (payment.status) {
      case 'succeeded':
      case 'failed':
      case 'requires_action':
      case 'processing':
        return { ...base, status: payment.status };
      case 'requires_capture':
        return { ...base, status: 'processing' };
      case 'canceled':
        throw new DomainError('INVALID_STATE', 'The payment of this order was canceled');
      case 'pending':
        throw new DomainError('UNAVAILABLE', 'The payment provider has not confirmed the payment yet; retry');
    }
  }

  async function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = refundQueues.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    refundQueues.set(key, settled);
    try {
      return await run;
    } finally {
      if (refundQueues.get(key) === settled) refundQueues.delete(key);
    }
  }

  async function refundNow(input: RefundInput): Promise<RefundResult> {
    let payment = await repository.findByOrder(input.orderId);
    if (!payment) throw new DomainError('INVALID_STATE', 'This order has no payment to refund');
    if (!FINAL_STATUSES.includes(payment.status)) payment = await resolve(payment);
    if (payment.status !== 'succeeded' || !payment.intentId) {
      throw new DomainError('INVALID_STATE', `This order has no captured payment to refund (payment status ${payment.status})`);
    }
    const refundable = payment.amount - payment.amountRefunded;
    if (input.amount === undefined && refundable === 0) {
      // Asking again for "the rest" after everything was refunded is a retry, not an error.
      const latest = await repository.latestRefund(payment.paymentId);
      if (latest) return { refundId: latest.refundId, amount: latest.amount, amountRefunded: payment.amountRefunded, status: latest.status };
      throw new DomainError('INVALID_STATE', 'This payment is already fully refunded');
    }
    const amount = input.amount ?? refundable;
    if (amount > refundable) {
      throw new DomainError('VALIDATION_FAILED', `Refund amount ${amount} exceeds the refundable amount ${refundable} (captured ${payment.amount}, refunded ${payment.amountRefunded})`, {
        refundable,
      });
    }
    const key = input.idempotencyKey ? `refund_${input.orderId}_${input.idempotencyKey}` : `refund_${input.orderId}_${payment.amountRefunded}_${amount}`;
    let refund: Stripe.Refund;
    try {
      refund = await stripe.refunds.create(
        {
          payment_intent: payment.intentId,
          amount,
          reason: 'requested_by_customer',
          metadata: { order_id: input.orderId, ...(input.reason ? { reason: input.reason } : {}) },
        },
        { idempotencyKey: key },
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeIdempotencyError) {
        throw new DomainError('CONFLICT', 'This refund key was already used for a different refund');
      }
      if (error instanceof Stripe.errors.StripeInvalidRequestError) {
        if (error.code === 'amount_too_large' || error.code === 'charge_already_refunded') {
          throw new DomainError('VALIDATION_FAILED', error.message, { refundable });
        }
        throw new DomainError('INVALID_STATE', error.message);
      }
      throw unavailable(error);
    }
    const result = await repository.applyRefund(payment.paymentId, { refundId: refund.id, amount: refund.amount, status: refund.status ?? 'succeeded', reason: input.reason ?? null });
    if (result.duplicate || !result.payment) throw new DomainError('INTERNAL', 'Payment vanished while being refunded');
    kickIfAnnounced(result);
    return { refundId: refund.id, amount: refund.amount, amountRefunded: result.payment.amountRefunded, status: refund.status ?? 'succeeded' };
  }

  /** A payment that succeeded for an order whose payment was canceled first: give the money back. */
  async function voidLatePayment(intentId: string, orderId: string): Promise<void> {
    try {
      await stripe.refunds.create({ payment_intent: intentId, reason: 'duplicate', metadata: { order_id: orderId, reason: 'payment canceled before it succeeded' } }, { idempotencyKey: `void_${intentId}` });
      logger?.warn({ orderId, intentId }, 'refunded a payment that succeeded after its order payment was canceled');
    } catch (error) {
      logger?.error({ err: error, orderId, intentId }, 'could not refund a payment that succeeded after cancellation');
    }
  }

  /**
   * A signed event about our payment that disagrees with it (another intent, order, amount or
   * currency): recorded with the event id by the statement, nothing applied; logged and counted
   * for alerting. Answered 200 so Stripe stops retrying: a retry would disagree the same way.
   */
  function refuseMismatch(event: WebhookEventRef, mismatch: MismatchField[], payment: PaymentDto | null, got: Record<string, unknown>): Record<string, unknown> {
    options.metrics?.webhookMismatch(mismatch);
    logger?.error(
      {
        eventId: event.id,
        type: event.type,
        mismatch,
        got,
        expected: payment ? { paymentId: payment.paymentId, orderId: payment.orderId, intentId: payment.intentId, amount: payment.amount, currency: payment.currency } : null,
      },
      'stripe webhook disagrees with our payment; not applied',
    );
    return { received: true, changed: false, mismatch };
  }

  /** One statement: find the payment (by intent, or by order while it has none), check the event against it, claim the event id, apply, announce. */
  async function handleIntentEvent(event: Stripe.Event, intent: Stripe.PaymentIntent): Promise<Record<string, unknown>> {
    const orderId = intent.metadata?.order_id;
    const ref = { id: event.id, type: event.type };
    const outcome = outcomeOf(intent);
    const result = await repository.applyIntentEvent(
      {
        intentId: intent.id,
        orderId: orderId && UUID.test(orderId) ? orderId : null,
        // An intent without them cannot be checked, so it cannot be ours: it disagrees.
        amount: typeof intent.amount === 'number' ? intent.amount : -1,
        currency: typeof intent.currency === 'string' ? intent.currency : '',
      },
      outcome,
      ref,
    );
    if (result.duplicate) return { received: true, duplicate: true };
    if (result.mismatch.length > 0) {
      return refuseMismatch(ref, result.mismatch, result.payment, { intentId: intent.id, orderId: orderId ?? null, amount: intent.amount, currency: intent.currency });
    }
    kickIfAnnounced(result);
    countDecline(result, outcome);
    if (result.payment) await remember(result.payment, intent.id);
    if (result.payment?.status === 'canceled' && intent.status === 'succeeded') await voidLatePayment(intent.id, result.payment.orderId);
    return { received: true, changed: result.changed };
  }

  /** One statement: claim the event id and raise the refunded amount of the intent's payment (if it is ours). */
  async function handleRefundEvent(event: Stripe.Event, charge: Stripe.Charge): Promise<Record<string, unknown>> {
    const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
    const ref = { id: event.id, type: event.type };
    const result = await repository.applyChargeRefunded(intentId, charge.amount_refunded, ref, {
      amount: typeof charge.amount === 'number' ? charge.amount : null,
      currency: typeof charge.currency === 'string' ? charge.currency : null,
    });
    if (result.duplicate) return { received: true, duplicate: true };
    if (result.mismatch.length > 0) {
      return refuseMismatch(ref, result.mismatch, result.payment, { intentId, chargeId: charge.id, amount: charge.amount, currency: charge.currency });
    }
    kickIfAnnounced(result);
    return result.payment ? { received: true, changed: result.changed } : { received: true };
  }

  return {
    async charge(input) {
      // Recorded before Stripe is called; a repeat finds the order's row in the same statement.
      const found = await repository.insertPending({
        id: randomUUID(),
        orderId: input.orderId,
        amount: input.amount,
        currency: input.currency,
        paymentMethod: input.paymentMethod,
        customerEmail: input.customerEmail ?? null,
      });
      if (!found) throw new DomainError('INTERNAL', 'Payment row could not be created');
      const { payment, inserted } = found;
      if (payment.amount !== input.amount || payment.currency !== input.currency) {
        throw new DomainError('CONFLICT', `This order is already being charged ${payment.amount} ${payment.currency}`);
      }
      // A new row is pending with no intent: straight to Stripe. A repeat resumes where it stands.
      return chargeResult(await (inserted ? createIntent(payment) : resolve(payment)));
    },

    async getForOrder(orderId) {
      const payment = await repository.findByOrder(orderId);
      if (!payment || FINAL_STATUSES.includes(payment.status)) return payment;
      try {
        return await resolve(payment);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'UNAVAILABLE') return payment;
        throw error;
      }
    },

    refund(input) {
      return serialized(input.orderId, () => refundNow(input));
    },

    async cancel(orderId) {
      let payment = await repository.findByOrder(orderId);
      if (!payment) return null;
      if (payment.status === 'pending' && !payment.intentId) {
        // Stripe may or may not have the intent (a lost answer); refuse every later charge and let
        // a late success webhook refund itself (voidLatePayment).
        const canceled = await repository.cancelWithoutIntent(payment.paymentId);
        if (canceled) {
          kick();
          return canceled;
        }
        return repository.findByOrder(orderId);
      }
      if (payment.status === 'succeeded') throw new DomainError('INVALID_STATE', 'This payment was captured; refund it instead');
      if (FINAL_STATUSES.includes(payment.status) || !payment.intentId) return payment;
      const intentId = payment.intentId;
      try {
        const intent = await stripe.paymentIntents.cancel(intentId, { cancellation_reason: 'abandoned' }, { idempotencyKey: `cancel_${orderId}` });
        payment = await apply(payment.paymentId, outcomeOf(intent));
      } catch (error) {
        if (error instanceof DomainError) throw error;
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw unavailable(error);
        // Stripe refused (it moved on meanwhile): take its current state.
        payment = await retrieve({ ...payment, intentId });
      }
      if (payment.status === 'succeeded') throw new DomainError('INVALID_STATE', 'This payment was captured; refund it instead');
      return payment;
    },

    async byOrder(orderId) {
      const payment = await repository.findByOrder(orderId);
      if (!payment) throw new DomainError('NOT_FOUND', 'No payment for this order');
      return payment;
    },

    async handleWebhook(rawBody, signature) {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature ?? '', options.webhookSecret, options.webhookToleranceSeconds);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: `Webhook signature verification failed: ${message}` } } };
      }
      // Verified, so the header parses; the SDK only refuses timestamps older than the tolerance.
      const signedAt = signatureTimestamp(signature ?? '');
      if (signedAt === null || signedAt - Math.floor(Date.now() / 1000) > options.webhookToleranceSeconds) {
        return {
          status: 400,
          body: { error: { code: 'VALIDATION_FAILED', message: 'Webhook signature verification failed: Timestamp outside the tolerance zone (in the future)' } },
        };
      }
      if (PAYMENT_INTENT_EVENTS.has(event.type)) {
        return { status: 200, body: await handleIntentEvent(event, event.data.object as Stripe.PaymentIntent) };
      }
      if (event.type === 'charge.refunded') {
        return { status: 200, body: await handleRefundEvent(event, event.data.object as Stripe.Charge) };
      }
      // Acknowledged so Stripe stops retrying; nothing of ours depends on it.
      return { status: 200, body: { received: true, ignored: true } };
    },
  };
}

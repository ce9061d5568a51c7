import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { RawRoute } from '../runtime/domain.js';
import { sendError, sendJson } from '../runtime/rest.js';
import type { PaymentsService } from './service.js';
import { readRawBody } from '../runtime/raw-body.js';
import { setActor } from '../runtime/trace.js';

/** Stripe events are a few KB; anything past this is not one. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * POST /webhooks/stripe: the raw bytes go to stripe.webhooks.constructEvent untouched (the
 * signature covers them exactly). 400 on a bad signature or stale timestamp (nothing changes),
 * 200 once applied or already applied, 500 if the database failed (Stripe retries).
 */
export function createStripeWebhookRoute(service: PaymentsService, logger?: Logger): RawRoute {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST', { Allow: 'POST' });
      return;
    }
    const body = await readRawBody(req, MAX_WEBHOOK_BYTES);
    if (!body) {
      sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'Webhook body larger than 1 MB');
      return;
    }
    const signature = req.headers['stripe-signature'];
    // What a webhook records, payments records on Stripe's word: its events carry payments as the actor.
    setActor({ type: 'service', id: 'payments' });
    try {
      const result = await service.handleWebhook(body, Array.isArray(signature) ? signature[0] : signature);
      sendJson(res, result.status, result.body);
    } catch (error) {
      logger?.error({ err: error }, 'stripe webhook handling failed');
      sendError(res, 500, 'INTERNAL', 'Webhook could not be applied; retry');
    }
  };
}

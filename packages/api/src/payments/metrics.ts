import { Counter } from 'prom-client';
import { metricsRegistry, recordPaymentDecline } from '../runtime/metrics.js';
import type { MismatchField } from './repository.js';

/** Counts, for alerting, what the payments webhook refused to apply. */
export interface PaymentsMetrics {
  /** A correctly signed event disagreed with our payment on these fields. */
  webhookMismatch(fields: readonly MismatchField[]): void;
  /** A payment moved to failed with this decline code (`payments_declines_total`, runtime/metrics.ts). */
  declined(code: string | null): void;
}

const MISMATCH_METRIC = 'payments_webhook_mismatch_total';

/**
 * `payments_webhook_mismatch_total{service, field}` in the process registry (runtime/metrics.ts):
 * one increment per field of each signed Stripe event that named our payment with another intent,
 * order, amount or currency. Any increase is worth an alert: Stripe signed something we did not ask for.
 */
export function createPaymentsMetrics(service = 'payments'): PaymentsMetrics {
  const registry = metricsRegistry();
  const counter =
    (registry.getSingleMetric(MISMATCH_METRIC) as Counter<'service' | 'field'> | undefined) ??
    new Counter({
      name: MISMATCH_METRIC,
      help: 'Signed Stripe webhook events not applied because they disagreed with our payment, by field (intent_id, order_id, amount, currency)',
      labelNames: ['service', 'field'],
      registers: [registry],
    });
  return {
    webhookMismatch(fields) {
      for (const field of fields) counter.inc({ service, field });
    },
    declined(code) {
      recordPaymentDecline(code, service);
    },
  };
}

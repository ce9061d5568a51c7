import { FUNNEL_STEPS, type FunnelStepDto } from './schemas.js';

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);

/**
 * The funnel's figures from per-step counts of sessions that reached each step in order (PostHog's
 * definitions): step conversion = k ÷ k−1, overall = k ÷ step 1 (sessions), drop-off = k−1 − k.
 */
export function funnelSteps(counts: number[]): FunnelStepDto[] {
  return FUNNEL_STEPS.map((step, index) => {
    const count = counts[index] ?? 0;
    const previous = index === 0 ? count : (counts[index - 1] ?? 0);
    return {
      step,
      count,
      stepConversion: index === 0 ? (count > 0 ? 1 : 0) : ratio(count, previous),
      overallConversion: ratio(count, counts[0] ?? 0),
      dropOff: index === 0 ? 0 : previous - count,
    };
  });
}

export interface SessionEvent {
  type: string;
  at: number;
  /** A product page view. */
  productView?: boolean;
}

/**
 * Which funnel steps one session reached, in order (the same rule as the SQL in repository.ts): each
 * step's time is the first of its kind at or after the previous step's. 1 = the session itself.
 */
export function reachedSteps(events: SessionEvent[]): number {
  const kinds = [(e: SessionEvent) => e.type === 'page_view' && e.productView === true, (e: SessionEvent) => e.type === 'add_to_cart', (e: SessionEvent) => e.type === 'checkout_started', (e: SessionEvent) => e.type === 'order_placed'];
  if (events.length === 0) return 0;
  let reached = 1;
  let since = -Infinity;
  for (const matches of kinds) {
    const times = events.filter((e) => matches(e) && e.at >= since).map((e) => e.at);
    if (times.length === 0) break;
    since = Math.min(...times);
    reached += 1;
  }
  return reached;
}

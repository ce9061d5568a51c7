/**
 * The conversion funnel as the analytics service answers it (PostHog's definitions: a step's
 * conversion is the sessions that reached it ÷ those that reached the step before, 1 for the first
 * step; overall conversion is reached ÷ sessions; drop-off is the step before's count − this one's),
 * with each step's words and its previous-period figures beside it.
 */
import type { FunnelStepDto, FunnelStepName } from './types';

export const FUNNEL_LABELS: Readonly<Record<FunnelStepName, string>> = {
  session: 'Sessions',
  product_view: 'Viewed a product',
  add_to_cart: 'Added to cart',
  checkout_started: 'Started checkout',
  order_placed: 'Placed an order',
};

export interface FunnelRow extends FunnelStepDto {
  label: string;
  /** dropOff ÷ the step before's count (null for the first step or when the step before had none). */
  dropOffRate: number | null;
  previous: FunnelStepDto | null;
}

export function funnelRows(current: readonly FunnelStepDto[], previous: readonly FunnelStepDto[] | null | undefined): FunnelRow[] {
  return current.map((step, index) => {
    const before = index > 0 ? current[index - 1]! : null;
    return {
      ...step,
      label: FUNNEL_LABELS[step.step] ?? step.step,
      dropOffRate: before && before.count > 0 ? step.dropOff / before.count : null,
      previous: previous?.find((candidate) => candidate.step === step.step) ?? null,
    };
  });
}

/** Sessions → orders: the last step's overall conversion (null without sessions). */
export function conversionRate(steps: readonly FunnelStepDto[] | null | undefined): number | null {
  if (!steps?.length || !steps[0]!.count) return null;
  return steps.find((step) => step.step === 'order_placed')?.overallConversion ?? null;
}

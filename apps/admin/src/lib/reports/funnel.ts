/**
 * The conversion funnel's arithmetic, as PostHog defines it: a step's conversion is the sessions
 * that reached it ÷ those that reached the step before; overall conversion is reached ÷ entered the
 * first step; drop-off is who reached the step before but not this one.
 */
import { ratio } from './format';

export interface FunnelStepCount {
  key: string;
  label: string;
  count: number;
  /** The previous period's count (null without comparison). */
  previous: number | null;
}

export interface FunnelStep extends FunnelStepCount {
  /** count ÷ the step before's count (null for the first step, or when the step before had none). */
  stepConversion: number | null;
  /** count ÷ the first step's count. */
  overallConversion: number | null;
  /** The step before's count − this one's (0 for the first step). */
  dropOff: number;
  /** dropOff ÷ the step before's count. */
  dropOffRate: number | null;
  previousStepConversion: number | null;
  previousOverallConversion: number | null;
}

export function funnelSteps(steps: readonly FunnelStepCount[]): FunnelStep[] {
  const firstCount = steps[0]?.count ?? 0;
  const firstPrevious = steps[0]?.previous ?? null;
  return steps.map((step, index) => {
    const before = index > 0 ? steps[index - 1]! : null;
    const dropOff = before ? Math.max(0, before.count - step.count) : 0;
    return {
      ...step,
      stepConversion: before ? ratio(step.count, before.count) : null,
      overallConversion: ratio(step.count, firstCount),
      dropOff,
      dropOffRate: before ? ratio(dropOff, before.count) : null,
      previousStepConversion: before && step.previous !== null && before.previous !== null ? ratio(step.previous, before.previous) : null,
      previousOverallConversion: step.previous !== null && firstPrevious !== null ? ratio(step.previous, firstPrevious) : null,
    };
  });
}

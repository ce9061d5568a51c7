import { MAX_LINE_QUANTITY } from '@omnicart/contracts';
import type { BadgeTone } from '@omnicart/ui';

/** What a flagged cart line tells the shopper. Flagged lines are kept but not counted in the totals. */
export interface LineIssueText {
  label: string;
  text: string;
  tone: BadgeTone;
}

export function describeLineIssue(issue: string | null, available: number): LineIssueText | null {
  switch (issue) {
    case null:
      return null;
    case 'archived':
      return { label: 'No longer sold', text: 'This product is no longer sold. Remove it to check out.', tone: 'neutral' };
    case 'out_of_stock':
      return { label: 'Out of stock', text: 'This product is out of stock right now, so it is not included in your total.', tone: 'danger' };
    case 'insufficient_stock':
      return {
        label: 'Not enough stock',
        text: `Only ${available} left. Lower the quantity to ${available} or less to include it in your order.`,
        tone: 'warning',
      };
    case 'unavailable':
      return { label: 'Unavailable', text: 'This product is not available any more. Remove it to check out.', tone: 'neutral' };
    default:
      return { label: 'Unavailable', text: 'This product cannot be bought right now, so it is not included in your total.', tone: 'neutral' };
  }
}

/** Clamps what a shopper types into the quantity box to 1-MAX_LINE_QUANTITY (NaN → null: ignore the keystroke). */
export function clampQuantity(value: string | number, min = 1, max = MAX_LINE_QUANTITY): number | null {
  const parsed = typeof value === 'number' ? value : Number.parseInt(value, 10);
  if (!Number.isFinite(parsed)) return null;
  return Math.min(max, Math.max(min, Math.trunc(parsed)));
}

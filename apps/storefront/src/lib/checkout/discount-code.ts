import { z } from 'zod';

/**
 * Discount codes in the cart and at checkout: the field's rule (shared by the form and the BFF),
 * the reasons promotions gives when a code does not apply, and the wording of a discount row.
 * Pure, so both sides run it and every case is unit-tested.
 */

/** The orders service takes up to 64 characters; promotions' codes are letters, digits, - and _. */
export const DISCOUNT_CODE_MAX_LENGTH = 64;

/** A code as typed: trimmed, upper-cased (codes are case-insensitive), letters, digits, - and _. */
export const discountCodeSchema = z
  .string()
  .trim()
  .min(1, 'Enter a discount code')
  .max(DISCOUNT_CODE_MAX_LENGTH, `A discount code has at most ${DISCOUNT_CODE_MAX_LENGTH} characters`)
  .transform((value) => value.toUpperCase())
  .refine((value) => /^[A-Z0-9][A-Z0-9_-]*$/.test(value), 'A discount code has only letters, digits, - and _');

/** What promotions answers in `codeRefusal.reason` (quote) and `details.reason` (checkout's 409). */
export const CODE_REFUSAL_REASONS = [
  'unknown_code',
  'inactive',
  'expired',
  'not_started',
  'minimum_not_met',
  'usage_limit_reached',
  'not_applicable',
  'already_used',
] as const;
export type CodeRefusalReason = (typeof CODE_REFUSAL_REASONS)[number];

/** Is a checkout refusal's `details` about the discount code (rather than stock, an order in progress…)? */
export function isCodeRefusal(details: Record<string, unknown> | undefined): boolean {
  const reason = details?.reason;
  return typeof reason === 'string' && (CODE_REFUSAL_REASONS as readonly string[]).includes(reason);
}

export interface DiscountLine {
  kind: 'code' | 'automatic';
  code: string | null;
  name: string;
  label: string;
  amount: number;
}

/** A totals row's label: "Discount (WELCOME10, 10 % off)" for a code, "Weekend sale (10 % off)" for an automatic promotion. */
export function discountRowLabel(discount: Pick<DiscountLine, 'kind' | 'code' | 'name' | 'label'>): string {
  if (discount.kind === 'code' && discount.code) return `Discount (${discount.code}, ${discount.label})`;
  return `${discount.name} (${discount.label})`;
}

/** productId → cents the discounts take off that line (lines without savings are left out). */
export function lineSavings(lines: ReadonlyArray<{ productId: string; discount: number }> | undefined): ReadonlyMap<string, number> {
  const savings = new Map<string, number>();
  for (const line of lines ?? []) if (line.discount > 0) savings.set(line.productId, (savings.get(line.productId) ?? 0) + line.discount);
  return savings;
}

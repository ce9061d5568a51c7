/**
 * The discount arithmetic, pure (discount.test.ts): which promotions an order gets and what each
 * takes off every line, in integer cents. The rules (README "Stacking and rounding"):
 *
 * - At most one automatic promotion (the one worth most to the shopper; ties: the older one) and
 *   at most one code. The automatic one applies first, the code to what is left, so together they
 *   can never take a line below zero.
 * - A percentage is taken of the eligible lines' total and rounded half-up once, then spread over
 *   the lines in proportion to their amounts by the largest-remainder method: the parts always add
 *   up exactly to the whole, and no line gives more than it has.
 * - A fixed amount is capped at the eligible lines' total and spread the same way.
 * - Free shipping waives the shipping the order owes (once, however many promotions offer it).
 * - A minimum subtotal compares with the eligible lines' total before any discount.
 * - Scopes: the whole order, some products, or some categories (a category includes its
 *   subcategories).
 */

export const DISCOUNT_TYPES = ['percent', 'fixed', 'free_shipping'] as const;
export type DiscountType = (typeof DISCOUNT_TYPES)[number];
export const SCOPES = ['order', 'categories', 'products'] as const;
export type Scope = (typeof SCOPES)[number];

/** Why a code does not apply (the quote shows it; checkout answers 409 with it). */
export const REFUSAL_REASONS = [
  'unknown_code',
  'inactive',
  'expired',
  'not_started',
  'minimum_not_met',
  'usage_limit_reached',
  'not_applicable',
  'already_used',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface OrderLine {
  productId: string;
  categoryId: string | null;
  unitPrice: number;
  quantity: number;
}

export interface PromotionRule {
  id: string;
  name: string;
  kind: 'code' | 'automatic';
  discountType: DiscountType;
  /** percent: basis points (1500 = 15 %); fixed: cents; free_shipping: unused. */
  value: number;
  scope: Scope;
  categoryIds: readonly string[];
  productIds: readonly string[];
  minSubtotal: number;
  startsAt: Date | null;
  endsAt: Date | null;
  active: boolean;
  createdAt: Date;
}

export interface CodeChoice {
  rule: PromotionRule;
  code: string;
  codeId: string;
}

export interface AppliedDiscount {
  promotionId: string;
  name: string;
  kind: 'code' | 'automatic';
  code: string | null;
  codeId: string | null;
  discountType: DiscountType;
  /** The rule's value (basis points or cents), for its label. */
  value: number;
  /** Merchandise discount + shipping waived, in cents. */
  amount: number;
  /** What it took off each line (aligned with the order's lines). */
  lineAmounts: number[];
  shippingAmount: number;
}

export interface Refusal {
  reason: RefusalReason;
  message: string;
}

export interface DiscountOutcome {
  applied: AppliedDiscount[];
  /** Per line, every promotion's part added up. */
  lineDiscounts: number[];
  shippingDiscount: number;
  /** lineDiscounts + shippingDiscount. */
  discount: number;
  /** Why the code given does not apply (the order is then priced without it). */
  codeRefusal: Refusal | null;
}

/** Category id → itself and its ancestors (unknown ids: just themselves). */
export type CategoryAncestry = (categoryId: string) => readonly string[];

const BASIS_POINTS = 10_000;

/** Splits `whole` cents over `weights` in proportion (largest remainder): parts sum to `whole`, part i ≤ weights[i]. */
export function spread(whole: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (whole <= 0 || total <= 0) return weights.map(() => 0);
  const capped = Math.min(whole, total);
  const parts = weights.map((weight) => Math.floor((capped * weight) / total));
  let left = capped - parts.reduce((sum, part) => sum + part, 0);
  // Hand the cents the floors left over to the largest remainders (ties: the earlier line).
  const order = weights
    .map((weight, index) => ({ index, remainder: (capped * weight) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    if (parts[index]! < weights[index]!) {
      parts[index]! += 1;
      left -= 1;
    }
  }
  return parts;
}

/** amount × basisPoints / 10 000, rounded half-up (amounts are non-negative cents). */
export function percentOf(amount: number, basisPoints: number): number {
  return Math.floor((amount * basisPoints + BASIS_POINTS / 2) / BASIS_POINTS);
}

/** Whether the line falls in the rule's scope. */
export function inScope(rule: PromotionRule, line: OrderLine, ancestry: CategoryAncestry): boolean {
  if (rule.scope === 'order') return true;
  if (rule.scope === 'products') return rule.productIds.includes(line.productId);
  if (!line.categoryId) return false;
  return ancestry(line.categoryId).some((id) => rule.categoryIds.includes(id));
}

/** Why the rule cannot apply now to these lines, or null; the limits (counters) are the repository's. */
export function refusalOf(rule: PromotionRule, lines: readonly OrderLine[], now: Date, ancestry: CategoryAncestry): Refusal | null {
  if (!rule.active) return { reason: 'inactive', message: 'This code is no longer active' };
  if (rule.startsAt && now < rule.startsAt) return { reason: 'not_started', message: 'This code is not valid yet' };
  if (rule.endsAt && now >= rule.endsAt) return { reason: 'expired', message: 'This code has expired' };
  const eligible = lines.filter((line) => inScope(rule, line, ancestry));
  if (eligible.length === 0) return { reason: 'not_applicable', message: 'This code is not valid for the items in your cart' };
  const eligibleSubtotal = eligible.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  if (eligibleSubtotal < rule.minSubtotal) {
    const short = rule.minSubtotal - eligibleSubtotal;
    return {
      reason: 'minimum_not_met',
      message: `This code needs a subtotal of at least ${formatCents(rule.minSubtotal)}${rule.scope === 'order' ? '' : ' on the items it applies to'}; add ${formatCents(short)} more`,
    };
  }
  return null;
}

/** What the rule takes off the `remaining` line amounts and shipping (the amounts earlier promotions left). */
function take(rule: PromotionRule, lines: readonly OrderLine[], remaining: readonly number[], shippingLeft: number, ancestry: CategoryAncestry) {
  const weights = lines.map((line, index) => (inScope(rule, line, ancestry) ? remaining[index]! : 0));
  const eligible = weights.reduce((sum, weight) => sum + weight, 0);
  if (rule.discountType === 'free_shipping') return { lineAmounts: lines.map(() => 0), shippingAmount: shippingLeft };
  const whole = rule.discountType === 'percent' ? percentOf(eligible, Math.min(rule.value, BASIS_POINTS)) : Math.min(rule.value, eligible);
  return { lineAmounts: spread(whole, weights), shippingAmount: 0 };
}

function applied(rule: PromotionRule, code: CodeChoice | null, amounts: { lineAmounts: number[]; shippingAmount: number }): AppliedDiscount {
  const merchandise = amounts.lineAmounts.reduce((sum, part) => sum + part, 0);
  return {
    promotionId: rule.id,
    name: rule.name,
    kind: rule.kind,
    code: code?.code ?? null,
    codeId: code?.codeId ?? null,
    discountType: rule.discountType,
    value: rule.value,
    amount: merchandise + amounts.shippingAmount,
    lineAmounts: amounts.lineAmounts,
    shippingAmount: amounts.shippingAmount,
  };
}

export interface DiscountInput {
  lines: readonly OrderLine[];
  /** The shipping the order owes before discounts. */
  shipping: number;
  automatic: readonly PromotionRule[];
  code: CodeChoice | null;
  now: Date;
  ancestry: CategoryAncestry;
}

export function computeDiscounts(input: DiscountInput): DiscountOutcome {
  const { lines, shipping, now, ancestry } = input;
  const totals = lines.map((line) => line.unitPrice * line.quantity);

  // The best automatic promotion on the undiscounted order (worth most; ties: the older one).
  let best: AppliedDiscount | null = null;
  let bestRule: PromotionRule | null = null;
  for (const rule of input.automatic) {
    if (refusalOf(rule, lines, now, ancestry)) continue;
    const candidate = applied(rule, null, take(rule, lines, totals, shipping, ancestry));
    if (candidate.amount <= 0) continue;
    if (!best || !bestRule || candidate.amount > best.amount || (candidate.amount === best.amount && rule.createdAt < bestRule.createdAt)) {
      best = candidate;
      bestRule = rule;
    }
  }
  const result: AppliedDiscount[] = best ? [best] : [];
  const remaining = totals.map((total, index) => total - (best?.lineAmounts[index] ?? 0));
  let shippingLeft = shipping - (best?.shippingAmount ?? 0);

  let codeRefusal: Refusal | null = null;
  if (input.code) {
    const { rule } = input.code;
    codeRefusal = refusalOf(rule, lines, now, ancestry);
    if (!codeRefusal) {
      const fromCode = applied(rule, input.code, take(rule, lines, remaining, shippingLeft, ancestry));
      if (fromCode.amount <= 0) {
        codeRefusal =
          rule.discountType === 'free_shipping'
            ? { reason: 'not_applicable', message: 'Shipping on this order is already free' }
            : { reason: 'not_applicable', message: 'Another promotion already takes the whole price of the items this code applies to' };
      } else {
        result.push(fromCode);
        fromCode.lineAmounts.forEach((part, index) => (remaining[index]! -= part));
        shippingLeft -= fromCode.shippingAmount;
      }
    }
  }

  const lineDiscounts = totals.map((total, index) => total - remaining[index]!);
  const shippingDiscount = shipping - shippingLeft;
  return { applied: result, lineDiscounts, shippingDiscount, discount: lineDiscounts.reduce((sum, part) => sum + part, 0) + shippingDiscount, codeRefusal };
}

/** Codes are case-insensitive and trimmed: stored and looked up upper-cased. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** What the shopper reads: "15 % off", "$5.00 off", "Free shipping". */
export function labelOf(rule: Pick<PromotionRule, 'discountType' | 'value'>): string {
  if (rule.discountType === 'free_shipping') return 'Free shipping';
  if (rule.discountType === 'fixed') return `${formatCents(rule.value)} off`;
  return `${Number((rule.value / 100).toFixed(2))} % off`;
}

export function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

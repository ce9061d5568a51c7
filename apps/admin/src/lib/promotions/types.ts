import type { PromotionsRouter } from '@omnicart/api';
import type { BadgeTone } from '@omnicart/ui';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Types only, from the promotions router (@omnicart/api). */
type PromotionsIn = inferRouterInputs<PromotionsRouter>;
type PromotionsOut = inferRouterOutputs<PromotionsRouter>;

export type Promotion = PromotionsOut['get'];
export type PromotionPage = PromotionsOut['list'];
export type PromotionKind = Promotion['kind'];
export type PromotionState = Promotion['state'];
export type DiscountType = Promotion['discountType'];
export type PromotionScope = Promotion['scope'];
export type CreatePromotionInput = PromotionsIn['create'];
export type UpdatePromotionInput = PromotionsIn['update'];
export type ListPromotionsInput = Exclude<PromotionsIn['list'], void | undefined>;
export type CodeBatch = PromotionsOut['generateCodes'];
export type CodePage = PromotionsOut['codes'];
export type CodesCsv = PromotionsOut['exportCodes'];

/** The router's enums, checked against its types (the admin has no run-time import of the API). */
export const PROMOTION_KINDS = ['code', 'automatic'] as const satisfies readonly PromotionKind[];
export const PROMOTION_STATES = ['active', 'scheduled', 'expired', 'inactive'] as const satisfies readonly PromotionState[];
export const DISCOUNT_TYPES = ['percent', 'fixed', 'free_shipping'] as const satisfies readonly DiscountType[];
export const SCOPES = ['order', 'categories', 'products'] as const satisfies readonly PromotionScope[];

export const KIND_LABELS: Record<PromotionKind, string> = { code: 'Code', automatic: 'Automatic' };
export const STATE_LABELS: Record<PromotionState, string> = { active: 'Active', scheduled: 'Scheduled', expired: 'Expired', inactive: 'Inactive' };
export const STATE_TONES: Record<PromotionState, BadgeTone> = { active: 'success', scheduled: 'info', expired: 'neutral', inactive: 'warning' };
export const DISCOUNT_TYPE_LABELS: Record<DiscountType, string> = { percent: 'Percentage off', fixed: 'Fixed amount off', free_shipping: 'Free shipping' };
export const SCOPE_LABELS: Record<PromotionScope, string> = { order: 'The whole order', categories: 'Some categories', products: 'Some products' };

/** Same rule as promotions' (schemas.ts CODE_PATTERN): upper-cased, 3–40 characters. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,39}$/;
/** Most codes one generation makes (promotions' MAX_CODES_PER_BATCH). */
export const MAX_CODES_PER_BATCH = 10_000;
/** Most redemptions a limit may name (promotions' `limit`). */
export const MAX_LIMIT = 1_000_000;
/** Largest money amount promotions takes (cents). */
export const MAX_CENTS = 100_000_000;

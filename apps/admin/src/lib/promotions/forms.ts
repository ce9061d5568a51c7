import { isoFromStoreTime, storeTimeInputValue } from '@/lib/campaigns/store-time';
import { centsFromDecimal, decimalFromCents, first, queryString, type SearchParams } from '@/lib/url-state';
import {
  CODE_PATTERN,
  DISCOUNT_TYPES,
  MAX_CENTS,
  MAX_CODES_PER_BATCH,
  MAX_LIMIT,
  PROMOTION_KINDS,
  PROMOTION_STATES,
  SCOPES,
  type CreatePromotionInput,
  type DiscountType,
  type Promotion,
  type PromotionKind,
  type PromotionScope,
  type PromotionState,
  type UpdatePromotionInput,
} from './types';

/**
 * The promotion form as typed (strings): what the server action reads, checks with the rules
 * promotions applies (schemas.ts and the service), and shows again after a refusal.
 */
export interface PromotionFormValues {
  kind: PromotionKind;
  name: string;
  discountType: DiscountType;
  /** "15" or "12.5": the percentage (percent only). */
  percentOff: string;
  /** Dollars as typed (fixed only); promotions keeps cents (`amountOff`). */
  amountOff: string;
  scope: PromotionScope;
  /** Comma-separated ids (FormData repeats the field; the form state keeps one string). */
  categoryIds: string;
  productIds: string;
  /** Dollars as typed; empty = no minimum. */
  minSubtotal: string;
  /** "2026-12-24T09:00" on the store's clock (a datetime-local input), empty = no start / no end. */
  startsAt: string;
  endsAt: string;
  /** What the edited promotion had when the form was opened (unchanged times are not sent again). */
  startsAtWas: string;
  endsAtWas: string;
  usageLimit: string;
  perCustomerLimit: string;
  /** Kind code: the shared code (optional: unique codes can be generated instead). */
  code: string;
}

export const EMPTY_PROMOTION_FORM: PromotionFormValues = {
  kind: 'code',
  name: '',
  discountType: 'percent',
  percentOff: '',
  amountOff: '',
  scope: 'order',
  categoryIds: '',
  productIds: '',
  minSubtotal: '',
  startsAt: '',
  endsAt: '',
  startsAtWas: '',
  endsAtWas: '',
  usageLimit: '',
  perCustomerLimit: '',
  code: '',
};

const TEXT_FIELDS = ['name', 'percentOff', 'amountOff', 'minSubtotal', 'startsAt', 'endsAt', 'startsAtWas', 'endsAtWas', 'usageLimit', 'perCustomerLimit', 'code'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(options: readonly T[], value: string, fallback: T): T {
  return (options as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Ids from repeated fields or one comma-separated value: valid UUIDs only, once each, in order. */
export function idList(raw: readonly string[]): string[] {
  const ids = raw.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => UUID.test(value));
  return [...new Set(ids)];
}

/** Form fields (FormData, or the values a refused form kept) → the typed values. */
export function promotionFormValues(form: FormData | Record<string, unknown>): PromotionFormValues {
  const all = (name: string): string[] => {
    const values = form instanceof FormData ? form.getAll(name) : [form[name]];
    return values.filter((value): value is string => typeof value === 'string');
  };
  const one = (name: string) => all(name)[0] ?? '';
  const text = Object.fromEntries(TEXT_FIELDS.map((name) => [name, one(name)])) as Record<(typeof TEXT_FIELDS)[number], string>;
  return {
    ...text,
    kind: oneOf(PROMOTION_KINDS, one('kind'), 'code'),
    discountType: oneOf(DISCOUNT_TYPES, one('discountType'), 'percent'),
    scope: oneOf(SCOPES, one('scope'), 'order'),
    categoryIds: idList(all('categoryIds')).join(','),
    productIds: idList(all('productIds')).join(','),
  };
}

/** A saved promotion → the form's values (cents as dollars, instants on the store's clock). */
export function formValuesOfPromotion(promotion: Promotion, timeZone: string): PromotionFormValues {
  const local = (iso: string | null) => (iso ? storeTimeInputValue(iso, timeZone) : '');
  return {
    kind: promotion.kind,
    name: promotion.name,
    discountType: promotion.discountType,
    percentOff: promotion.percentOff === null ? '' : String(promotion.percentOff),
    amountOff: promotion.amountOff === null ? '' : (decimalFromCents(promotion.amountOff) ?? ''),
    scope: promotion.scope,
    categoryIds: promotion.categoryIds.join(','),
    productIds: promotion.productIds.join(','),
    minSubtotal: promotion.minSubtotal > 0 ? (decimalFromCents(promotion.minSubtotal) ?? '') : '',
    startsAt: local(promotion.startsAt),
    endsAt: local(promotion.endsAt),
    startsAtWas: local(promotion.startsAt),
    endsAtWas: local(promotion.endsAt),
    usageLimit: promotion.usageLimit === null ? '' : String(promotion.usageLimit),
    perCustomerLimit: promotion.perCustomerLimit === null ? '' : String(promotion.perCustomerLimit),
    code: promotion.code ?? '',
  };
}

/** "15" / "12.5" / "0.01" → the percentage; more than two decimals, 0 or above 100 → undefined. */
export function percentOf(value: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value.trim().replace(/\s*%$/, ''));
  if (!match) return undefined;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return hundredths >= 1 && hundredths <= 10_000 ? hundredths / 100 : undefined;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A datetime-local value ("2026-12-24T09:00") that names a real day and time, or undefined. */
export function localDateTime(value: string): string | undefined {
  const trimmed = value.trim();
  const match = LOCAL_DATE_TIME.exec(trimmed);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  return trimmed;
}

/** An optional whole number from 1 to 1 000 000 (usage limits): null when empty. */
function limitOf(value: string): number | null | undefined {
  const trimmed = value.trim().replace(/[,\s]/g, '');
  if (!trimmed) return null;
  if (!/^\d{1,7}$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return number >= 1 && number <= MAX_LIMIT ? number : undefined;
}

const LIMIT_MESSAGE = `A whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}, or empty for no limit`;

type Checked<T> = { input: T } | { fieldErrors: Record<string, string> };

/** The fields both create and update send, checked; `fieldErrors` collects what is wrong. */
function commonFields(values: PromotionFormValues, fieldErrors: Record<string, string>, editing: boolean, timeZone: string) {
  const name = values.name.trim();
  if (!name) fieldErrors.name = 'Name is required';
  else if (name.length > 120) fieldErrors.name = 'At most 120 characters';

  let percentOff: number | null = null;
  let amountOff: number | null = null;
  if (values.discountType === 'percent') {
    const percent = percentOf(values.percentOff);
    if (percent === undefined) fieldErrors.percentOff = 'A percentage from 0.01 to 100, at most two decimals (like 15 or 12.5)';
    else percentOff = percent;
  } else if (values.discountType === 'fixed') {
    const cents = centsFromDecimal(values.amountOff.trim());
    if (cents === undefined || cents < 1 || cents > MAX_CENTS) fieldErrors.amountOff = 'An amount in dollars, like 10 or 4.99 (at least $0.01)';
    else amountOff = cents;
  }

  const categoryIds = idList([values.categoryIds]);
  const productIds = idList([values.productIds]);
  if (values.scope === 'categories' && categoryIds.length === 0) fieldErrors.categoryIds = 'Choose at least one category';
  if (values.scope === 'categories' && categoryIds.length > 200) fieldErrors.categoryIds = 'At most 200 categories';
  if (values.scope === 'products' && productIds.length === 0) fieldErrors.productIds = 'Choose at least one product';
  if (values.scope === 'products' && productIds.length > 1000) fieldErrors.productIds = 'At most 1,000 products';

  let minSubtotal = 0;
  if (values.minSubtotal.trim()) {
    const cents = centsFromDecimal(values.minSubtotal.trim());
    if (cents === undefined || cents > MAX_CENTS) fieldErrors.minSubtotal = 'An amount in dollars, like 50 or 49.99 (or empty for no minimum)';
    else minSubtotal = cents;
  }

  const time = (field: 'startsAt' | 'endsAt'): string | null => {
    if (!values[field].trim()) return null;
    const local = localDateTime(values[field]);
    if (!local) fieldErrors[field] = 'A date and a time, or empty';
    return local ?? null;
  };
  const startsAt = time('startsAt');
  const endsAt = time('endsAt');
  // Same-format local times compare as strings.
  if (startsAt && endsAt && endsAt <= startsAt) fieldErrors.endsAt = 'The end must be after the start';

  const usageLimit = limitOf(values.usageLimit);
  if (usageLimit === undefined) fieldErrors.usageLimit = LIMIT_MESSAGE;
  const perCustomerLimit = limitOf(values.perCustomerLimit);
  if (perCustomerLimit === undefined) fieldErrors.perCustomerLimit = LIMIT_MESSAGE;

  // Sent as instants computed in the zone the form showed (the orders settings' store zone), so promotions
  // never reads them in another zone. Editing: a time left as it was is not sent again.
  const instant = (field: 'startsAt' | 'endsAt', local: string | null): string | null => {
    if (local === null) return null;
    const iso = isoFromStoreTime(local, timeZone);
    if (!iso) fieldErrors[field] = `Not a time in ${timeZone}`;
    return iso;
  };
  const timeChanges = editing
    ? {
        ...(startsAt !== (values.startsAtWas || null) ? { startsAt: instant('startsAt', startsAt) } : {}),
        ...(endsAt !== (values.endsAtWas || null) ? { endsAt: instant('endsAt', endsAt) } : {}),
      }
    : { startsAt: instant('startsAt', startsAt), endsAt: instant('endsAt', endsAt) };

  return {
    name,
    percentOff,
    amountOff,
    scope: values.scope,
    categoryIds: values.scope === 'categories' ? categoryIds : [],
    productIds: values.scope === 'products' ? productIds : [],
    minSubtotal,
    ...timeChanges,
    usageLimit: usageLimit ?? null,
    perCustomerLimit: perCustomerLimit ?? null,
  };
}

/** A new promotion: the values → promotions' create input, or the field errors to show. */
export function createInputOf(values: PromotionFormValues, timeZone: string): Checked<CreatePromotionInput> {
  const fieldErrors: Record<string, string> = {};
  const fields = commonFields(values, fieldErrors, false, timeZone);
  let code: string | undefined;
  if (values.kind === 'code' && values.code.trim()) {
    code = values.code.trim().toUpperCase();
    if (!CODE_PATTERN.test(code)) fieldErrors.code = '3–40 letters, digits, - or _, starting with a letter or a digit';
  }
  if (Object.keys(fieldErrors).length) return { fieldErrors };
  const { percentOff, amountOff, ...rest } = fields;
  return {
    input: {
      kind: values.kind,
      discountType: values.discountType,
      ...(values.discountType === 'percent' ? { percentOff } : {}),
      ...(values.discountType === 'fixed' ? { amountOff } : {}),
      ...rest,
      ...(code ? { code } : {}),
    },
  };
}

/**
 * An edit: the values → promotions' update input (the kind, discount type and code are fixed once
 * created, so they are not sent), or the field errors to show.
 */
export function updateInputOf(id: string, values: PromotionFormValues, timeZone: string): Checked<UpdatePromotionInput> {
  const fieldErrors: Record<string, string> = {};
  const fields = commonFields(values, fieldErrors, true, timeZone);
  if (Object.keys(fieldErrors).length) return { fieldErrors };
  const { percentOff, amountOff, ...rest } = fields;
  return {
    input: {
      id,
      ...(values.discountType === 'percent' ? { percentOff } : {}),
      ...(values.discountType === 'fixed' ? { amountOff } : {}),
      ...rest,
    },
  };
}

/** The API's field names → the form's (the same except where the form says it differently). */
const API_FIELDS: Record<string, keyof PromotionFormValues> = {
  name: 'name',
  kind: 'kind',
  discountType: 'discountType',
  percentOff: 'percentOff',
  amountOff: 'amountOff',
  scope: 'scope',
  categoryIds: 'categoryIds',
  productIds: 'productIds',
  minSubtotal: 'minSubtotal',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  usageLimit: 'usageLimit',
  perCustomerLimit: 'perCustomerLimit',
  code: 'code',
};

/**
 * Promotions' 400 message ("percentOff: at most two decimals; endsAt: must be after startsAt",
 * zod's "categoryIds.0: Invalid UUID") or 409 ("The code X already exists; choose another") →
 * the form's fields. What names no field stays for the form's general message.
 */
export function fieldErrorsOfMessage(message: string, status?: number): Record<string, string> {
  const errors: Record<string, string> = {};
  if (status === 409 && /^The code .+ already exists/i.test(message)) return { code: message };
  if (/^Free shipping takes neither/i.test(message)) return { discountType: message };
  // Parts are split where the next one names a field (a message may itself contain "; ").
  for (const part of message.split(/; (?=[A-Za-z]+(?:\.\d+)?: )/)) {
    const match = /^([A-Za-z]+)(?:\.\d+)?: (.+)$/.exec(part.trim());
    if (!match) continue;
    const field = API_FIELDS[match[1]!];
    if (!field) continue;
    // zod's own messages repeat the field ("percentOff: percentOff: between 0.01 and 100").
    const text = match[2]!.replace(new RegExp(`^${match[1]}: `), '');
    errors[field] ??= text.charAt(0).toUpperCase() + text.slice(1);
  }
  return errors;
}

/** The generate-codes form: count 1–10 000, prefix of up to 12 letters and digits (upper-cased). */
export function generateInputOf(values: { count: string; prefix: string }): { input: { count: number; prefix: string } } | { fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const countText = values.count.trim().replace(/[,\s]/g, '');
  const count = /^\d{1,5}$/.test(countText) ? Number(countText) : NaN;
  if (!(count >= 1 && count <= MAX_CODES_PER_BATCH)) fieldErrors.count = `A whole number from 1 to ${MAX_CODES_PER_BATCH.toLocaleString('en-US')}`;
  const prefix = values.prefix.trim().toUpperCase();
  if (prefix.length > 12 || !/^[A-Z0-9]*$/.test(prefix)) fieldErrors.prefix = 'Up to 12 letters and digits, or empty';
  if (Object.keys(fieldErrors).length) return { fieldErrors };
  return { input: { count, prefix } };
}

/** "3 / 100" (uses taken of the limit), "3 / ∞" without a limit. */
export function usedOfLimit(promotion: Pick<Promotion, 'used' | 'usageLimit'>): string {
  return `${promotion.used.toLocaleString('en-US')} / ${promotion.usageLimit === null ? '∞' : promotion.usageLimit.toLocaleString('en-US')}`;
}

export interface PromotionListParams {
  q?: string;
  kind?: PromotionKind;
  state?: PromotionState;
  page: number;
  pageSize: number;
}

/** The list's filters from the URL: unknown or malformed values are dropped (page 1 of 20). */
export function promotionListParams(params: SearchParams, pageSizes: readonly number[]): PromotionListParams {
  const q = first(params, 'q')?.slice(0, 100);
  const kind = first(params, 'kind');
  const state = first(params, 'state');
  const page = Number(first(params, 'page'));
  const pageSize = Number(first(params, 'pageSize'));
  return {
    ...(q ? { q } : {}),
    ...(kind && (PROMOTION_KINDS as readonly string[]).includes(kind) ? { kind: kind as PromotionKind } : {}),
    ...(state && (PROMOTION_STATES as readonly string[]).includes(state) ? { state: state as PromotionState } : {}),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    pageSize: pageSizes.includes(pageSize) ? pageSize : 20,
  };
}

/** The codes' page from the URL (`codesPage`), 1 when absent or malformed. */
export function codesPageOf(params: SearchParams): number {
  const page = Number(first(params, 'codesPage'));
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

/** A safe file name for the codes' CSV (the API's when it is one, else promotion-<id>-codes.csv). */
export function codesCsvFileName(answered: string, id: string): string {
  return /^[\w.-]+\.csv$/.test(answered) ? answered : `promotion-${id}-codes.csv`;
}

/** The list's URL for these filters and a page (defaults left out: short, shareable links). */
export function promotionListQuery(params: PromotionListParams, page = params.page): string {
  return queryString({ q: params.q, kind: params.kind, state: params.state, page, pageSize: params.pageSize }, { page: 1, pageSize: 20 });
}

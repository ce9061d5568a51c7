import { centsFromDecimal, decimalFromCents } from '@/lib/url-state';
import { money } from '@/lib/format';
import type { Campaign, CampaignInput, CampaignPromotion, CampaignSegment, CategoryOption } from './types';

/** The campaign form as typed (strings): what the server action reads and shows again after a refusal. */
export interface CampaignFormValues {
  name: string;
  subject: string;
  bodyMarkdown: string;
  ctaLabel: string;
  ctaUrl: string;
  segmentKind: CampaignSegment['kind'];
  categoryId: string;
  days: string;
  /** Dollars as typed ("25" or "25.50"); notifications keeps cents. */
  amount: string;
  /** The promotion code it carries: none (''), the promotion's shared code, or a unique code per recipient. */
  promotionCodes: '' | CampaignPromotion['codes'];
  promotionId: string;
}

/** The choices of the "Promotion code" fieldset. */
export const PROMOTION_CODE_LABELS: Record<CampaignFormValues['promotionCodes'], string> = {
  '': 'No code',
  shared: 'A shared code (the same for everyone)',
  unique: 'A unique code for each recipient (single-use)',
};

export const SEGMENT_KINDS = ['all_opted_in', 'bought_in_category', 'no_order_in_days', 'spent_at_least'] as const satisfies readonly CampaignSegment['kind'][];

/** The four kinds of segment, as the form offers them. */
export const SEGMENT_LABELS: Record<CampaignSegment['kind'], string> = {
  all_opted_in: 'Everyone who opted in',
  bought_in_category: 'Bought in a category',
  no_order_in_days: 'No order for a number of days',
  spent_at_least: 'Spent at least an amount',
};

export const EMPTY_CAMPAIGN_FORM: CampaignFormValues = {
  name: '',
  subject: '',
  bodyMarkdown: '',
  ctaLabel: '',
  ctaUrl: '',
  segmentKind: 'all_opted_in',
  categoryId: '',
  days: '90',
  amount: '',
  promotionCodes: '',
  promotionId: '',
};

const FIELDS = ['name', 'subject', 'bodyMarkdown', 'ctaLabel', 'ctaUrl', 'segmentKind', 'categoryId', 'days', 'amount', 'promotionCodes', 'promotionId'] as const;

/** `{{code}}` in a subject or message: where the recipient's code goes. */
const CODE_PLACEHOLDER = /\{\{\s*code\s*\}\}/;

function promotionCodesOf(value: string): CampaignFormValues['promotionCodes'] {
  return value === 'shared' || value === 'unique' ? value : '';
}

function segmentKindOf(value: string): CampaignSegment['kind'] {
  return (SEGMENT_KINDS as readonly string[]).includes(value) ? (value as CampaignSegment['kind']) : 'all_opted_in';
}

/** Form fields (FormData or a plain record from the live preview) → the typed values. */
export function campaignFormValues(form: FormData | Record<string, unknown>): CampaignFormValues {
  const read = (name: string) => {
    const value = form instanceof FormData ? form.get(name) : form[name];
    return typeof value === 'string' ? value : '';
  };
  const values = Object.fromEntries(FIELDS.map((name) => [name, read(name)])) as Record<(typeof FIELDS)[number], string>;
  return { ...values, segmentKind: segmentKindOf(values.segmentKind), promotionCodes: promotionCodesOf(values.promotionCodes) };
}

/** A saved campaign → the form's values (its segment's parameter in its own field; cents shown as dollars). */
export function formValuesOfCampaign(campaign: Pick<Campaign, 'name' | 'subject' | 'bodyMarkdown' | 'ctaLabel' | 'ctaUrl' | 'segment'> & { promotion?: Campaign['promotion'] }): CampaignFormValues {
  const { segment } = campaign;
  return {
    name: campaign.name,
    subject: campaign.subject,
    bodyMarkdown: campaign.bodyMarkdown,
    ctaLabel: campaign.ctaLabel ?? '',
    ctaUrl: campaign.ctaUrl ?? '',
    segmentKind: segment.kind,
    categoryId: segment.kind === 'bought_in_category' ? segment.categoryId : '',
    days: segment.kind === 'no_order_in_days' ? String(segment.days) : EMPTY_CAMPAIGN_FORM.days,
    amount: segment.kind === 'spent_at_least' ? (decimalFromCents(segment.amount) ?? '') : '',
    promotionCodes: campaign.promotion?.codes ?? '',
    promotionId: campaign.promotion?.promotionId ?? '',
  };
}

/** The segment the form describes, or the message for its parameter's field. */
export function segmentOf(values: Pick<CampaignFormValues, 'segmentKind' | 'categoryId' | 'days' | 'amount'>): { segment: CampaignSegment } | { field: 'categoryId' | 'days' | 'amount'; message: string } {
  switch (values.segmentKind) {
    case 'all_opted_in':
      return { segment: { kind: 'all_opted_in' } };
    case 'bought_in_category':
      return values.categoryId ? { segment: { kind: 'bought_in_category', categoryId: values.categoryId } } : { field: 'categoryId', message: 'Choose a category' };
    case 'no_order_in_days': {
      const days = values.days.trim();
      if (!/^\d{1,4}$/.test(days) || Number(days) < 1 || Number(days) > 3650) return { field: 'days', message: 'A whole number of days from 1 to 3650' };
      return { segment: { kind: 'no_order_in_days', days: Number(days) } };
    }
    case 'spent_at_least': {
      const cents = centsFromDecimal(values.amount.trim());
      if (cents === undefined || cents < 1) return { field: 'amount', message: 'An amount in dollars, like 100 or 49.99' };
      return { segment: { kind: 'spent_at_least', amount: cents } };
    }
  }
}

/**
 * The values → notifications' campaign input, or the field errors the form shows (the service
 * checks the rest again and names the field of what it refuses: see `fieldErrorsOfMessage`).
 */
export function campaignInputOf(values: CampaignFormValues): { input: CampaignInput } | { fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  if (!values.name.trim()) fieldErrors.name = 'Name is required';
  if (!values.subject.trim()) fieldErrors.subject = 'Subject is required';
  if (!values.bodyMarkdown.trim()) fieldErrors.bodyMarkdown = 'The message is required';
  const ctaLabel = values.ctaLabel.trim();
  const ctaUrl = values.ctaUrl.trim();
  if (ctaLabel && !ctaUrl) fieldErrors.ctaUrl = 'Add the link the button opens (or clear the button text)';
  if (ctaUrl && !ctaLabel) fieldErrors.ctaLabel = 'Add the button text (or clear the link)';
  if (ctaUrl && !/^https?:\/\/\S+$/i.test(ctaUrl)) fieldErrors.ctaUrl = 'An absolute link, like https://shop.example/sale';
  const segment = segmentOf(values);
  if ('field' in segment) fieldErrors[segment.field] = segment.message;
  const promotionId = values.promotionId.trim();
  if (values.promotionCodes && !promotionId) fieldErrors.promotionId = 'Choose the promotion whose code the e-mail carries';
  if (!values.promotionCodes && (CODE_PLACEHOLDER.test(values.subject) || CODE_PLACEHOLDER.test(values.bodyMarkdown))) {
    fieldErrors.promotionCodes = '{{code}} needs a promotion code: choose one, or take {{code}} out';
  }
  if (Object.keys(fieldErrors).length || !('segment' in segment)) return { fieldErrors };
  return {
    input: {
      name: values.name.trim(),
      subject: values.subject.trim(),
      bodyMarkdown: values.bodyMarkdown,
      ctaLabel: ctaLabel || null,
      ctaUrl: ctaUrl || null,
      segment: segment.segment,
      promotion: values.promotionCodes ? { promotionId, codes: values.promotionCodes } : null,
    },
  };
}

/** The service's 400 message ("ctaUrl: must be …; segment.categoryId: no such category") → the form's fields. */
export function fieldErrorsOfMessage(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z]+(?:\.[A-Za-z]+)?): (.+)$/.exec(part.trim());
    if (!match) continue;
    const path = match[1]!;
    const field = path.startsWith('segment.') ? path.slice('segment.'.length) : path === 'segment' ? 'segmentKind' : path === 'promotion.codes' ? 'promotionCodes' : path.startsWith('promotion') ? 'promotionId' : path;
    if ((FIELDS as readonly string[]).includes(field)) errors[field] ??= match[2]!;
  }
  return errors;
}

/** Who a segment reaches, in words: "Everyone who opted in", "Bought in Audio › Headphones", "Spent at least $100.00". */
export function segmentInWords(segment: CampaignSegment, categories: readonly CategoryOption[]): string {
  switch (segment.kind) {
    case 'all_opted_in':
      return 'Everyone who opted in';
    case 'bought_in_category':
      return `Bought in ${categories.find((category) => category.value === segment.categoryId)?.label ?? 'a removed category'}`;
    case 'no_order_in_days':
      return `No order in ${segment.days} ${segment.days === 1 ? 'day' : 'days'}`;
    case 'spent_at_least':
      return `Spent at least ${money(segment.amount)}`;
  }
}

/** The catalog's tree → select options, sub-categories after their parent ("Audio › Headphones"). */
export function categoryOptions(tree: readonly { id: string; name: string; children: readonly { id: string; name: string }[] }[]): CategoryOption[] {
  return tree.flatMap((parent) => [{ value: parent.id, label: parent.name }, ...parent.children.map((child) => ({ value: child.id, label: `${parent.name} › ${child.name}` }))]);
}

/** The list's page and page size from the URL (unknown or malformed values: the first page of 20). */
export function campaignListParams(params: Record<string, string | string[] | undefined>, pageSizes: readonly number[]): { page: number; pageSize: number } {
  const value = (name: string) => {
    const raw = params[name];
    return Number(Array.isArray(raw) ? raw[0] : raw);
  };
  const page = value('page');
  const pageSize = value('pageSize');
  return { page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1, pageSize: pageSizes.includes(pageSize) ? pageSize : 20 };
}

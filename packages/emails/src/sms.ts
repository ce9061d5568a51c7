import { money, oneLine, orderRef } from './format.js';
import { emailDataSchema, parseBrand, parseTemplateData, TemplateDataError } from './schemas.js';
import type { Brand, SmsTemplateName, SmsTemplates } from './types.js';

/**
 * GSM 03.38: the 7-bit alphabet an SMS segment of 160 characters is written in. The characters of
 * the extension table count twice; a single character outside both turns the whole message into
 * UCS-2, where a segment holds 70.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** Length in GSM-7 septets, or null when the text needs UCS-2. */
export function gsmLength(text: string): number | null {
  let length = 0;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) length += 1;
    else if (GSM_EXTENDED.includes(char)) length += 2;
    else return null;
  }
  return length;
}

/** True when `text` fits one SMS segment: 160 GSM-7 characters, or 70 when it needs UCS-2. */
export function fitsOneSmsSegment(text: string): boolean {
  const gsm = gsmLength(text);
  return gsm === null ? [...text].length <= 70 : gsm <= 160;
}

/** Spaces Intl puts in some amounts ("CHF 12.00") and typographic quotes are not GSM-7: plain ones are. */
function toGsmFriendly(text: string): string {
  return oneLine(text)
    .replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...');
}

type Variants<T extends SmsTemplateName> = (data: SmsTemplates[T], storeName: string) => string[];

/**
 * Each template's wording, longest first: renderSms sends the first that fits one segment (the
 * link is the first thing to go), or the last, shortest one when none does. Every variant keeps
 * the order number and, once shipped, the tracking number.
 */
const smsTemplates: { [T in SmsTemplateName]: Variants<T> } = {
  order_confirmation: (data, store) => {
    const facts = `${store}: your order ${orderRef(data.orderNumber)} is confirmed. Total ${money(data.total, data.currency)}.`;
    return [`${facts} Details: ${data.orderUrl}`, `${facts} ${data.orderUrl}`, facts];
  },
  order_shipped: (data, store) => {
    const carrier = data.carrier ? ` with ${data.carrier}` : '';
    const tracking = data.trackingNumber ? ` Tracking: ${data.trackingNumber}.` : '';
    const facts = `${store}: your order ${orderRef(data.orderNumber)} has shipped${carrier}.${tracking}`;
    const shortFacts = `${store}: order ${orderRef(data.orderNumber)} shipped.${tracking}`;
    return [`${facts} ${data.orderUrl}`, facts, shortFacts];
  },
  order_delivered: (data, store) => {
    const facts = `${store}: your order ${orderRef(data.orderNumber)} was delivered.`;
    return [`${facts} ${data.orderUrl}`, facts];
  },
};

/**
 * Renders one SMS body: short, one segment where the data allows (≤ 160 GSM-7 characters), always
 * with the order number and, for order_shipped, the tracking number. The data is validated like
 * renderEmail's (same schemas; a TemplateDataError names every bad field).
 */
export function renderSms<T extends SmsTemplateName>(template: T, data: SmsTemplates[T], brand: Brand): string {
  if (!Object.hasOwn(smsTemplates, template)) {
    throw new TemplateDataError(String(template), [{ path: [], message: 'unknown SMS template' }]);
  }
  const validBrand = parseBrand(template, brand);
  const validData = parseTemplateData(template, emailDataSchema(template), data);
  const variants = (smsTemplates[template] as Variants<T>)(validData, validBrand.storeName).map(toGsmFriendly);
  return variants.find(fitsOneSmsSegment) ?? (variants.at(-1) as string);
}

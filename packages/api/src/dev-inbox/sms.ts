import { randomBytes } from 'node:crypto';
import type { InboxSms } from './types.js';

/**
 * The part of Twilio's Programmable Messaging API (2010-04-01) the SMS adapter uses, with Twilio's
 * resource JSON, error bodies and test ("magic") numbers, so the official `twilio` SDK talks to it
 * unchanged. Framework-free: server.ts maps HTTP to these functions.
 */

export const TWILIO_API_VERSION = '2010-04-01';

/** Twilio's error body: `{ code, message, more_info, status }`. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  get body(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

/**
 * Twilio's magic test numbers as recipients (https://www.twilio.com/docs/iam/test-credentials):
 * each one fails the way Twilio documents. Any other valid E.164 number is accepted.
 */
export const MAGIC_TO_NUMBERS: Readonly<Record<string, { code: number; message: (to: string) => string }>> = {
  '+15005550001': { code: 21211, message: (to) => `The 'To' number ${to} is not a valid phone number.` },
  '+15005550002': { code: 21612, message: (to) => `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number via SMS.` },
  '+15005550003': { code: 21408, message: (to) => `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.` },
  '+15005550004': { code: 21610, message: () => 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: (to) => `'To' number ${to} is not a valid mobile number` },
};

/** Magic sender numbers: +15005550006 (or any other valid number) passes. */
export const MAGIC_FROM_NUMBERS: Readonly<Record<string, { code: number; message: (from: string) => string }>> = {
  '+15005550001': { code: 21212, message: (from) => `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.` },
  '+15005550007': { code: 21606, message: (from) => `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination/account.` },
  '+15005550008': { code: 21611, message: (from) => `This 'From' number (${from}) has exceeded the maximum number of queued messages` },
};

const E164 = /^\+[1-9]\d{1,14}$/;
/** A short code (5-6 digits) or an alphanumeric sender id (up to 11 characters, at least one letter). */
const SHORT_CODE = /^\d{5,6}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MAX_BODY_CHARACTERS = 1600;

export interface CreateMessageParams {
  To?: string | undefined;
  From?: string | undefined;
  MessagingServiceSid?: string | undefined;
  Body?: string | undefined;
}

/** A stored message with the fields Twilio's resource has and the inbox view lacks. */
export interface StoredSms extends InboxSms {
  dateUpdated: string;
  dateSent: string | null;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const newMessageSid = (): string => `SM${hex(16)}`;

/** Validates a create request and builds the message, or throws the TwilioApiError Twilio would answer. */
export function createMessage(accountSid: string, params: CreateMessageParams, now: Date = new Date()): StoredSms {
  const to = params.To?.trim() ?? '';
  const from = params.From?.trim() ?? '';
  const service = params.MessagingServiceSid?.trim() ?? '';
  const body = params.Body ?? '';
  if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
  if (!from && !service) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
  if (service && !/^MG[0-9a-fA-F]{32}$/.test(service)) throw new TwilioApiError(400, 21701, `The Messaging Service Sid ${service} is invalid.`);
  if (from) {
    const magic = MAGIC_FROM_NUMBERS[from];
    if (magic) throw new TwilioApiError(400, magic.code, magic.message(from));
    if (!E164.test(from) && !SHORT_CODE.test(from) && !ALPHANUMERIC_SENDER.test(from)) {
      throw new TwilioApiError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    }
  }
  if (!E164.test(to)) throw new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  const magicTo = MAGIC_TO_NUMBERS[to];
  if (magicTo) throw new TwilioApiError(400, magicTo.code, magicTo.message(to));
  if (!body) throw new TwilioApiError(400, 21602, 'Message body is required.');
  if ([...body].length > MAX_BODY_CHARACTERS) {
    throw new TwilioApiError(400, 21617, `The concatenated message body exceeds the ${MAX_BODY_CHARACTERS} character limit.`);
  }
  const created = now.toISOString();
  return {
    sid: newMessageSid(),
    accountSid,
    to,
    from: from || null,
    messagingServiceSid: service || null,
    body,
    // Through a Messaging Service Twilio first answers `accepted` (it picks the sender later).
    status: from ? 'queued' : 'accepted',
    numSegments: segmentCount(body),
    dateCreated: created,
    dateUpdated: created,
    dateSent: null,
  };
}

/** The message once "delivered" (what a later fetch shows). */
export function delivered(message: StoredSms, now: Date = new Date()): StoredSms {
  return { ...message, status: 'delivered', dateUpdated: now.toISOString(), dateSent: now.toISOString() };
}

/** Twilio's Message resource, as the API answers it. */
export function messageResource(message: StoredSms): Record<string, unknown> {
  const uri = `/${TWILIO_API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}.json`;
  return {
    account_sid: message.accountSid,
    api_version: TWILIO_API_VERSION,
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: {
      media: `/${TWILIO_API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}/Media.json`,
      feedback: `/${TWILIO_API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}/Feedback.json`,
    },
    to: message.to,
    uri,
  };
}

/** The view GET /api/sms answers. */
export function inboxView(message: StoredSms): InboxSms {
  return {
    sid: message.sid,
    accountSid: message.accountSid,
    to: message.to,
    from: message.from,
    messagingServiceSid: message.messagingServiceSid,
    body: message.body,
    status: message.status,
    numSegments: message.numSegments,
    dateCreated: message.dateCreated,
  };
}

/** `Thu, 24 Aug 2023 05:01:45 +0000`, as Twilio writes dates. */
export function rfc2822(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

// GSM 03.38: the basic set (one septet each) and the extension table (two septets: ESC + char).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * How many SMS segments a body takes: GSM-7 bodies fit 160 septets in one segment, 153 per segment
 * when concatenated; anything outside GSM-7 is sent as UCS-2, 70 UTF-16 units in one, 67 per segment.
 */
export function segmentCount(body: string): number {
  let septets = 0;
  let gsm = true;
  for (const character of body) {
    if (GSM_BASIC.has(character)) septets += 1;
    else if (GSM_EXTENDED.has(character)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const units = body.length; // UTF-16 code units
  return units <= 70 ? 1 : Math.ceil(units / 67);
}

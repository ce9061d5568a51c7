/**
 * The ports notifications sends through. Adapters: SMTP with nodemailer (email-smtp.ts), Twilio's
 * Messages API (sms-twilio.ts). The local dev inbox (packages/api/src/dev-inbox) plays both
 * providers for `npm start` and the tests.
 */

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post on marketing mail. */
  headers?: Record<string, string>;
  /** Our message id (also sent as the X-OmniCart-Message-Id header, so a copy can be traced). */
  messageId: string;
}

export interface OutgoingSms {
  to: string;
  body: string;
}

export interface SentReceipt {
  /** The provider's id for the message (SMTP: the Message-ID it accepted; Twilio: the SM... sid). */
  providerMessageId: string;
}

export interface EmailProvider {
  send(email: OutgoingEmail): Promise<SentReceipt>;
  close(): Promise<void>;
}

export interface SmsProvider {
  send(sms: OutgoingSms): Promise<SentReceipt>;
  close(): Promise<void>;
}

/**
 * A send that failed. `permanent`: retrying cannot help (an SMTP 5xx for the recipient, an
 * invalid phone number) and the message is marked bounced; otherwise it is retried with backoff
 * (connection refused, timeouts, SMTP 4xx, HTTP 429/5xx).
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code?: string | number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

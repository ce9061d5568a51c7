/**
 * What the dev inbox's JSON API answers (GET /api/emails, GET /api/sms). Plain data and no imports,
 * so the test client (client.ts) stays dependency-free for any runner, Playwright included.
 */

export interface InboxEmail {
  /** The inbox's id (GET /api/emails/:id, the /emails/:id page). */
  id: string;
  /** The Message-ID header, angle brackets included (what nodemailer reports as `messageId`). */
  messageId: string | null;
  /** The From header as written (`OmniCart <shop@omnicart.test>`). */
  from: string;
  /** Addresses of the To header. */
  to: string[];
  /** Addresses of the Cc header. */
  cc: string[];
  /** The SMTP envelope: MAIL FROM and every accepted RCPT TO (Bcc recipients appear only here). */
  envelope: { from: string | null; to: string[] };
  subject: string;
  /** The Date header (ISO 8601), or the time it arrived when the header is missing or invalid. */
  date: string;
  /** When the inbox received it (ISO 8601). */
  receivedAt: string;
  /** The text/plain part ('' if the message has none). */
  text: string;
  /** The text/html part ('' if the message has none). */
  html: string;
  /**
   * Header name (lower-cased) → value, unfolded; encoded words decoded. A header that occurs more
   * than once (Received) keeps its first, topmost occurrence.
   */
  headers: Record<string, string>;
  /** Attachments, described (their content is not kept). */
  attachments: Array<{ filename: string | null; contentType: string; size: number; contentId: string | null }>;
  /** Size of the message as received over SMTP, in bytes. */
  size: number;
}

export interface InboxSms {
  /** Twilio's message sid (`SM` + 32 hex). */
  sid: string;
  accountSid: string;
  to: string;
  /** The sender number; null when the message was sent through a Messaging Service. */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  /** `queued` in the create answer (or `accepted` through a Messaging Service); `delivered` once stored. */
  status: string;
  numSegments: number;
  /** ISO 8601. */
  dateCreated: string;
}

export interface EmailFilter {
  /** An address (case-insensitive) among To, Cc or the envelope's recipients. */
  to?: string;
  /** Part of the subject (case-insensitive). */
  subject?: string;
}

export interface SmsFilter {
  /** The recipient number, exactly (E.164). */
  to?: string;
  /** Part of the body (case-insensitive). */
  body?: string;
}

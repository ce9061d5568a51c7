import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import { ProviderError, type EmailProvider, type OutgoingEmail, type SentReceipt } from './types.js';

/**
 * Email over SMTP with nodemailer. The URL says where and how:
 *
 *   smtp://[user:password@]host[:port][?tls=opportunistic|required|none][&rejectUnauthorized=false]
 *   smtps://[user:password@]host[:port][?rejectUnauthorized=false]
 *
 * - `smtps://`: implicit TLS from the first byte (port 465 by default).
 * - `smtp://` (port 587 by default), `tls=`:
 *   - `opportunistic` (default): STARTTLS when the server offers it, plain text otherwise;
 *   - `required`: STARTTLS or nothing (the send fails if the server does not offer it);
 *   - `none`: never STARTTLS, even when offered (a local server such as the dev inbox).
 * - `rejectUnauthorized=false` accepts a certificate that does not verify (a self-signed test server);
 *   never in production.
 * - `user:password` (percent-encoded) are sent with AUTH; without them no AUTH is attempted.
 * Any other query parameter is refused at creation, so a typo cannot silently weaken TLS.
 */
export interface SmtpEmailProviderOptions {
  url: string;
  /** Keep up to 5 connections open and reuse them (default false: one connection per message). */
  pool?: boolean;
  /** Connection, greeting and per-command socket timeout in ms (default 10 000). */
  timeoutMs?: number;
}

type TlsMode = 'opportunistic' | 'required' | 'none';
const TLS_MODES: readonly TlsMode[] = ['opportunistic', 'required', 'none'];
const QUERY_PARAMETERS = ['tls', 'rejectUnauthorized'];

/** Failures nodemailer raises before the server saw the message, for a message that can never go (no recipient, unreadable content). */
const MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'EOTP']);

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  tls: TlsMode;
  rejectUnauthorized: boolean;
  auth: { user: string; pass: string } | undefined;
}

/** Reads an SMTP URL (see SmtpEmailProviderOptions). Throws an Error naming the problem (never the password). */
export function parseSmtpUrl(url: string): SmtpSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SMTP URL is not a valid URL (expected smtp://[user:password@]host[:port] or smtps://...)');
  }
  const shown = `${parsed.protocol}//${parsed.host}`;
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`SMTP URL ${shown}: the scheme must be smtp: or smtps:`);
  if (!parsed.hostname) throw new Error(`SMTP URL ${shown}: a host is required`);
  const unknown = [...parsed.searchParams.keys()].filter((key) => !QUERY_PARAMETERS.includes(key));
  if (unknown.length) throw new Error(`SMTP URL ${shown}: unknown parameter(s) ${unknown.join(', ')} (supported: ${QUERY_PARAMETERS.join(', ')})`);
  const secure = parsed.protocol === 'smtps:';
  const tls = (parsed.searchParams.get('tls') ?? 'opportunistic') as TlsMode;
  if (!TLS_MODES.includes(tls)) throw new Error(`SMTP URL ${shown}: tls must be one of ${TLS_MODES.join(', ')}`);
  if (secure && parsed.searchParams.has('tls')) throw new Error(`SMTP URL ${shown}: smtps: is TLS from the start; tls= applies to smtp: only`);
  const verify = parsed.searchParams.get('rejectUnauthorized') ?? 'true';
  if (verify !== 'true' && verify !== 'false') throw new Error(`SMTP URL ${shown}: rejectUnauthorized must be true or false`);
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    tls: secure ? 'required' : tls,
    rejectUnauthorized: verify === 'true',
    auth: user ? { user, pass } : undefined,
  };
}

export function createSmtpEmailProvider(options: SmtpEmailProviderOptions): EmailProvider {
  const settings = parseSmtpUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transportOptions = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && settings.tls === 'required',
    ignoreTLS: !settings.secure && settings.tls === 'none',
    tls: { rejectUnauthorized: settings.rejectUnauthorized },
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // Our messages carry only strings: refuse any file or URL content outright.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const transport = options.pool ? nodemailer.createTransport({ ...transportOptions, pool: true, maxConnections: 5 }) : nodemailer.createTransport(transportOptions);

  return {
    async send(email: OutgoingEmail): Promise<SentReceipt> {
      try {
        const info = await transport.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: { ...email.headers, 'X-OmniCart-Message-Id': email.messageId },
        });
        // With one recipient a refusal fails the whole send (EENVELOPE); check anyway.
        if (info.rejected.length > 0 && info.accepted.length === 0) {
          throw new ProviderError(`SMTP server refused every recipient: ${info.rejected.join(', ')}`, true);
        }
        return { providerMessageId: info.messageId };
      } catch (error) {
        throw toSmtpProviderError(error);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

/**
 * An SMTP failure as a ProviderError. Permanent (the message is bounced): a 5xx reply about the
 * recipient or the message (RCPT TO, DATA, or 552 "too big" at MAIL FROM), or a message nodemailer
 * cannot build or address. Not permanent (retried): 4xx and 503 replies, connection refused/reset,
 * timeouts, TLS, and 5xx replies to the session (greeting, EHLO, AUTH) or to our sender (MAIL FROM:
 * an unverified sender domain): those are the server's or our settings' fault, and bouncing would
 * wrongly mark every recipient undeliverable until someone fixes them.
 */
export function toSmtpProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = (error ?? {}) as Partial<NodemailerError> & { message?: string };
  const message = failure.message ?? String(error);
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  if (responseCode !== undefined) {
    // nodemailer's own reading of the reply class (5xx but 503 is permanent) when it gives one.
    const permanentReply = failure.permanent ?? (responseCode >= 500 && responseCode !== 503);
    const command = failure.command ?? '';
    const aboutTheMessage = /^(RCPT TO|DATA)\b/.test(command) || (/^MAIL FROM\b/.test(command) && responseCode === 552);
    const configuration = failure.code === 'EAUTH' || failure.code === 'ENOAUTH' || failure.code === 'ETLS';
    return new ProviderError(`SMTP ${responseCode}: ${failure.response ?? message}`, permanentReply && aboutTheMessage && !configuration, responseCode);
  }
  const code = failure.code;
  if (code && MESSAGE_CODES.has(code)) return new ProviderError(`SMTP: ${message}`, true, code);
  return new ProviderError(`SMTP: ${message}`, false, code);
}

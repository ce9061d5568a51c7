import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerError } from 'smtp-server';
import type { InboxEmail } from './types.js';

/** Recipients at this domain are refused at RCPT TO with `550 5.1.1` (a hard bounce, for bounce tests). */
export const REJECT_DOMAIN = 'reject.test';
/** Recipients at this domain are refused at RCPT TO with `450 4.2.1` (a soft bounce: the sender retries). */
export const TEMPFAIL_DOMAIN = 'tempfail.test';

export interface SmtpListenerOptions {
  host: string;
  /** 0: an ephemeral port (kept when the listener is closed and reopened). */
  port: number;
  /** Largest message accepted, in bytes (advertised with SIZE; a bigger one is refused with 552). */
  maxMessageBytes: number;
  logger?: Logger | undefined;
  /** Called with every message accepted. */
  onEmail(email: InboxEmail): void;
}

export interface SmtpListener {
  /** The port it listens on (the same after a close and reopen). */
  readonly port: number;
  readonly accepting: boolean;
  /** false: stop listening and cut open connections (clients see refused connections); true: listen again. */
  setAccepting(accepting: boolean): Promise<void>;
  close(): Promise<void>;
}

const smtpError = (responseCode: number, message: string): SMTPServerError => Object.assign(new Error(message), { responseCode });
const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { logger } = options;
  let port = options.port;
  let server: SMTPServer | undefined;
  // One change of state at a time (POST /api/smtp may race itself).
  let transition: Promise<void> = Promise.resolve();

  function createServer(): SMTPServer {
    return new SMTPServer({
      name: 'dev-inbox.omnicart.test',
      banner: 'OmniCart dev inbox (development only; keeps mail in memory)',
      // Local only: no TLS (nothing to protect on loopback, no certificate to manage), so no
      // STARTTLS either; AUTH is accepted in plain text with any credentials, or skipped.
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
      size: options.maxMessageBytes,
      hideENHANCEDSTATUSCODES: false,
      // Reverse DNS of 127.0.0.1 only slows every connection down.
      disableReverseLookup: true,
      maxClients: 200,
      logger: false,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username ?? 'anonymous' });
      },
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const domain = domainOf(address.address);
        if (domain === REJECT_DOMAIN) {
          callback(smtpError(550, `<${address.address}>: Recipient address rejected: mailbox unavailable (dev inbox: every ${REJECT_DOMAIN} address bounces)`));
          return;
        }
        if (domain === TEMPFAIL_DOMAIN) {
          callback(smtpError(450, `<${address.address}>: Recipient address temporarily unavailable (dev inbox: every ${TEMPFAIL_DOMAIN} address defers)`));
          return;
        }
        callback();
      },
      onData(stream: SMTPServerDataStream, session, callback) {
        readCapped(stream, options.maxMessageBytes).then(
          async (raw) => {
            if (stream.sizeExceeded || raw === null) {
              callback(smtpError(552, `Message exceeds the fixed maximum message size of ${options.maxMessageBytes} bytes`));
              return;
            }
            const envelope = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
            };
            const email = toInboxEmail(await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipHtmlToText: true }), envelope, raw.length);
            options.onEmail(email);
            callback(null, `Message queued as ${email.id}`);
          },
          (error: unknown) => {
            logger?.warn({ err: error }, 'dev inbox: could not read a message');
            callback(smtpError(451, 'Local error in processing: the message could not be read'));
          },
        );
      },
    });
  }

  async function listen(): Promise<void> {
    const next = createServer();
    next.on('error', (error) => logger?.warn({ err: error }, 'dev inbox: SMTP error'));
    await new Promise<void>((resolve, reject) => {
      // The cause's code (EADDRINUSE...) stays on the error: `npm start` reuses an inbox already listening.
      const onError = (error: NodeJS.ErrnoException) =>
        reject(Object.assign(new Error(`dev inbox: SMTP cannot listen on ${options.host}:${port}: ${error.message}`, { cause: error }), { code: error.code }));
      next.server.once('error', onError);
      next.listen(port, options.host, () => {
        next.server.off('error', onError);
        resolve();
      });
    });
    port = (next.server.address() as AddressInfo).port;
    server = next;
  }

  async function shut(): Promise<void> {
    const current = server;
    if (!current) return;
    server = undefined;
    await new Promise<void>((resolve) => {
      current.close(() => resolve());
      // An outage, not a graceful drain: cut the sessions in progress (pooled clients included).
      for (const connection of current.connections) {
        connection.send(421, 'Service not available, closing transmission channel');
        connection.close();
      }
    });
  }

  const enqueue = (step: () => Promise<void>): Promise<void> => {
    transition = transition.then(step, step);
    return transition;
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get accepting() {
      return server !== undefined;
    },
    setAccepting(accepting) {
      return enqueue(async () => {
        if (accepting && !server) {
          await listen();
          logger?.info({ port }, 'dev inbox: SMTP accepting again');
        } else if (!accepting && server) {
          await shut();
          logger?.info({ port }, 'dev inbox: SMTP closed (simulated outage)');
        }
      });
    },
    close: () => enqueue(shut),
  };
}

/** The message bytes, or null as soon as they exceed `max` (the rest is drained, not kept). */
function readCapped(stream: SMTPServerDataStream, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) over = true;
      if (!over) chunks.push(chunk);
    });
    stream.once('end', () => resolve(over ? null : Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

const newId = (): string => randomBytes(8).toString('hex');

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const found: string[] = [];
  for (const object of list) {
    for (const entry of object.value) {
      if (entry.address) found.push(entry.address);
      for (const member of entry.group ?? []) if (member.address) found.push(member.address);
    }
  }
  return found;
}

function toInboxEmail(parsed: ParsedMail, envelope: InboxEmail['envelope'], size: number): InboxEmail {
  const receivedAt = new Date();
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (key in headers) continue;
    const raw = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    // Encoded words (=?UTF-8?...?=) as mailparser decoded them when it kept the header as text.
    const decoded = raw.includes('=?') ? parsed.headers.get(key) : undefined;
    headers[key] = typeof decoded === 'string' ? decoded : raw;
  }
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : receivedAt;
  return {
    id: newId(),
    messageId: parsed.messageId ?? null,
    // As written (mailparser's text re-quotes display names), decoded when it had encoded words.
    from: headers.from === undefined ? '' : headers.from.includes('=?') ? (parsed.from?.text ?? headers.from) : headers.from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    envelope,
    subject: parsed.subject ?? '',
    date: date.toISOString(),
    receivedAt: receivedAt.toISOString(),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers,
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size,
      contentId: attachment.cid ?? null,
    })),
    size,
  };
}

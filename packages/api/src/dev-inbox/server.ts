import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import { localUrl } from '../runtime/http.js';
import { readRawBody } from '../runtime/raw-body.js';
import { inboxClient, type InboxClient } from './client.js';
import { PAGE_SECURITY_HEADERS, emailListPage, emailPage, notFoundPage, smsListPage } from './pages.js';
import { startSmtpListener } from './smtp.js';
import { TWILIO_API_VERSION, TwilioApiError, createMessage, delivered, inboxView, messageResource, type StoredSms } from './sms.js';
import { BoundedStore } from './store.js';
import type { EmailFilter, InboxEmail, SmsFilter } from './types.js';

/** The ports `npm start` and `npm run dev-inbox` use (SMTP, and the web inbox with its API). */
export const DEFAULT_SMTP_PORT = 1025;
export const DEFAULT_HTTP_PORT = 1080;

export interface DevInboxOptions {
  /** Interface both listeners bind to (default 127.0.0.1). */
  host?: string;
  /** 0 or absent: an ephemeral port (tests); the CLI passes DEFAULT_SMTP_PORT. */
  smtpPort?: number;
  /** 0 or absent: an ephemeral port (tests); the CLI passes DEFAULT_HTTP_PORT. */
  httpPort?: number;
  logger?: Logger | undefined;
  /** Emails kept, and text messages kept (each; default 1000). Past it the oldest are dropped. */
  maxMessages?: number;
  /** Largest email accepted over SMTP, in bytes (default 10 MiB; bigger ones get 552). */
  maxMessageBytes?: number;
  /** Total size of the emails kept, in bytes (default 100 MiB). Past it the oldest are dropped. */
  maxStoredBytes?: number;
  /** When set, the Twilio API requires it as the Basic-auth password (with the account sid as user); otherwise any password passes. */
  twilioAuthToken?: string | undefined;
}

export interface DevInbox {
  /** The web inbox and its JSON API (`http://127.0.0.1:1080`). */
  url: string;
  /** Where to send mail (`smtp://127.0.0.1:1025`: no TLS, any or no credentials). */
  smtpUrl: string;
  smtpPort: number;
  httpPort: number;
  /** A client of this inbox's API (the same as inboxClient(url)). */
  client: InboxClient;
  /** false closes the SMTP listener (connections refused, open sessions cut: an outage); true reopens it on the same port. */
  setSmtpAccepting(accepting: boolean): Promise<void>;
  stop(): Promise<void>;
}

const MAX_API_BODY_BYTES = 64 * 1024;
const MAX_FAULTS = 1000;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startDevInbox(options: DevInboxOptions = {}): Promise<DevInbox> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger;
  const maxMessages = options.maxMessages ?? 1000;
  const emails = new BoundedStore<InboxEmail>(maxMessages, options.maxStoredBytes ?? 100 * 1024 * 1024);
  // A text message is at most 1600 characters: the count bounds their memory.
  const texts = new BoundedStore<StoredSms>(maxMessages, Number.POSITIVE_INFINITY);
  /** Statuses the next Twilio create requests answer with (POST /api/sms/faults). */
  const smsFaults: number[] = [];

  const smtp = await startSmtpListener({
    host,
    port: options.smtpPort ?? 0,
    maxMessageBytes: options.maxMessageBytes ?? 10 * 1024 * 1024,
    logger,
    onEmail(email) {
      emails.add(email.id, email, email.size + email.html.length + email.text.length);
      logger?.info({ id: email.id, to: email.envelope.to, subject: email.subject }, 'dev inbox: email received');
    },
  });

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpProblem) {
        sendJson(res, error.status, { code: error.code, message: error.message });
        return;
      }
      logger?.error({ err: error }, 'dev inbox: unexpected error');
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: 'The dev inbox failed to answer (see its log).' });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = new URL(req.url ?? '/', 'http://dev-inbox');
    const path = target.pathname;
    const query = target.searchParams;

    if (path === '/healthz' || path === '/readyz') return sendJson(res, 200, { status: 'ok' });
    if (path.startsWith(`/${TWILIO_API_VERSION}/`)) return twilio(req, res, method, path);

    // JSON API
    if (path === '/api/emails') {
      if (method === 'GET') {
        const limit = optionalLimit(query.get('limit'));
        return sendJson(res, 200, { emails: emails.list(emailMatcher(filterFrom(query, ['to', 'subject']))).slice(0, limit) });
      }
      if (method === 'DELETE') return sendJson(res, 200, { deleted: emails.clear() });
      throw notAllowed(method, path, 'GET, DELETE');
    }
    const emailId = /^\/api\/emails\/([^/]+)$/.exec(path)?.[1];
    if (emailId !== undefined) {
      if (method !== 'GET') throw notAllowed(method, path, 'GET');
      const id = decodeSegment(emailId) ?? emailId;
      const email = emails.get(id);
      if (!email) throw new HttpProblem(404, 'NOT_FOUND', `No email with id ${id} (it may have been cleared, or dropped as the oldest).`);
      return sendJson(res, 200, email);
    }
    if (path === '/api/smtp') {
      if (method === 'GET') return sendJson(res, 200, { accepting: smtp.accepting, port: smtp.port });
      if (method !== 'POST') throw notAllowed(method, path, 'GET, POST');
      const body = await readJson(req);
      if (typeof body.accepting !== 'boolean') throw new HttpProblem(400, 'BAD_REQUEST', 'Send {"accepting": true} or {"accepting": false}.');
      try {
        await smtp.setAccepting(body.accepting);
      } catch (error) {
        // e.g. another process took the port while the listener was closed
        throw new HttpProblem(503, 'UNAVAILABLE', error instanceof Error ? error.message : String(error));
      }
      return sendJson(res, 200, { accepting: smtp.accepting, port: smtp.port });
    }
    if (path === '/api/sms') {
      if (method === 'GET') {
        const limit = optionalLimit(query.get('limit'));
        return sendJson(res, 200, { sms: texts.list(smsMatcher(filterFrom(query, ['to', 'body']))).slice(0, limit).map(inboxView) });
      }
      if (method === 'DELETE') return sendJson(res, 200, { deleted: texts.clear() });
      throw notAllowed(method, path, 'GET, DELETE');
    }
    if (path === '/api/sms/faults') {
      if (method !== 'POST') throw notAllowed(method, path, 'POST');
      const body = await readJson(req);
      const status = body.status;
      const count = body.count ?? 1;
      if (status !== 429 && status !== 500 && status !== 503) throw new HttpProblem(400, 'BAD_REQUEST', '"status" must be 429, 500 or 503.');
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_FAULTS) {
        throw new HttpProblem(400, 'BAD_REQUEST', `"count" must be an integer from 0 to ${MAX_FAULTS}.`);
      }
      smsFaults.length = 0;
      for (let index = 0; index < count; index++) smsFaults.push(status);
      return sendJson(res, 200, { status, count });
    }
    if (path.startsWith('/api/')) throw new HttpProblem(404, 'NOT_FOUND', `No API route ${method} ${path}.`);

    // Pages
    if (method !== 'GET' && method !== 'HEAD') throw notAllowed(method, path, 'GET');
    if (path === '/') return sendHtml(res, 200, emailListPage(emails.list(emailMatcher(filterFrom(query, ['to', 'subject'])))));
    if (path === '/sms') return sendHtml(res, 200, smsListPage(texts.list(smsMatcher(filterFrom(query, ['to', 'body']))).map(inboxView)));
    const pageId = /^\/emails\/([^/]+)$/.exec(path)?.[1];
    const email = pageId === undefined ? undefined : emails.get(decodeSegment(pageId) ?? pageId);
    if (email) return sendHtml(res, 200, emailPage(email));
    return sendHtml(res, 404, notFoundPage(path));
  }

  /** Twilio's Messages API: create, fetch, list. Errors in Twilio's shape. */
  async function twilio(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    try {
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(path);
      if (!match) throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
      const accountSid = decodeSegment(match[1]!);
      const messageSid = match[2] === undefined ? undefined : decodeSegment(match[2]);
      if (accountSid === null || messageSid === null) throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
      if (!authorized(req, accountSid)) {
        res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
        throw new TwilioApiError(401, 20003, 'Authenticate');
      }
      if (messageSid === undefined && method === 'POST') {
        const fault = smsFaults.shift();
        if (fault === 429) throw new TwilioApiError(429, 20429, 'Too Many Requests');
        if (fault !== undefined) throw new TwilioApiError(fault, fault === 503 ? 20503 : 20500, fault === 503 ? 'Service Unavailable' : 'Internal Server Error');
        const raw = await readRawBody(req, MAX_API_BODY_BYTES);
        if (raw === null) throw new TwilioApiError(413, 20001, 'Request body too large');
        const form = new URLSearchParams(raw.toString('utf8'));
        const message = createMessage(accountSid, {
          To: form.get('To') ?? undefined,
          From: form.get('From') ?? undefined,
          MessagingServiceSid: form.get('MessagingServiceSid') ?? undefined,
          Body: form.get('Body') ?? undefined,
        });
        // The answer shows it queued (as Twilio's does); a later fetch shows it delivered.
        texts.add(message.sid, delivered(message), 1);
        logger?.info({ sid: message.sid, to: message.to }, 'dev inbox: text message received');
        return sendJson(res, 201, messageResource(message));
      }
      if (messageSid === undefined && method === 'GET') return sendJson(res, 200, messageList(accountSid, path, new URL(req.url ?? '/', 'http://dev-inbox').searchParams));
      if (messageSid !== undefined && method === 'GET') {
        const message = texts.get(messageSid);
        if (!message || message.accountSid !== accountSid) throw new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
        return sendJson(res, 200, messageResource(message));
      }
      throw new TwilioApiError(405, 20004, 'Method not allowed');
    } catch (error) {
      if (!(error instanceof TwilioApiError)) throw error;
      sendJson(res, error.status, error.body);
    }
  }

  function messageList(accountSid: string, path: string, query: URLSearchParams): Record<string, unknown> {
    const pageSize = Math.max(1, Math.min(1000, Number(query.get('PageSize')) || 50));
    const to = query.get('To');
    const from = query.get('From');
    const messages = texts
      .list((message) => message.accountSid === accountSid && (!to || message.to === to) && (!from || message.from === from))
      .slice(0, pageSize);
    const uri = `${path}?PageSize=${pageSize}&Page=0`;
    return {
      messages: messages.map(messageResource),
      end: Math.max(0, messages.length - 1),
      first_page_uri: uri,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri,
    };
  }

  function authorized(req: IncomingMessage, accountSid: string): boolean {
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!basic) return false;
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return false;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (!password) return false;
    // An API key (SK...) authenticates for the account in the URL; its secret is not checked.
    if (/^SK[0-9a-fA-F]{32}$/.test(user)) return true;
    if (user !== accountSid) return false;
    return options.twilioAuthToken === undefined || password === options.twilioAuthToken;
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      const code = (error as NodeJS.ErrnoException).code;
      reject(Object.assign(new Error(`dev inbox: HTTP cannot listen on ${host}:${options.httpPort ?? 0}: ${error.message}`, { cause: error }), { code }));
    };
    server.once('error', onError);
    server.listen(options.httpPort ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await smtp.close();
    throw error;
  });

  const httpPort = (server.address() as AddressInfo).port;
  const url = localUrl(host, httpPort);
  const smtpUrl = localUrl(host, smtp.port).replace(/^http:/, 'smtp:');
  logger?.info({ url, smtpUrl }, `dev inbox listening: mail at ${url}, SMS at ${url}/sms, SMTP at ${smtpUrl}`);

  return {
    url,
    smtpUrl,
    smtpPort: smtp.port,
    httpPort,
    client: inboxClient(url),
    setSmtpAccepting: (accepting) => smtp.setAccepting(accepting),
    async stop() {
      await smtp.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** A percent-decoded path segment, or null when it is malformed. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function filterFrom<K extends string>(query: URLSearchParams, keys: readonly K[]): Partial<Record<K, string>> {
  const filter: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = query.get(key)?.trim();
    if (value) filter[key] = value;
  }
  return filter;
}

function emailMatcher(filter: EmailFilter): (email: InboxEmail) => boolean {
  const to = filter.to?.toLowerCase();
  const subject = filter.subject?.toLowerCase();
  return (email) =>
    (!to || [...email.to, ...email.cc, ...email.envelope.to].some((address) => address.toLowerCase() === to)) &&
    (!subject || email.subject.toLowerCase().includes(subject));
}

function smsMatcher(filter: SmsFilter): (message: StoredSms) => boolean {
  const body = filter.body?.toLowerCase();
  return (message) => (!filter.to || message.to === filter.to) && (!body || message.body.toLowerCase().includes(body));
}

function optionalLimit(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new HttpProblem(400, 'BAD_REQUEST', `"limit" must be a positive integer (got "${value}").`);
  return limit;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readRawBody(req, MAX_API_BODY_BYTES);
  if (raw === null) throw new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${MAX_API_BODY_BYTES} bytes.`);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8') || 'null');
  } catch {
    throw new HttpProblem(400, 'BAD_REQUEST', 'The body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpProblem(400, 'BAD_REQUEST', 'The body must be a JSON object.');
  return body as Record<string, unknown>;
}

const notAllowed = (method: string, path: string, allowed: string) => new HttpProblem(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path} (allowed: ${allowed}).`);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    ...PAGE_SECURITY_HEADERS,
  });
  res.end(html);
}

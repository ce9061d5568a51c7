import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import { DEFAULT_API_VERSION, StripeApiError, StripeEngine, invalid, missing, randomChunk, type CallInfo, type StripeEvent } from './engine.js';
import { parseForm, type FormObject, type FormValue } from './form.js';
import { createWebhookDispatcher, type Delivery } from './webhooks.js';
import { readRawBody } from '../runtime/raw-body.js';
import { traceBridge } from '../runtime/trace.js';

/**
 * A request's path with Stripe object ids (`pi_3NfXk…`: a prefix, `_`, letters and digits with at
 * least one capital or digit, unlike `payment_intents`) as `:id`: a span name, not one per object.
 */
export function stripeRoute(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  return path.replace(/\/[a-z]+_(?=[a-z_]*[A-Z0-9])[A-Za-z0-9_]+(?=\/|$)/g, '/:id');
}

export interface StripeSimulatorOptions {
  /** 0 or absent: an ephemeral port. */
  port?: number;
  host?: string;
  /** Where events are delivered (the payments service's /webhooks/stripe); settable later. */
  webhookUrl?: string | undefined;
  /** The endpoint's signing secret (whsec_...), shared with the payments service. */
  webhookSecret: string;
  logger?: Logger | undefined;
  /** Event types delivered as webhooks (default: the payment outcomes; ['*'] = every event). */
  webhookEvents?: string[];
  /** First webhook retry delay, doubling per attempt (default 250 ms). */
  webhookBackoffMs?: number;
  /** Attempts per webhook delivery before giving up (default 10). */
  webhookMaxAttempts?: number;
}

export interface StripeSimulator {
  url: string;
  port: number;
  /** Point webhooks at another endpoint (e.g. a payments service started after the simulator). */
  setWebhookUrl(url: string | undefined): void;
  /** Every delivery so far with its attempts. */
  deliveries(): Delivery[];
  /** Resolves when no webhook delivery is pending or retrying. */
  webhooksIdle(): Promise<void>;
  /** The in-memory Stripe state (tests may inspect it). */
  engine: StripeEngine;
  stop(): Promise<void>;
}

export const DEFAULT_WEBHOOK_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.amount_capturable_updated',
  'charge.refunded',
];

/** What the test hook POST /_simulator/faults makes the next API requests do. */
type FaultMode = 'drop' | 'drop_after' | 'error';

interface IdempotentEntry {
  fingerprint: string;
  requestId: string;
  createdAt: number;
  answer: ApiResult;
}

/** An API answer, serialized once: a replay sends the very same bytes. */
interface ApiResult {
  status: number;
  text: string;
}

const result = (status: number, body: unknown): ApiResult => ({ status, text: JSON.stringify(body) });
const newRequestId = () => `req_${randomChunk(10).toString('hex')}`;

const MAX_BODY_BYTES = 1024 * 1024;
/** Stripe keeps idempotency keys at least 24 hours. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_IDEMPOTENCY_ENTRIES = 200_000;

export async function startStripeSimulator(options: StripeSimulatorOptions): Promise<StripeSimulator> {
  const logger = options.logger;
  let webhookUrl = options.webhookUrl;
  const wanted = new Set(options.webhookEvents ?? DEFAULT_WEBHOOK_EVENTS);
  const dispatcher = createWebhookDispatcher({
    secret: options.webhookSecret,
    url: () => webhookUrl,
    logger,
    ...(options.webhookBackoffMs !== undefined ? { backoffBaseMs: options.webhookBackoffMs } : {}),
    ...(options.webhookMaxAttempts !== undefined ? { maxAttempts: options.webhookMaxAttempts } : {}),
  });
  const engine = new StripeEngine((event: StripeEvent) => {
    if (wanted.has('*') || wanted.has(event.type)) dispatcher.deliver(event);
  });
  const idempotency = new Map<string, IdempotentEntry>();
  const faults: FaultMode[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    // Traced like a service (a sampled checkout's trace goes on through the webhooks this request
    // leads to); the simulator stands in for Stripe, so its span says what Stripe would have done.
    const span = traceBridge()?.serverSpan(req);
    const handled = span ? span.run(() => handle(req, res)) : handle(req, res);
    handled
      .catch((error: unknown) => {
        logger?.error({ err: error }, 'stripe simulator: unexpected error');
        if (!res.headersSent) send(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
        else res.destroy();
      })
      .finally(() => span?.end(stripeRoute(req.url), res.statusCode));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = splitUrl(req.url ?? '/');
    const method = req.method ?? 'GET';
    const body = (await readRawBody(req, MAX_BODY_BYTES))?.toString('utf8') ?? null;
    if (body === null) {
      send(res, 413, { error: { type: 'invalid_request_error', message: 'Request body too large.' } });
      return;
    }
    // Liveness and readiness (k8s probes both): the simulator keeps everything in memory.
    if (url.pathname === '/healthz' || url.pathname === '/readyz') {
      send(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname.startsWith('/_simulator/')) {
      sendResult(res, testHook(method, url.pathname, body));
      return;
    }

    const requestId = newRequestId();
    const apiVersion = headerOf(req, 'stripe-version') ?? DEFAULT_API_VERSION;
    const idempotencyKey = method === 'POST' ? (headerOf(req, 'idempotency-key') ?? null) : null;
    const headers: Record<string, string> = { 'request-id': requestId, 'stripe-version': apiVersion };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;

    const apiKey = authenticate(headerOf(req, 'authorization'));
    if (typeof apiKey !== 'string') {
      send(res, 401, { error: apiKey }, headers);
      return;
    }
    const params = method === 'POST' ? parseForm(body) : parseForm(url.search);
    const call: CallInfo = { requestId, idempotencyKey, apiVersion };

    const fault = faults.shift();
    if (fault === 'drop') {
      res.destroy();
      return;
    }
    if (fault === 'error') {
      send(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred (simulated fault).' } }, headers);
      return;
    }

    let answer: ApiResult;
    if (idempotencyKey) {
      const scoped = `${apiKey}\u0000${idempotencyKey}`;
      const fingerprint = `${method} ${url.pathname} ${canonical(params)}`;
      pruneIdempotency();
      const existing = idempotency.get(scoped);
      if (existing && existing.fingerprint !== fingerprint) {
        send(
          res,
          400,
          {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          },
          headers,
        );
        return;
      }
      if (existing) {
        // A request runs synchronously, so a concurrent one with this key always finds the first's
        // answer settled and replays it (never runs twice).
        answer = existing.answer;
        if (fault === 'drop_after') {
          res.destroy();
          return;
        }
        sendText(res, answer.status, answer.text, { ...headers, 'idempotent-replayed': 'true', 'original-request': existing.requestId });
        return;
      }
      answer = execute(method, url.pathname, params, call);
      // A server error is not kept: retrying with the key may run the request again.
      if (answer.status < 500) idempotency.set(scoped, { fingerprint, requestId, createdAt: Date.now(), answer });
    } else {
      answer = execute(method, url.pathname, params, call);
    }
    if (fault === 'drop_after') {
      // The request ran but the client never hears back (a connection lost after the fact).
      res.destroy();
      return;
    }
    sendText(res, answer.status, answer.text, headers);
  }

  function execute(method: string, path: string, params: FormObject, call: CallInfo): ApiResult {
    try {
      return result(200, route(method, path, params, call));
    } catch (error) {
      if (error instanceof StripeApiError) return result(error.status, { error: error.body });
      logger?.error({ err: error }, 'stripe simulator: request failed');
      return result(500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
    }
  }

  function route(method: string, path: string, params: FormObject, call: CallInfo): unknown {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v1') throw unrecognized(method, path);
    const [, resource, id, action] = parts;
    if (parts.length > 4) throw unrecognized(method, path);
    if (resource === 'payment_intents') {
      if (!id && method === 'POST') return expandIntent(engine.createPaymentIntent(params, call), params);
      if (id && !action && method === 'GET') return expandIntent(engine.retrievePaymentIntent(id), params);
      if (id && action && method === 'POST') {
        if (action === 'confirm') return expandIntent(engine.confirmPaymentIntent(id, params, call), params);
        if (action === 'capture') return expandIntent(engine.capturePaymentIntent(id, params, call), params);
        if (action === 'cancel') return expandIntent(engine.cancelPaymentIntent(id, params, call), params);
      }
    }
    if (resource === 'charges' && id && !action && method === 'GET') return engine.retrieveCharge(id);
    if (resource === 'refunds') {
      if (!id && method === 'POST') return engine.createRefund(params, call);
      if (id && !action && method === 'GET') return engine.retrieveRefund(id);
    }
    if (resource === 'events' && id && !action && method === 'GET') return engine.retrieveEvent(id);
    throw unrecognized(method, path);
  }

  /** `expand[]=latest_charge` replaces the charge id by the charge. */
  function expandIntent(intent: ReturnType<StripeEngine['retrievePaymentIntent']>, params: FormObject): unknown {
    const expand = asList(params.expand);
    if (expand.includes('latest_charge') && intent.latest_charge) {
      return { ...intent, latest_charge: engine.retrieveCharge(intent.latest_charge) };
    }
    return intent;
  }

  /** Test hooks (no Stripe equivalent); never authenticated. */
  function testHook(method: string, path: string, body: string): { status: number; body: unknown } {
    const params = parseHookBody(body);
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const call: CallInfo = { requestId: newRequestId(), idempotencyKey: null, apiVersion: DEFAULT_API_VERSION };
    try {
      if (method === 'GET' && parts[1] === 'deliveries' && parts.length === 2) return { status: 200, body: { object: 'list', data: dispatcher.deliveries() } };
      if (method === 'GET' && parts[1] === 'events' && parts.length === 2) return { status: 200, body: { object: 'list', data: [...engine.events.values()] } };
      if (method === 'POST' && parts[1] === 'webhook_endpoint' && parts.length === 2) {
        webhookUrl = typeof params.url === 'string' && params.url ? params.url : undefined;
        return { status: 200, body: { url: webhookUrl ?? null } };
      }
      if (method === 'POST' && parts[1] === 'events' && parts[3] === 'redeliver' && parts.length === 4) {
        const event = engine.retrieveEvent(parts[2]!);
        const times = Math.max(1, Math.min(100, Number(params.times ?? 1) || 1));
        const started = Array.from({ length: times }, () => dispatcher.deliver(event)).filter((delivery) => delivery !== null);
        return { status: 200, body: { event: event.id, deliveries: started.map((delivery) => delivery.id) } };
      }
      if (method === 'POST' && parts[1] === 'payment_intents' && (parts[3] === 'authenticate' || parts[3] === 'settle') && parts.length === 4) {
        const succeed = (params.outcome ?? 'succeed') !== 'fail';
        const intent = parts[3] === 'authenticate' ? engine.authenticate(parts[2]!, succeed, call) : engine.settle(parts[2]!, succeed, call);
        return { status: 200, body: intent };
      }
      if (method === 'POST' && parts[1] === 'faults' && parts.length === 2) {
        const mode = String(params.mode ?? 'drop');
        if (mode !== 'drop' && mode !== 'drop_after' && mode !== 'error') throw invalid('mode must be drop, drop_after or error', 'mode');
        const count = Math.max(0, Math.min(1000, Number(params.count ?? 1) || 0));
        faults.length = 0;
        for (let index = 0; index < count; index++) faults.push(mode);
        return { status: 200, body: { mode, count } };
      }
      throw unrecognized(method, path);
    } catch (error) {
      if (error instanceof StripeApiError) return { status: error.status, body: { error: error.body } };
      throw error;
    }
  }

  function pruneIdempotency(): void {
    if (idempotency.size < MAX_IDEMPOTENCY_ENTRIES) return;
    const cutoff = Date.now() - IDEMPOTENCY_TTL_MS;
    for (const [key, entry] of idempotency) {
      if (entry.createdAt < cutoff || idempotency.size >= MAX_IDEMPOTENCY_ENTRIES) idempotency.delete(key);
      if (idempotency.size < MAX_IDEMPOTENCY_ENTRIES / 2) break;
    }
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger?.info({ url, webhookUrl }, 'stripe simulator listening');

  return {
    url,
    port,
    engine,
    setWebhookUrl(next) {
      webhookUrl = next;
    },
    deliveries: () => dispatcher.deliveries(),
    webhooksIdle: () => dispatcher.idle(),
    async stop() {
      await dispatcher.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** The API key from `Authorization: Bearer sk_test_...` (or Basic with the key as user), or the 401 error. */
function authenticate(authorization: string | undefined): string | { type: 'invalid_request_error'; message: string } {
  if (!authorization) {
    return {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    };
  }
  let key: string | undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  const basic = /^Basic\s+(\S+)$/i.exec(authorization);
  if (bearer) key = bearer[1];
  else if (basic) key = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0];
  if (!key || !/^sk_test_\w+$/.test(key)) {
    const shown = key ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '';
    return { type: 'invalid_request_error', message: `Invalid API Key provided: ${shown}` };
  }
  return key;
}

function unrecognized(method: string, path: string): StripeApiError {
  const error = missing('route', path);
  error.body.message = `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
  delete error.body.code;
  delete error.body.doc_url;
  return error;
}

/** Path and query string of a request target (`/v1/x?a=1`), without a URL object per request. */
function splitUrl(target: string): { pathname: string; search: string } {
  const query = target.indexOf('?');
  return query === -1 ? { pathname: target, search: '' } : { pathname: target.slice(0, query), search: target.slice(query + 1) };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

function asList(value: FormValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return Object.values(value).filter((item): item is string => typeof item === 'string');
}

/** Parameters in a key-order-independent form, so equal requests compare equal. */
function canonical(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`)
    .join(',')}}`;
}

function parseHookBody(body: string): Record<string, unknown> {
  const trimmed = body.trim();
  if (!trimmed) return {};
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return parseForm(trimmed);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

function sendResult(res: ServerResponse, answer: { status: number; body: unknown }): void {
  send(res, answer.status, answer.body);
}

/** Compact JSON (whitespace means nothing to a JSON client; Stripe's SDKs parse either). */
function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-cache, no-store',
    ...headers,
  });
  res.end(text);
}

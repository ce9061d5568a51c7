import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from '../runtime/context.js';
import { createCircuitBreaker, type CircuitBreaker } from './breaker.js';
import { forwardedTraceHeaders } from '../runtime/trace.js';

/**
 * One upstream service behind the gateway: a keep-alive undici pool, timeouts, one retry for
 * idempotent (GET/HEAD) requests that failed to connect, a circuit breaker (timeouts and
 * connection failures of every method count) and a bulkhead (a bound on requests in flight). Writes are never
 * retried here: a POST /orders may have reached the service before the connection broke, and
 * only the client, with its Idempotency-Key, can safely try again.
 */

export type ProxyOutcome =
  | { ok: true }
  /** Nothing was sent to the client yet; the caller answers with `status` and its error body. */
  | { ok: false; status: 502 | 503 | 504; reason: string };

export type FetchOutcome =
  | { ok: true; response: Dispatcher.ResponseData }
  | { ok: false; status: 502 | 503 | 504; reason: string };

export interface Upstream {
  name: string;
  origin: string;
  breaker: CircuitBreaker;
  forward(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string | string[]>): Promise<ProxyOutcome>;
  /**
   * GET/HEAD with forward()'s timeouts, retry and breaker, but the response is handed back
   * unsent (the response cache buffers it). The caller must consume or destroy the body.
   */
  fetch(method: 'GET' | 'HEAD', path: string, headers: Record<string, string | string[]>): Promise<FetchOutcome>;
  /** GET `path` and parse JSON (throws unless 2xx). */
  getJson(path: string, timeoutMs?: number): Promise<unknown>;
  /** GET `path` with a short timeout; true on a 2xx. */
  probe(path: string, timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface UpstreamOptions {
  timeoutMs?: number;
  connections?: number;
  breakerThreshold?: number;
  breakerOpenMs?: number;
  /**
   * Bulkhead: requests to this upstream in flight at once (default 512); more are answered 503 at
   * once, so one slow upstream cannot hold every socket and buffer of the gateway.
   */
  maxInFlight?: number;
}

/** Connection-level failures after which retrying an idempotent request is safe. */
const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ENOTCONN']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Hop-by-hop headers (RFC 9110 §7.6.1) never cross the proxy. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

export function createUpstream(name: string, baseUrl: string, options: UpstreamOptions = {}): Upstream {
  const origin = new URL(baseUrl).origin;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pool = new Pool(origin, {
    connections: options.connections ?? 256,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: Math.min(timeoutMs, 5_000),
  });
  const breaker = createCircuitBreaker({
    threshold: options.breakerThreshold,
    openMs: options.breakerOpenMs,
    metrics: { scope: 'gateway', service: 'gateway', target: name },
  });
  const maxInFlight = options.maxInFlight ?? 512;
  let inFlight = 0;
  const refusal = (): { ok: false; status: 503; reason: string } | undefined => {
    if (inFlight >= maxInFlight) return { ok: false, status: 503, reason: `The ${name} service is busy (${maxInFlight} requests in flight); try again shortly` };
    if (!breaker.allow()) return { ok: false, status: 503, reason: `The ${name} service is unavailable; try again shortly` };
    return undefined;
  };
  /** Runs one request inside the bulkhead. */
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await work();
    } finally {
      inFlight--;
    }
  };

  async function attempt(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string | string[]>, retries: number): Promise<ProxyOutcome> {
    const method = req.method ?? 'GET';
    const idempotent = method === 'GET' || method === 'HEAD';
    let responded = false;
    try {
      await pool.stream(
        { method: method as 'GET', path, headers, body: idempotent ? null : req },
        ({ statusCode, headers: upstreamHeaders }) => {
          // The upstream answered: it is alive, whatever happens to the body from here on.
          responded = true;
          breaker.success();
          res.statusCode = statusCode;
          for (const key in upstreamHeaders) {
            if (HOP_BY_HOP.has(key) || key === 'x-request-id') continue;
            const value = upstreamHeaders[key];
            if (value !== undefined) res.setHeader(key, value);
          }
          return res;
        },
      );
      return { ok: true };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (responded) {
        // The response already started (or the client went away): cut it so the client sees a
        // broken reply. Ambiguous, so it does not count against the upstream.
        res.destroy();
        return { ok: true };
      }
      // The client broke off its upload (the body never completed): the failure may be the client's.
      // (`req.destroyed` alone says nothing: it is true of every POST whose body was read in full.)
      const clientGone = !idempotent && !req.complete;
      if (idempotent && retries > 0 && RETRYABLE.has(code)) return attempt(req, res, path, headers, retries - 1);
      // Failures of the upstream itself trip the breaker, whatever the method: it did not answer in
      // time, or the connection to it failed (unless the client aborting its upload caused that).
      if (TIMEOUTS.has(code) || (!clientGone && RETRYABLE.has(code))) breaker.failure();
      else breaker.abandon();
      if (TIMEOUTS.has(code)) return { ok: false, status: 504, reason: `The ${name} service did not answer in time` };
      return { ok: false, status: 502, reason: `The ${name} service is unreachable` };
    }
  }

  async function fetchAttempt(method: 'GET' | 'HEAD', path: string, headers: Record<string, string | string[]>, retries: number): Promise<FetchOutcome> {
    try {
      const response = await pool.request({ method, path, headers });
      breaker.success();
      return { ok: true, response };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (retries > 0 && RETRYABLE.has(code)) return fetchAttempt(method, path, headers, retries - 1);
      if (RETRYABLE.has(code) || TIMEOUTS.has(code)) breaker.failure();
      else breaker.abandon();
      if (TIMEOUTS.has(code)) return { ok: false, status: 504, reason: `The ${name} service did not answer in time` };
      return { ok: false, status: 502, reason: `The ${name} service is unreachable` };
    }
  }

  return {
    name,
    origin,
    breaker,
    async forward(req, res, path, headers) {
      const refused = refusal();
      if (refused) return refused;
      return counted(() => attempt(req, res, path, headers, 1));
    },
    async fetch(method, path, headers) {
      const refused = refusal();
      if (refused) return refused;
      // Counted until the response head arrived (the cache then reads the body itself).
      return counted(() => fetchAttempt(method, path, headers, 1));
    },
    async getJson(path, getTimeoutMs = 2_000) {
      const response = await pool.request({ method: 'GET', path, headersTimeout: getTimeoutMs, bodyTimeout: getTimeoutMs });
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await response.body.dump();
        throw new Error(`GET ${origin}${path} answered ${response.statusCode}`);
      }
      return response.body.json();
    },
    async probe(path, probeTimeoutMs = 1_000) {
      try {
        const response = await pool.request({ method: 'GET', path, headersTimeout: probeTimeoutMs, bodyTimeout: probeTimeoutMs });
        await response.body.dump();
        return response.statusCode >= 200 && response.statusCode < 300;
      } catch {
        return false;
      }
    },
    async close() {
      await pool.close();
    },
  };
}

/**
 * Headers a client may never pass through the gateway: the service token and caller name unlock
 * internal procedures on the services, which only services may present to each other.
 */
export const CLIENT_FORBIDDEN = new Set([SERVICE_TOKEN_HEADER, SERVICE_NAME_HEADER, 'x-forwarded-for']);

/**
 * Request headers for the upstream: hop-by-hop and service credentials removed, forwarding headers set.
 * `Expect` stays here: the gateway's HTTP server already answered `100 Continue` to the client
 * (runtime/http.ts), and undici refuses to send it (it answered every such request 502).
 */
export function upstreamHeaders(
  incoming: IncomingHttpHeaders,
  forwarded: { requestId: string; clientIp: string; proto: string; host: string | undefined },
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key in incoming) {
    if (HOP_BY_HOP.has(key) || CLIENT_FORBIDDEN.has(key) || key === 'expect') continue;
    const value = incoming[key];
    if (value !== undefined) out[key] = value;
  }
  out['x-request-id'] = forwarded.requestId;
  out['x-forwarded-for'] = forwarded.clientIp;
  out['x-forwarded-proto'] = forwarded.proto;
  if (forwarded.host) out['x-forwarded-host'] = forwarded.host;
  // The trace continues through the gateway: a client's valid traceparent becomes the parent of
  // a new span (an invalid one is dropped; the service then starts the trace).
  delete out.traceparent;
  delete out.tracestate;
  Object.assign(out, forwardedTraceHeaders(incoming));
  return out;
}

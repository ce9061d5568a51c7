import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { RETRY_AFTER_SECONDS, isUnavailableError } from './errors.js';
import { createHttpMetrics } from './metrics.js';
import { hasBody, sendError } from './rest.js';
import { stopTelemetry } from './telemetry.js';
import { forwardAsChildOf, runWithWork, traceBridge, workFromHeaders } from './trace.js';

/**
 * The HTTP shell every service and the gateway share: request id, metrics, slow-request and
 * error logging, and a graceful close that drains in-flight requests.
 */

/** Serves one request; resolves (after the response ended) with a low-cardinality route label. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<string>;

export interface HttpServiceOptions {
  /** Service name for logs and metric labels (`identity`, `catalog`, `gateway`). */
  name: string;
  host?: string;
  /** 0 → an ephemeral port. */
  port: number;
  logger: Logger;
  handler: RequestHandler;
  slowRequestMs?: number;
  /**
   * Run each request as a unit of work (trace context and actor for the events it writes and the
   * calls it makes; see trace.ts). Default true. The gateway, which writes no events and forwards
   * trace headers itself, turns it off: the async context costs it throughput on every request.
   */
  workContext?: boolean;
}

export interface HttpService {
  name: string;
  server: Server;
  port: number;
  /** Base URL reachable from this machine, e.g. http://127.0.0.1:4101 */
  url: string;
  /** True once close() was called: /readyz answers 503, responses carry Connection: close. */
  readonly closing: boolean;
  /** Stops accepting, lets in-flight requests finish (up to timeoutMs), then cuts what is left. */
  close(timeoutMs?: number): Promise<void>;
}

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * An answer sent before the request body was read (413, 401/403/404/415/429 refused before
 * reading, an upstream's early answer) leaves the rest of the body on the connection; a keep-alive
 * connection can carry the client's next request only once it is read. A body declaring at most
 * DRAIN_LIMIT_BYTES is read and dropped after the answer (Node does it for bodies nobody touched;
 * the shell resumes ones a handler abandoned half-way), and the connection stays open. A larger
 * one, or one without a declared length (chunked), gets `Connection: close` on the answer, so
 * nobody can make a server swallow an unbounded upload. A drain that has not finished after
 * DRAIN_TIMEOUT_MS (a client dribbling its bytes) closes the socket too.
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024;
const DRAIN_TIMEOUT_MS = 5_000;
/**
 * Closing a socket whose client is still uploading makes the kernel answer its next bytes with a
 * reset, which can destroy our answer before the client read it. So a `Connection: close` after an
 * unread body is a lingering close (as nginx does): send the answer and a FIN, keep reading and
 * dropping for up to LINGER_MS or LINGER_MAX_BYTES, then close.
 */
const LINGER_MS = 2_000;
const LINGER_MAX_BYTES = 2 * 1024 * 1024;

/*
 * `Expect`: Node answers `Expect: 100-continue` with `100 Continue` before the request reaches
 * the handler (no `checkContinue` listener here), so curl's POSTs over 1 KB flow; any other
 * expectation gets 417 from Node before the handler runs (no `checkExpectation` listener). The
 * gateway does not forward `Expect` upstream (proxy.ts): the continue was given here.
 */

/** After the answer, the unread rest of a body must not wedge the connection (see DRAIN_LIMIT_BYTES). */
function guardUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  const declared = Number(req.headers['content-length']);
  const bounded = req.headers['transfer-encoding'] === undefined && Number.isFinite(declared) && declared <= DRAIN_LIMIT_BYTES;
  if (!bounded) {
    // Decided when the head is written: only an answer sent before the body ended closes.
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!req.complete && !res.headersSent) {
        res.setHeader('Connection', 'close');
        lingerOnClose(req);
      }
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
    return;
  }
  res.once('finish', () => {
    if (req.complete || req.destroyed) return;
    const timer = setTimeout(() => req.socket.destroy(), DRAIN_TIMEOUT_MS);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
    req.resume();
  });
}

/** Replaces the close Node does after a `Connection: close` answer with a lingering one. */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket;
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    if (this.writable) this.end();
    let read = 0;
    const close = () => {
      clearTimeout(timer);
      this.destroy();
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    if (req.complete || req.destroyed) {
      close();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > LINGER_MAX_BYTES) close();
    });
    req.once('end', close);
    this.once('end', close);
    this.once('close', () => clearTimeout(timer));
    req.resume();
  };
}

/**
 * Query parameters whose values never reach the logs: a guest cart id is the key to that cart,
 * tRPC's `input` may carry personal data, and tokens or codes are credentials.
 */
const REDACTED_QUERY_PARAMS = new Set(['cartid', 'guestcartid', 'input', 'token', 'access_token', 'code', 'email', 'password', 'key']);

/** The request URL as logged: the path, and the query with sensitive values replaced. */
export function urlForLog(url: string | undefined): string {
  if (!url) return '/';
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return url;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && REDACTED_QUERY_PARAMS.has(safeLower(name)) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, queryAt)}?${query}`;
}

function safeLower(name: string): string {
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** How this machine reaches a port it listens on (0.0.0.0 / :: / no host bind every interface, loopback among them). */
export function localUrl(host: string | undefined, port: number): string {
  const address = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const { name, logger, handler } = options;
  const slowMs = options.slowRequestMs ?? 1000;
  const metrics = createHttpMetrics(name);
  let closing = false;
  let inFlight = 0;

  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    req.headers['x-request-id'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    if (closing) res.setHeader('Connection', 'close');
    if (hasBody(req)) guardUnreadBody(req, res);
    inFlight++;
    // With OpenTelemetry on: the sampling decision, and the SERVER span of a sampled request.
    const span = traceBridge()?.serverSpan(req);
    const done = (route: string) => {
      inFlight--;
      span?.end(route, res.statusCode);
      const ms = performance.now() - started;
      const method = req.method ?? 'GET';
      metrics.observe(route, method, res.statusCode, ms / 1000);
      if (ms >= slowMs) {
        logger.warn({ requestId, method, url: urlForLog(req.url), route, status: res.statusCode, ms: Math.round(ms) }, 'slow request');
      } else if (logger.isLevelEnabled('debug')) {
        logger.debug({ requestId, method, url: urlForLog(req.url), route, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
      }
    };
    // Each request is a unit of work: its trace (continued from the caller's traceparent) and,
    // once the tRPC context knows it, its actor — what the events it writes will carry.
    let handled: Promise<string>;
    if (options.workContext === false) {
      // No async context at all (the gateway): a sampled request's span goes to the forwarding through its headers.
      if (span) forwardAsChildOf(req.headers, span.traceparent);
      handled = handler(req, res, requestId);
    } else {
      const handle = () => runWithWork(workFromHeaders(req.headers), () => handler(req, res, requestId));
      handled = span ? span.run(handle) : handle();
    }
    handled.then(done, (error: unknown) => {
      logger.error({ err: error, requestId, method: req.method, url: urlForLog(req.url) }, 'unhandled request error');
      if (!res.headersSent && isUnavailableError(error)) {
        // e.g. a raw route (a webhook) while the database is unreachable: the sender should retry.
        sendError(res, 503, 'UNAVAILABLE', 'The service is temporarily unavailable; retry shortly', { 'Retry-After': String(RETRY_AFTER_SECONDS) });
      } else if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'Internal error');
      else res.destroy();
      done('error');
    });
  });
  // Keep-alive must outlive typical client/proxy idle timeouts (undici keeps sockets 4 s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = localUrl(options.host, port);
  logger.info({ url }, `${name} listening`);

  let closed: Promise<void> | undefined;
  return {
    name,
    server,
    port,
    url,
    get closing() {
      return closing;
    },
    close(timeoutMs = 10_000) {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => {
          if (inFlight > 0) logger.warn({ inFlight }, 'shutdown timeout: closing connections with requests in flight');
          server.closeAllConnections();
        }, timeoutMs);
        force.unref();
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

/** Runs the shutdown steps once on SIGTERM/SIGINT, then exits 0 (1 if a step failed). */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let started = false;
  const handle = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    // Spans still buffered are exported before the process exits (nothing when tracing is off).
    shutdown().then(() => stopTelemetry()).then(
      () => {
        logger.info('shutdown complete');
        logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush?.();
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: the same signal often arrives twice (a process group's signal plus a parent
  // that forwards it, as scripts/start.mjs does). With `once` the second one would kill the process
  // mid-shutdown and orphan what it was stopping (e.g. the embedded PostgreSQL).
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

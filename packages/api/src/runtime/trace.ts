import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { EventActor } from '@omnicart/contracts';

/**
 * What a unit of work (a request, an event delivery, a job run) carries for the events it writes:
 * its W3C trace context and who caused it. The HTTP shell opens one per request from the
 * `traceparent`/`tracestate` headers (a new trace when absent or malformed), service clients
 * forward it, the tRPC context sets the actor, and consumers continue the trace of the event they
 * handle. The outbox writer reads it when a row is written, so an event carries the context of the
 * change that produced it, not of the relay that publishes it.
 */
export interface WorkContext {
  traceparent: string;
  tracestate: string | null;
  /** Set once the caller is known (a user, or a service presenting the service token). */
  actor: EventActor | null;
  /** The caller's e-mail when the actor is a user (audit entries name who did it). */
  actorEmail?: string | null;
  /** The request's id (X-Request-Id from the gateway), for audit entries; absent in jobs and deliveries. */
  requestId?: string | null;
}

const storage = new AsyncLocalStorage<WorkContext>();

/**
 * What OpenTelemetry adds when it is on (runtime/telemetry.ts installs it at process start,
 * only when OTEL_EXPORTER_OTLP_ENDPOINT is set). Off, nothing here loads OpenTelemetry: every use
 * below is one null check, and the home-grown traceparent propagation works as before.
 *
 * On, sampling is decided once, where a request enters (`serverSpan`): a sampled request runs in a
 * recording span and the active span is the truth — a work context's traceparent is the active
 * span's, the http and undici instrumentations carry the trace between services (the forwarding
 * helpers add nothing), procedures and deliveries get spans of their own. An unsampled request
 * runs with no span at all: every instrumentation skips it, and the home-grown propagation carries
 * its traceparent with the sampled flag off, so the next hop skips it too. That is what keeps the
 * default 10 % cheap: nine requests in ten pay a sampling decision and nothing else.
 */
export interface TraceBridge {
  /** The active span's W3C context, when there is a valid one. */
  active(): { traceparent: string; tracestate: string | null } | undefined;
  /** True when a recording (sampled) span is active: the instrumentations then trace and inject. */
  recording(): boolean;
  /**
   * Decides whether an incoming request is traced: a caller's traceparent decides (its sampled
   * flag), else the sampler (a new root). Sampled: a SERVER span to run the request in. Not
   * sampled: undefined, and a root's decision is written into `req.headers.traceparent` (flag 00)
   * so that the unit of work and the forwarded calls carry it.
   */
  serverSpan(req: IncomingMessage): ServerSpan | undefined;
  /** Runs `fn` in a span named `name` (a tRPC procedure): error status when it fails or answers an error. */
  inSpan<T>(name: string, fn: (fail: (error: unknown) => void) => Promise<T>, attributes?: Record<string, string>): Promise<T>;
  /**
   * Runs `fn` in a CONSUMER span that is a child of the producer's context (`parent`, the
   * traceparent stored with the event) and linked to `links` (the rest of a batch); `fn` gets the span's traceparent.
   */
  inConsumerSpan<T>(
    name: string,
    parent: { traceparent: string | null | undefined; tracestate: string | null | undefined },
    links: string[],
    attributes: Record<string, string | number>,
    fn: (traceparent: string, tracestate: string | null) => Promise<T>,
  ): Promise<T>;
  /** Runs `fn` with `traceparent` as the remote parent (the relay publishing a stored event in its trace). */
  withRemoteParent<T>(traceparent: string | null | undefined, tracestate: string | null | undefined, fn: () => T): T;
  /** Ids for log lines: the active span's. */
  logIds(): { trace_id: string; span_id: string } | undefined;
  /** Exports what is buffered and stops (process shutdown). */
  shutdown(): Promise<void>;
}

/** A sampled request's SERVER span (TraceBridge.serverSpan). */
export interface ServerSpan {
  /** The span's own W3C context (what a hop that forwards without an async context sends on). */
  traceparent: string;
  /** Runs the request's handler with the span active. */
  run<T>(fn: () => T): T;
  /** Ends the span once the response is done: its route (the span is named `METHOD route`) and status. */
  end(route: string, statusCode: number): void;
}

let bridge: TraceBridge | undefined;

export function installTraceBridge(installed: TraceBridge | undefined): void {
  bridge = installed;
}

/** The OpenTelemetry bridge when tracing is on; undefined when it is off. */
export function traceBridge(): TraceBridge | undefined {
  return bridge;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * Random bytes for trace and span ids come from a pool refilled 4 KB at a time: a crypto call per
 * id cost the gateway about a quarter of its cached-read throughput (a call into OpenSSL per request).
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

const newSpanId = (): string => randomHex(8);

/** A fresh root: new trace id, new span id, sampled. */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${newSpanId()}-01`;
}

/** A child of `parent` (same trace, new span) when it is a valid W3C traceparent; else a new root. */
export function childTraceparent(parent: string | null | undefined): string {
  const match = parent ? TRACEPARENT.exec(parent) : null;
  if (!match || match[1] === ZERO_TRACE || match[2] === ZERO_SPAN) return newTraceparent();
  return `00-${match[1]}-${newSpanId()}-${match[3]}`;
}

/** The trace id part of a traceparent (log correlation). */
export const traceIdOf = (traceparent: string): string => traceparent.slice(3, 35);

export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

/** tracestate is opaque vendor data: kept when it looks sane (printable, bounded), dropped otherwise. */
function cleanTracestate(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text && text.length <= 512 && /^[\x20-\x7e]+$/.test(text) ? text : null;
}

const headerOf = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * A request's work context, its trace context worked out on first use: most requests (reads) never
 * write an event or call another service, and pay nothing for it.
 */
class RequestWork implements WorkContext {
  actor: EventActor | null = null;
  actorEmail: string | null = null;
  requestId: string | null = null;
  #headers: IncomingHttpHeaders | undefined;
  #traceparent = '';
  #tracestate: string | null = null;

  constructor(headers: IncomingHttpHeaders) {
    this.#headers = headers;
  }

  #resolve(): void {
    const headers = this.#headers;
    if (!headers) return;
    this.#headers = undefined;
    const parent = headerOf(headers.traceparent);
    const valid = isTraceparent(parent);
    this.#traceparent = childTraceparent(valid ? parent : null);
    this.#tracestate = valid ? cleanTracestate(headers.tracestate) : null;
  }

  get traceparent(): string {
    const active = bridge?.active();
    if (active) return active.traceparent;
    this.#resolve();
    return this.#traceparent;
  }

  get tracestate(): string | null {
    const active = bridge?.active();
    if (active) return active.tracestate;
    this.#resolve();
    return this.#tracestate;
  }
}

/** The work context of an incoming request: continues the caller's trace, or starts one. */
export function workFromHeaders(headers: IncomingHttpHeaders): WorkContext {
  return new RequestWork(headers);
}

/**
 * The gateway runs its requests without any async context (one costs every request, sampled or
 * not: Node 20's AsyncLocalStorage hooks every promise once it is in use), so a sampled request's
 * server span is handed to the forwarding below through the request's headers object instead.
 */
const forwardingParents = new WeakMap<IncomingHttpHeaders, string>();

/** Forwarding a request whose headers these are continues `traceparent` (a server span's) as it is. */
export function forwardAsChildOf(headers: IncomingHttpHeaders, traceparent: string): void {
  forwardingParents.set(headers, traceparent);
}

/**
 * Trace headers for a hop that forwards a request without a work context of its own (the gateway):
 * a child of the caller's trace when it sent a valid one; none otherwise (the service starts the trace).
 */
export function forwardedTraceHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  // A sampled request under OpenTelemetry: its server span is the parent of the next hop.
  const serverSpan = forwardingParents.get(headers);
  if (serverSpan) return { traceparent: serverSpan };
  if (bridge?.recording()) return {};
  const parent = headerOf(headers.traceparent);
  if (!isTraceparent(parent)) return {};
  const forwarded: Record<string, string> = { traceparent: childTraceparent(parent) };
  const tracestate = cleanTracestate(headers.tracestate);
  if (tracestate) forwarded.tracestate = tracestate;
  return forwarded;
}

/** The work context of an event delivery or a job run: continues `traceparent` when given. */
export function workFrom(traceparent: string | null | undefined, tracestate: string | null | undefined, actor: EventActor | null): WorkContext {
  const valid = isTraceparent(traceparent);
  return { traceparent: childTraceparent(valid ? traceparent : null), tracestate: valid ? (tracestate ?? null) : null, actor };
}

export function runWithWork<T>(work: WorkContext, fn: () => T): T {
  return storage.run(work, fn);
}

/** The current unit of work, if any (undefined outside a request, delivery or job). */
export function currentWork(): WorkContext | undefined {
  return storage.getStore();
}

/** Records who the current request acts for (the tRPC context does it once the token is checked), and the request's id. */
export function setActor(actor: EventActor | null, details: { email?: string | null; requestId?: string | null } = {}): void {
  const work = storage.getStore();
  if (!work) return;
  work.actor = actor;
  work.actorEmail = details.email ?? null;
  if (details.requestId !== undefined) work.requestId = details.requestId;
}

/** Headers that carry the current trace to another service (a child span per call). */
export function traceHeaders(): Record<string, string> {
  // A sampled request under OpenTelemetry: the undici instrumentation injects the client span's
  // context (adding ours too would send two traceparent headers). Unsampled, it stays out of the
  // way and ours carries the trace with its sampled flag off.
  if (bridge?.recording()) return {};
  const work = storage.getStore();
  if (!work) return {};
  const headers: Record<string, string> = { traceparent: childTraceparent(work.traceparent) };
  if (work.tracestate) headers.tracestate = work.tracestate;
  return headers;
}

/**
 * The trace context a change made now belongs to (what the outbox stores with an event row): the
 * active span's when OpenTelemetry is on and a span is active, else the unit of work's.
 */
export function currentTraceContext(): { traceparent: string; tracestate: string | null } | undefined {
  const active = bridge?.active();
  if (active) return active;
  const work = storage.getStore();
  return work ? { traceparent: work.traceparent, tracestate: work.tracestate } : undefined;
}

/** `trace_id`/`span_id` for a log line: the active span's, else the unit of work's; none outside work. */
export function logTraceIds(): { trace_id: string; span_id: string } | Record<string, never> {
  const ids = bridge?.logIds();
  if (ids) return ids;
  const work = storage.getStore();
  if (!work) return {};
  const traceparent = work.traceparent;
  return { trace_id: traceparent.slice(3, 35), span_id: traceparent.slice(36, 52) };
}

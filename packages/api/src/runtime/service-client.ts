import { TRPCClientError, createTRPCClient, type TRPCClient, type TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import { Agent } from 'undici';
import { createCircuitBreaker } from './breaker.js';
import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from './context.js';
import { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from './errors.js';

/**
 * Typed tRPC client one service uses to call another directly (not through the gateway), with
 * the service token that unlocks internal procedures. Errors the callee raised as DomainError
 * come back as DomainError with the same code and message (see `asDomainError`), so e.g. an
 * INSUFFICIENT_STOCK from inventory surfaces unchanged as the caller's 409.
 */
export interface ServiceClientOptions {
  /** The callee's base URL, resolved per call (e.g. `() => deps.serviceUrl('inventory')`). */
  url: () => string;
  /** The calling service's name (logs, ctx.service on the other side). */
  caller: string;
  token: string;
  /** Deadline of one call unless the call names its own (`withDeadline`). Default 10 s. */
  timeoutMs?: number;
  /** Extra headers per call (e.g. the request id being served). */
  headers?: () => Record<string, string>;
  /**
   * Circuit breaker of this client: after `threshold` consecutive calls that could not reach the
   * callee or timed out (every method), calls fail at once with UNAVAILABLE for `openMs`, then one
   * trial goes through (half-open) and an answer closes it again. false disables it.
   */
  breaker?: { threshold?: number; openMs?: number } | false;
  /** The callee's service name: names the breaker in `circuit_breaker_state{scope="service_client"}` (unnamed breakers are not reported). */
  callee?: string;
  /**
   * Bulkhead: at most this many calls of this client in flight at once; more fail at once with
   * UNAVAILABLE instead of queueing behind a slow callee. Default 256.
   */
  maxInFlight?: number;
}

/**
 * Per-call options naming the call's own deadline, e.g.
 * `inventory.reserve.mutate(input, withDeadline(1_500))`: the call fails with UNAVAILABLE
 * ("no answer within 1500 ms") when the callee has not answered by then.
 */
export const withDeadline = (timeoutMs: number) => ({ context: { timeoutMs } });

/** Transport failures and timeouts: the callee could not serve the call (they count against the breaker). */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * One keep-alive connection pool per callee origin for every service client of this process.
 * Calls go through undici's request API rather than global fetch: the WHATWG Request/Response
 * layers cost about a sixth of a caller's CPU on the checkout path, for nothing we use.
 */
const serviceAgent = new Agent({ keepAliveTimeout: 30_000, connections: 128, pipelining: 1, connect: { timeout: 2_000 } });

/**
 * A terminating tRPC link speaking tRPC's plain HTTP wire format (what `httpLink` sends: POST
 * `/trpc/<path>` with the JSON input for mutations, GET `?input=<json>` for queries; answers
 * `{result:{data}}` or `{error:<shape>}`) over undici's request API.
 *
 * Why not `httpLink` + fetch: on the checkout path the WHATWG fetch layers, three AbortControllers
 * per call and the AbortError that tRPC's observableToPromise raises on every `complete()` cost
 * about a fifth of a calling service's CPU. This link emits its single value and does not call
 * complete(): observableToPromise resolves and unsubscribes on the first value.
 */
function serviceLink<TRouter extends AnyRouter>(options: ServiceClientOptions, timeoutMs: number): TRPCLink<TRouter> {
  const fixedHeaders = { [SERVICE_TOKEN_HEADER]: options.token, [SERVICE_NAME_HEADER]: options.caller };
  const breaker =
    options.breaker === false
      ? undefined
      : createCircuitBreaker({
          ...options.breaker,
          ...(options.callee ? { metrics: { scope: 'service_client', service: options.caller, target: options.callee } } : {}),
        });
  const maxInFlight = options.maxInFlight ?? 256;
  let inFlight = 0;
  // The callee's URL is resolved per call (hosted domains may sit on ephemeral ports); parse it once per value.
  let resolved = { url: '', origin: '', prefix: '' };
  const target = () => {
    const url = options.url();
    if (url !== resolved.url) {
      const parsed = new URL(url);
      resolved = { url, origin: parsed.origin, prefix: `${parsed.pathname.replace(/\/$/, '')}/trpc/` };
    }
    return resolved;
  };
  return () =>
    ({ op }) =>
      observable((observer) => {
        const fail = (message: string, code?: string) => observer.error(TRPCClientError.from(Object.assign(new Error(message), code ? { code } : {})));
        // Fail fast, before any byte is sent: the callee is known to be failing, or this client already waits on too many calls.
        if (inFlight >= maxInFlight) return fail(`${inFlight} calls already in flight (the limit); not called`, 'OMNICART_BULKHEAD_FULL');
        if (breaker && !breaker.allow()) return fail('circuit open after repeated failures or timeouts; not called', 'OMNICART_CIRCUIT_OPEN');
        const deadline = (op.context as { timeoutMs?: unknown }).timeoutMs;
        const callTimeoutMs = typeof deadline === 'number' && deadline > 0 ? deadline : timeoutMs;
        const { origin, prefix } = target();
        const pathname = `${prefix}${op.path}`;
        const isQuery = op.type === 'query';
        const encoded = op.input === undefined ? undefined : JSON.stringify(op.input);
        const headers: Record<string, string> = { ...fixedHeaders, ...options.headers?.() };
        // As httpLink does: every POST says JSON, with or without input (tRPC refuses a POST without it).
        if (!isQuery) headers['content-type'] = 'application/json';
        const path = isQuery && encoded !== undefined ? `${pathname}?input=${encodeURIComponent(encoded)}` : pathname;
        inFlight++;
        let answered = false;
        serviceAgent
          .request({
            origin,
            path,
            method: isQuery ? 'GET' : 'POST',
            headers,
            body: isQuery ? null : (encoded ?? null),
            // The deadline: undici's own timers (no AbortController per call, see above); connecting has its own bound.
            headersTimeout: callTimeoutMs,
            bodyTimeout: callTimeoutMs,
          })
          .then((response) => {
            // The callee answered (whatever it said): it is reachable.
            answered = true;
            breaker?.success();
            return response.body.json();
          })
          .finally(() => {
            inFlight--;
          })
          .then(
            (envelope) => {
              const answer = envelope as { result?: { data?: unknown }; error?: unknown } | null;
              if (answer && typeof answer === 'object' && 'error' in answer) observer.error(TRPCClientError.from(answer as Parameters<typeof TRPCClientError.from>[0]));
              else observer.next({ result: { data: answer?.result?.data } } as never);
            },
            (cause: unknown) => {
              const code = (cause as { code?: string }).code ?? '';
              const timedOut = TIMEOUT_CODES.has(code);
              // Timeouts and transport failures count against the callee whatever the method (anything else leaves it be).
              if (timedOut || (!answered && CONNECTION_CODES.has(code))) breaker?.failure();
              else if (!answered) breaker?.abandon();
              if (timedOut) fail(`no answer within ${callTimeoutMs} ms`, 'OMNICART_DEADLINE');
              else observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))));
            },
          );
      });
}

export function createServiceClient<TRouter extends AnyRouter>(options: ServiceClientOptions): TRPCClient<TRouter> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return createTRPCClient<TRouter>({ links: [serviceLink<TRouter>(options, timeoutMs)] });
}

/**
 * Turns whatever a service call threw into a DomainError: the callee's own code and message
 * when it answered with one, UNAVAILABLE when it could not be reached or timed out.
 */
export function asDomainError(error: unknown, callee: string): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AnyRouter>).data as { domainCode?: string; details?: Record<string, unknown> } | undefined;
    const code = data?.domainCode;
    if (code && (DOMAIN_ERROR_CODES as readonly string[]).includes(code)) {
      return new DomainError(code as DomainErrorCode, error.message, data?.details);
    }
    return new DomainError('UNAVAILABLE', `${callee} is unavailable: ${error.message}`);
  }
  return new DomainError('UNAVAILABLE', `${callee} is unavailable: ${error instanceof Error ? error.message : String(error)}`);
}

/** Awaits a service call and rethrows any failure as a DomainError (see asDomainError). */
export async function callService<T>(callee: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asDomainError(error, callee);
  }
}

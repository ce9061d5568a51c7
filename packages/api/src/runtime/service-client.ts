import { TRPCClientError, createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { Agent } from 'undici';
import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER } from './context.js';
import type { DomainName } from './domain.js';
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
  caller: DomainName | 'stripe-simulator' | 'bench' | 'test';
  token: string;
  timeoutMs?: number;
  /** Extra headers per call (e.g. the request id being served). */
  headers?: () => Record<string, string>;
}

/**
 * One keep-alive connection pool per callee origin for every service client of this process.
 * Calls go through undici's request API rather than global fetch: the WHATWG Request/Response
 * layers cost about a sixth of a caller's CPU on the checkout path, for nothing we use.
 */
const serviceAgent = new Agent({ keepAliveTimeout: 30_000, connections: 128, pipelining: 1 });

/** The tiny slice of fetch tRPC's httpLink needs (`ok` and `json()`), on undici.request. */
async function requestJson(url: string, init: { method?: string; headers?: unknown; body?: unknown; signal?: AbortSignal | null }, timeoutMs: number) {
  const parsed = new URL(url);
  const response = await serviceAgent.request({
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}`,
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers as Record<string, string>,
    body: typeof init.body === 'string' ? init.body : null,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  return { ok, status: response.statusCode, json: () => response.body.json() };
}

export function createServiceClient<TRouter extends AnyRouter>(options: ServiceClientOptions): TRPCClient<TRouter> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return createTRPCClient<TRouter>({
    links: [
      httpLink<TRouter>({
        url: '',
        // The URL is resolved per request: hosted domains may sit on ephemeral ports.
        fetch: (input: string, init: { method?: string; headers?: unknown; body?: unknown; signal?: AbortSignal | null }) =>
          requestJson(`${options.url().replace(/\/$/, '')}/trpc${input}`, init, timeoutMs),
        headers: () => ({
          [SERVICE_TOKEN_HEADER]: options.token,
          [SERVICE_NAME_HEADER]: options.caller,
          ...options.headers?.(),
        }),
        // The routers use no transformer; the option's type is conditional on that.
      } as unknown as Parameters<typeof httpLink<TRouter>>[0]),
    ],
  });
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

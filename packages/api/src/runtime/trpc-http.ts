import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyRouter, AnyTRPCProcedure } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import {
  TRPCError,
  defaultTransformer,
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import { TRPC_MAX_BATCH_SIZE } from '@omnicart/contracts';
import type { RequestContext } from './context.js';

export { TRPC_MAX_BATCH_SIZE };
import { DomainError, ERROR_TABLE, retryAfterSeconds } from './errors.js';
import { hasBody, jsonContentTypeRefusal } from './rest.js';

/**
 * /trpc for a node:http server. tRPC's node adapter turns every IncomingMessage into a WHATWG
 * Request (ReadableStream body, Headers, URL) and its Response back into node writes; on the
 * service-to-service path (orders → inventory/payments/catalog, cart → catalog) that layer cost
 * about a sixth of the callee's CPU. The common case — one query (`GET /trpc/<path>?input=…`)
 * or one mutation (`POST /trpc/<path>`, JSON body) of a known procedure, as `@trpc/client`'s
 * httpLink sends — is served here directly on the node objects, answering the same bytes tRPC
 * would (same `{result:{data}}` / `{error:<errorFormatter shape>}` bodies, same status, same
 * `vary`/`content-type` headers; the body carries a Content-Length instead of being chunked).
 * Everything else — batches, streaming (`trpc-accept: application/jsonl`), subscriptions, other
 * content types or methods, unknown procedures, wrong methods, extra query parameters — is
 * handed to tRPC's own `nodeHTTPRequestHandler` untouched, so its answers stay tRPC's by
 * construction.
 *
 * The fast path follows resolveResponse's non-batched JSON branch step by step: the context is
 * created first (a failure is reported as that call's error), the body is drained as it arrives
 * but only parsed when the procedure asks for its input (so an internal procedure called
 * without the service token answers 404 whatever the body), a body over `maxBodySize` or
 * invalid JSON surfaces from `getRawInput` as tRPC's own errors (PAYLOAD_TOO_LARGE /
 * BAD_REQUEST with the SyntaxError's message), and `onError` sees what it would see from tRPC.
 */

export type TrpcErrorHandler = (opts: {
  error: TRPCError;
  path: string | undefined;
  input: unknown;
  ctx: RequestContext | undefined;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  req: IncomingMessage;
}) => void;

export interface TrpcHttpHandlerOptions {
  router: AnyRouter;
  createContext: (req: IncomingMessage) => Promise<RequestContext>;
  maxBodySize: number;
  onError?: TrpcErrorHandler;
  /** false → every request goes through nodeHTTPRequestHandler (tests compare both paths). */
  fastPath?: boolean;
}

export interface TrpcHttpHandler {
  /**
   * Serves one /trpc request. `path` is the procedure path (URL-decoded, after `/trpc/`) and
   * `query` the raw query string without '?'. Resolves once the response is written.
   * Returns true when the fast path served it.
   */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<boolean>;
}

interface BodyRead {
  text?: string;
  error?: TRPCError;
}

const VARY = 'trpc-accept, accept';

export function createTrpcHttpHandler(options: TrpcHttpHandlerOptions): TrpcHttpHandler {
  const { router, maxBodySize, onError } = options;
  const config = router._def._config;
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  // A transformer or a custom path separator changes the wire format: leave those to tRPC.
  const enabled =
    (options.fastPath ?? true) &&
    config.transformer === defaultTransformer &&
    ((config as { pathSeparator?: string }).pathSeparator ?? '.') === '.';

  const fallback = (req: IncomingMessage, res: ServerResponse, path: string) =>
    nodeHTTPRequestHandler({
      router,
      req,
      res,
      path,
      maxBodySize,
      allowBatching: true,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: ({ req: request }) => options.createContext(request as IncomingMessage),
      responseMeta: ({ errors }) => {
        const retryAfter = retryAfterOf(errors);
        return retryAfter === undefined ? {} : { headers: { 'retry-after': retryAfter } };
      },
      ...(onError ? { onError: (o) => onError({ ...o, ctx: o.ctx as RequestContext | undefined, req }) } : {}),
    });

  /** An answer to the request as a whole, before any procedure runs: tRPC's own shape for such errors. */
  const refuse = (req: IncomingMessage, res: ServerResponse, error: TRPCError) => {
    onError?.({ error, path: undefined, input: undefined, ctx: undefined, type: 'unknown', req });
    const json: TRPCResponse = { error: getErrorShape({ config, ctx: undefined, error, input: undefined, path: undefined, type: 'unknown' }) };
    const payload = Buffer.from(JSON.stringify(json), 'utf8');
    res.statusCode = getHTTPStatusCode(json);
    res.setHeader('vary', VARY);
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', payload.length);
    res.end(payload);
  };

  return {
    async handle(req, res, path, query) {
      const refusal = requestRefusal(req, path, query);
      if (refusal) {
        refuse(req, res, refusal);
        return false;
      }
      const procedure = enabled ? procedures[path] : undefined;
      const type = procedure?._def.type;
      const method = req.method;
      let rawQueryInput: string | undefined;
      const fast =
        procedure !== undefined &&
        ((type === 'query' && method === 'GET') || (type === 'mutation' && method === 'POST')) &&
        plainJsonRequest(req, method) &&
        (query === '' || (rawQueryInput = queryInput(query, method)) !== undefined);
      if (!fast) {
        await fallback(req, res, path);
        return false;
      }
      await serve(req, res, path, procedure, type, method === 'POST' ? readBody(req, maxBodySize) : undefined, rawQueryInput);
      return true;
    },
  };

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    procedure: AnyTRPCProcedure,
    type: 'query' | 'mutation',
    body: Promise<BodyRead> | undefined,
    rawQueryInput: string | undefined,
  ): Promise<void> {
    // tRPC's memo(): parse once, on first demand; the value is what onError/errorFormatter see.
    let parsed = false;
    let input: unknown;
    let inputPromise: Promise<unknown> | undefined;
    const getRawInput = () =>
      (inputPromise ??= (async () => {
        let text: string | undefined;
        if (body) {
          const read = await body;
          if (read.error) throw read.error;
          text = read.text;
        } else {
          text = rawQueryInput;
        }
        try {
          input = text ? (JSON.parse(text) as unknown) : undefined;
        } catch (cause) {
          throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
        }
        parsed = true;
        return input;
      })());

    let ctx: RequestContext | undefined;
    let json: TRPCResponse;
    let error: TRPCError | undefined;
    try {
      try {
        ctx = await options.createContext(req);
      } catch (cause) {
        throw getTRPCErrorFromUnknown(cause);
      }
      const data: unknown = await procedure({ path, getRawInput, ctx, type, signal: undefined, batchIndex: 0 });
      json = { result: { data } };
    } catch (cause) {
      error = getTRPCErrorFromUnknown(cause);
      const callInput = parsed ? input : undefined;
      onError?.({ error, path, input: callInput, ctx, type, req });
      json = { error: getErrorShape({ config, ctx, error, input: callInput, path, type }) };
    }
    // resolveResponse raises these two outside the call: reported without path or input.
    const failOutside = (cause: unknown) => {
      error = getTRPCErrorFromUnknown(cause);
      onError?.({ error, path: undefined, input: undefined, ctx, type, req });
      json = { error: getErrorShape({ config, ctx, error, input: undefined, path: undefined, type }) };
    };
    if (!error && isDataStream((json as { result: { data: unknown } }).result.data)) {
      failOutside(
        new TRPCError({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
        }),
      );
    }
    let text: string;
    try {
      text = JSON.stringify(json);
    } catch (cause) {
      // e.g. a BigInt or a cycle in the output
      failOutside(cause);
      text = JSON.stringify(json);
    }
    const payload = Buffer.from(text, 'utf8');
    if (res.statusCode === 200) res.statusCode = getHTTPStatusCode(json);
    if (error) {
      const retryAfter = retryAfterOf([error]);
      if (retryAfter !== undefined) res.setHeader('retry-after', retryAfter);
    }
    res.setHeader('vary', VARY);
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', payload.length);
    res.end(payload);
  }
}

/**
 * What is refused before any procedure runs (or any byte of the body is read):
 * - a body that is not `application/json` (415): tRPC would also take multipart/form-data and
 *   octet-stream bodies, and none of our procedures reads those; a cross-site form must not reach
 *   a mutation. A POST without a body keeps tRPC's own rules.
 * - a batch of more than TRPC_MAX_BATCH_SIZE operations (400): one request must not run hundreds
 *   of procedures (tRPC's `maxBatchSize` says the same, with a vaguer message).
 */
function requestRefusal(req: IncomingMessage, path: string, query: string): TRPCError | undefined {
  if (req.method === 'POST' && hasBody(req)) {
    const refusal = jsonContentTypeRefusal(req.headers['content-type']);
    if (refusal) return new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: refusal, cause: new DomainError('UNSUPPORTED_MEDIA_TYPE', refusal) });
  }
  if (path.includes(',') && query.includes('batch=1')) {
    let operations = 1;
    for (let at = path.indexOf(','); at !== -1; at = path.indexOf(',', at + 1)) operations++;
    if (operations > TRPC_MAX_BATCH_SIZE && new URLSearchParams(query).get('batch') === '1') {
      return new TRPCError({
        code: 'BAD_REQUEST',
        message: `A batch may hold at most ${TRPC_MAX_BATCH_SIZE} operations; this one has ${operations}`,
      });
    }
  }
  return undefined;
}

/** Retry-After of the first error that knows its wait (a DomainError's `details.retryAfterSeconds`). */
function retryAfterOf(errors: readonly TRPCError[]): string | undefined {
  for (const error of errors) {
    const cause = error.cause;
    if (!(cause instanceof DomainError)) continue;
    const value = retryAfterSeconds(ERROR_TABLE[cause.code].http, cause.details);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Requests whose answer tRPC derives from the JSON content-type handler without streaming:
 * no `trpc-accept`/jsonl accept; POST with a JSON content type; GET without a multipart or
 * octet-stream one (tRPC serves GET with the JSON handler whatever else it says).
 */
function plainJsonRequest(req: IncomingMessage, method: string): boolean {
  const headers = req.headers;
  if (headers['trpc-accept'] !== undefined) return false;
  const accept = headers.accept;
  if (accept !== undefined && accept.includes('application/jsonl')) return false;
  const contentType = headers['content-type'];
  if (method === 'POST') return contentType !== undefined && mediaType(contentType) === 'application/json';
  if (contentType === undefined) return true;
  const media = mediaType(contentType);
  return media !== 'multipart/form-data' && media !== 'application/octet-stream';
}

function mediaType(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * The `input` value of a query string holding nothing else (a GET from httpLink); undefined
 * (→ tRPC handles it) for anything with other parameters (batch, connectionParams, …). A POST
 * must carry no query at all.
 */
function queryInput(query: string, method: string): string | undefined {
  if (method !== 'GET' || !query.startsWith('input=') || query.includes('&')) return undefined;
  const params = new URLSearchParams(query);
  return params.get('input') ?? undefined;
}

/**
 * Drains the body as tRPC's node adapter does: bytes beyond `limit` turn the read into tRPC's
 * PAYLOAD_TOO_LARGE error (the rest of the upload is discarded). Never rejects.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      req.resume();
      resolve({ error: new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }) });
    };
    const onEnd = () => {
      cleanup();
      const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
      resolve({ text });
    };
    const onFail = (cause: unknown) => {
      cleanup();
      resolve({ error: getTRPCErrorFromUnknown(cause) });
    };
    // The client went away before the body ended: the answer will not be read anyway.
    const onClose = () => {
      if (!req.complete) onFail(new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'Request aborted' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('close', onClose);
  });
}

/** resolveResponse's check: a non-streaming answer must not hold promises or async iterables. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (isPromise(item) || isAsyncIterable(item)) return true;
  }
  return false;
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, type AnyRouter, type AnyTRPCProcedure } from '@trpc/server';
import type { Logger } from 'pino';
import type { RequestContext } from './context.js';
import { readRawBody } from './raw-body.js';
import { JSON_MEDIA_TYPE } from '@omnicart/contracts';
import { DomainError, ERROR_TABLE, domainCodeFromTrpc, knownDomainError, retryAfterSeconds, type DomainErrorCode, type ErrorBody } from './errors.js';
import type { Access, ProcedureMeta } from './trpc.js';

/**
 * Our REST adapter. The route table is compiled once from every procedure's `meta.openapi`
 * ({ method, path } with `{param}` segments, trpc-to-openapi compatible); a request is matched
 * against it and the procedure is invoked through tRPC's own call machinery, so input/output
 * validation and middlewares (auth ladder, DomainError mapping) run exactly as over /trpc.
 */

export const REST_PREFIX = '/api/v1';
export const MAX_BODY_BYTES = 1024 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const BODY_METHODS = new Set<string>(['POST', 'PUT', 'PATCH']);

export interface RestRoute {
  method: HttpMethod;
  /** The OpenAPI path, e.g. `/products/{idOrSlug}` (without the /api/v1 prefix). */
  pattern: string;
  /** The tRPC procedure path, e.g. `catalog.byId` or `byId`. */
  procedurePath: string;
  access: Access;
  successStatus: 200 | 201 | 202 | 204;
  /** Low-cardinality label for metrics and logs: `GET /products/{idOrSlug}`. */
  label: string;
  procedure: AnyTRPCProcedure;
  paramNames: string[];
  /** Converts query-string/path strings to the numbers, booleans and arrays the input schema expects. */
  coerce: (input: Record<string, unknown>) => Record<string, unknown>;
  /** The procedure takes no input (or z.void()). */
  noInput: boolean;
  /** `Cache-Control` of an anonymous 200 answer: `public, max-age=<n>` from `meta.cache`, else private. */
  publicCacheControl: string | undefined;
  /**
   * GET/DELETE: what is wrong with a query string's parameters (unknown to the input schema, or a
   * single-valued one given twice), as a 400 message naming them; undefined when nothing is.
   * Absent when the input schema's fields cannot be known (not an object): then zod alone judges.
   */
  checkQuery: ((query: Record<string, unknown>) => string | undefined) | undefined;
}

/** What every REST answer carries unless it is an anonymous 200 of a procedure declaring `meta.cache`. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

export type RouteMatch = PatternMatch<RestRoute>;

export interface RouteTable {
  routes: RestRoute[];
  /** Matches a path WITHOUT the /api/v1 prefix. */
  match(method: string, path: string): RouteMatch;
}

/** Builds the route table from every procedure that declares `meta.openapi`. */
export function compileRouteTable(router: AnyRouter): RouteTable {
  const routes: RestRoute[] = [];
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure>;
  for (const [procedurePath, procedure] of Object.entries(procedures)) {
    const meta = procedure._def.meta as ProcedureMeta | undefined;
    const openapi = meta?.openapi;
    if (!openapi) continue;
    const method = openapi.method.toUpperCase() as HttpMethod;
    const pattern = normalizePattern(openapi.path);
    const paramNames = [...pattern.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const inputs = (procedure._def as { inputs?: unknown[] }).inputs ?? [];
    routes.push({
      method,
      pattern,
      procedurePath,
      access: meta?.access ?? 'public',
      successStatus: meta?.successStatus ?? 200,
      label: `${method} ${pattern}`,
      procedure,
      paramNames,
      coerce: BODY_METHODS.has(method) ? coercePathOnly(inputs, paramNames) : createCoercer(inputs),
      noInput: inputs.length === 0 || inputs.every(isVoidSchema),
      checkQuery: BODY_METHODS.has(method) ? undefined : createQueryCheck(inputs),
      publicCacheControl:
        meta?.cache && meta.cache.maxAgeSeconds > 0 ? `public, max-age=${Math.floor(meta.cache.maxAgeSeconds)}` : undefined,
    });
  }

  const table = compilePatternTable(routes);
  return { routes, match: table.match };
}

export interface PatternEntry {
  method: string;
  /** `/products/{idOrSlug}` */
  pattern: string;
}

export type PatternMatch<T> =
  | { kind: 'found'; route: T; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

interface DynamicPath<T> {
  regex: RegExp;
  staticSegments: number;
  byMethod: Map<string, { entry: T; paramNames: string[] }>;
}

/**
 * Precompiles method + path patterns: static paths are one map lookup; parametrised ones are
 * tried most-specific first (`/products/search` before `/products/{id}`).
 */
export function compilePatternTable<T extends PatternEntry>(entries: T[]): { match(method: string, path: string): PatternMatch<T> } {
  const staticPaths = new Map<string, Map<string, T>>();
  const dynamicByShape = new Map<string, DynamicPath<T>>();
  for (const entry of entries) {
    const method = entry.method.toUpperCase();
    const pattern = normalizePattern(entry.pattern);
    const paramNames = [...pattern.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    if (paramNames.length === 0) {
      const byMethod = staticPaths.get(pattern) ?? new Map<string, T>();
      if (byMethod.has(method)) throw new Error(`Two procedures serve ${method} ${pattern}`);
      byMethod.set(method, entry);
      staticPaths.set(pattern, byMethod);
      continue;
    }
    // Same shape, different param names (GET /products/{idOrSlug}, PUT /products/{id}) share one regex.
    const shape = pattern.replace(/\{[^}]+\}/g, '{}');
    let dynamic = dynamicByShape.get(shape);
    if (!dynamic) {
      const source = pattern
        .split('/')
        .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '([^/]+)' : escapeRegex(segment)))
        .join('/');
      dynamic = {
        regex: new RegExp(`^${source}$`),
        staticSegments: pattern.split('/').filter((s) => s && !s.startsWith('{')).length,
        byMethod: new Map(),
      };
      dynamicByShape.set(shape, dynamic);
    }
    if (dynamic.byMethod.has(method)) throw new Error(`Two procedures serve ${method} ${pattern}`);
    dynamic.byMethod.set(method, { entry, paramNames });
  }
  const dynamicPaths = [...dynamicByShape.values()].sort((a, b) => b.staticSegments - a.staticSegments);

  return {
    match(method, rawPath) {
      const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
      const exact = staticPaths.get(path);
      if (exact) {
        const route = exact.get(method) ?? (method === 'HEAD' ? exact.get('GET') : undefined);
        if (route) return { kind: 'found', route, params: {} };
      }
      let allowed: HttpMethod[] | undefined = exact ? ([...exact.keys()] as HttpMethod[]) : undefined;
      for (const dynamic of dynamicPaths) {
        const found = dynamic.regex.exec(path);
        if (!found) continue;
        const hit = dynamic.byMethod.get(method) ?? (method === 'HEAD' ? dynamic.byMethod.get('GET') : undefined);
        if (hit) {
          const params: Record<string, string> = {};
          for (let i = 0; i < hit.paramNames.length; i++) params[hit.paramNames[i] as string] = safeDecode(found[i + 1] as string);
          return { kind: 'found', route: hit.entry, params };
        }
        allowed = [...(allowed ?? []), ...(dynamic.byMethod.keys() as Iterable<HttpMethod>)];
      }
      return allowed ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
    },
  };
}

export interface RestHandlerOptions {
  router: AnyRouter;
  createContext: (req: IncomingMessage, requestId: string) => Promise<RequestContext>;
  logger: Logger;
}

export interface RestHandler {
  table: RouteTable;
  /**
   * Serves one request whose path starts with /api/v1. `path` is the part after the prefix and
   * `query` the raw query string (without '?'). Returns the route label for metrics.
   */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: string, requestId: string): Promise<string>;
}

export function createRestHandler({ router, createContext, logger }: RestHandlerOptions): RestHandler {
  const table = compileRouteTable(router);
  return {
    table,
    async handle(req, res, path, query, requestId) {
      const method = req.method ?? 'GET';
      // Errors, writes and personal answers must never be kept by a shared cache.
      res.setHeader('Cache-Control', PRIVATE_CACHE_CONTROL);
      const matched = table.match(method, path);
      if (matched.kind === 'not-found') {
        sendError(res, 404, 'NOT_FOUND', `No route ${method} ${REST_PREFIX}${path}`);
        return 'unmatched';
      }
      if (matched.kind === 'method-not-allowed') {
        res.setHeader('Allow', [...new Set(matched.allowed)].join(', '));
        sendError(res, 405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed on ${REST_PREFIX}${path}`);
        return 'method-not-allowed';
      }
      const { route, params } = matched;
      try {
        let input: unknown;
        if (BODY_METHODS.has(route.method)) {
          const body = await readJsonBody(req);
          input = route.paramNames.length
            ? { ...(isPlainObject(body) ? body : {}), ...route.coerce(params) }
            : body;
        } else {
          const values: Record<string, unknown> = query ? parseQuery(query) : {};
          // Strict: `?minPrice[gt]=0` or `?id[not]=0` must not answer as if the filter were absent.
          const queryProblem = query ? route.checkQuery?.(values) : undefined;
          if (queryProblem) throw new HttpBodyError(400, 'VALIDATION_FAILED', queryProblem);
          for (const name of route.paramNames) values[name] = params[name];
          input = route.coerce(values);
        }
        if (route.noInput) input = undefined;
        const ctx = await createContext(req, requestId);
        const output: unknown = await route.procedure({
          ctx,
          getRawInput: () => Promise.resolve(input),
          path: route.procedurePath,
          type: route.procedure._def.type,
          signal: undefined,
          batchIndex: 0,
        });
        if (route.successStatus === 204) {
          res.statusCode = 204;
          res.end();
        } else {
          if (route.publicCacheControl && route.successStatus === 200 && ctx.user === null && !req.headers.authorization) {
            res.setHeader('Cache-Control', route.publicCacheControl);
          }
          sendJson(res, route.successStatus, output === undefined ? null : output);
        }
      } catch (error) {
        const mapped = toRestError(error);
        if (mapped.status >= 500) {
          logger.error({ err: error, requestId, route: route.label }, 'REST request failed');
        }
        const retryAfter = retryAfterSeconds(mapped.status, mapped.details);
        if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
        if (mapped.details) sendJson(res, mapped.status, { error: { code: mapped.code, message: mapped.message, details: mapped.details } });
        else sendError(res, mapped.status, mapped.code, mapped.message);
      }
      return route.label;
    },
  };
}

export interface RestError {
  status: number;
  code: DomainErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Maps anything a procedure threw to the REST error body; never leaks stacks or SQL. */
export function toRestError(thrown: unknown): RestError {
  if (thrown instanceof HttpBodyError) return { status: thrown.status, code: thrown.code, message: thrown.message };
  const error = getTRPCErrorFromUnknown(thrown);
  // A database outage thrown before the procedure's middlewares (or past them) is an UNAVAILABLE too.
  const cause = knownDomainError(error.cause) ?? knownDomainError(thrown) ?? error.cause;
  if (cause instanceof DomainError) {
    return {
      status: ERROR_TABLE[cause.code].http,
      code: cause.code,
      message: cause.code === 'INTERNAL' ? 'Internal error' : cause.message,
      ...(cause.details ? { details: cause.details } : {}),
    };
  }
  if (error.code === 'BAD_REQUEST' && hasIssues(cause)) {
    return { status: 400, code: 'VALIDATION_FAILED', message: describeIssues(cause.issues) };
  }
  const code = domainCodeFromTrpc(error.code);
  return { status: ERROR_TABLE[code].http, code, message: code === 'INTERNAL' ? 'Internal error' : error.message };
}

/** A request-level failure before the procedure runs (body too large, not JSON, bad query parameters). */
export class HttpBodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a JSON body up to MAX_BODY_BYTES. Empty body → undefined. A body must say
 * `Content-Type: application/json` (parameters such as `; charset=utf-8` allowed): anything else
 * — text/plain, a form, multipart, no type at all — is refused with 415 before a byte is read, so
 * a cross-site HTML form (which cannot send application/json without a CORS preflight) cannot
 * post to a JSON route. Bytes beyond the limit are not read: the HTTP shell closes the
 * connection after the 413 (runtime/http.ts).
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const refusal = jsonContentTypeRefusal(req.headers['content-type']);
  if (refusal) throw new HttpBodyError(415, 'UNSUPPORTED_MEDIA_TYPE', refusal);
  // Bytes beyond the limit are not read (readRawBody stops there; the HTTP shell closes the connection after the 413).
  const raw = await readRawBody(req, limit);
  if (raw === null) throw new HttpBodyError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`);
  const text = raw.toString('utf8');
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpBodyError(400, 'VALIDATION_FAILED', 'Request body is not valid JSON');
  }
}

/** RFC 9112 §6.3: a request has a body when it declares a length (other than 0) or a transfer coding. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) !== 0);
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** Why a body with this Content-Type is not JSON we accept (undefined: it is). */
export function jsonContentTypeRefusal(contentType: string | undefined): string | undefined {
  if (contentType === undefined || contentType.trim() === '') return `Missing Content-Type: send the body as ${JSON_MEDIA_TYPE}`;
  const media = mediaTypeOf(contentType);
  if (media === JSON_MEDIA_TYPE) return undefined;
  return `Unsupported Content-Type "${media.slice(0, 100)}": send the body as ${JSON_MEDIA_TYPE}`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // Encode once: Buffer.byteLength(string) and then end(string) would walk a large body twice.
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(payload.length) });
  res.end(payload);
}

/**
 * The one error writer: every error a service, the gateway or a raw route answers is
 * `{ error: { code, message } }` with its status (and e.g. `Allow` or `Retry-After` in `headers`).
 */
export function sendError(res: ServerResponse, status: number, code: DomainErrorCode, message: string, headers?: Record<string, string>): void {
  const body: ErrorBody = { error: { code, message } };
  sendJson(res, status, body, headers);
}

// ---------------------------------------------------------------------------------------------
// Query-string parsing and schema-driven coercion (query and path values arrive as strings).

export function parseQuery(query: string): Record<string, unknown> {
  // No prototype: `?constructor=1` or `?__proto__=1` are parameters like any other (and unknown ones).
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of new URLSearchParams(query)) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

type Kind = 'number' | 'boolean' | 'array-number' | 'array-boolean' | 'array' | 'string';

interface ZodLike {
  _zod?: { def?: { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown>; element?: unknown } };
}

function defOf(schema: unknown) {
  return (schema as ZodLike | undefined)?._zod?.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let depth = 0; depth < 20; depth++) {
    const def = defOf(current);
    if (!def?.type) return current;
    if (WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (def.type === 'lazy') return current;
    else return current;
  }
  return current;
}

function isVoidSchema(schema: unknown): boolean {
  const type = defOf(unwrap(schema))?.type;
  return type === 'void' || type === 'undefined';
}

function kindOf(schema: unknown): Kind {
  const def = defOf(unwrap(schema));
  switch (def?.type) {
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const element = kindOf(def.element);
      return element === 'number' ? 'array-number' : element === 'boolean' ? 'array-boolean' : 'array';
    }
    default:
      return 'string';
  }
}

function shapeKinds(inputs: unknown[]): Map<string, Kind> {
  const kinds = new Map<string, Kind>();
  for (const input of inputs) {
    const def = defOf(unwrap(input));
    if (def?.type !== 'object' || !def.shape) continue;
    for (const [key, field] of Object.entries(def.shape)) kinds.set(key, kindOf(field));
  }
  return kinds;
}

function coerceScalar(value: unknown, kind: 'number' | 'boolean'): unknown {
  if (typeof value !== 'string') return value;
  if (kind === 'number') {
    if (value.trim() === '') return value;
    const n = Number(value);
    return Number.isNaN(n) ? value : n;
  }
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

/** The fields of an input that is an object (or nothing); undefined when it is something else. */
function objectShapeKinds(inputs: unknown[]): Map<string, Kind> | undefined {
  const kinds = new Map<string, Kind>();
  for (const input of inputs) {
    if (isVoidSchema(input)) continue;
    const def = defOf(unwrap(input));
    if (def?.type !== 'object' || !def.shape) return undefined;
    for (const [key, field] of Object.entries(def.shape)) kinds.set(key, kindOf(field));
  }
  return kinds;
}

const MAX_NAMED_PROBLEMS = 10;

function createQueryCheck(inputs: unknown[]): RestRoute['checkQuery'] {
  const kinds = objectShapeKinds(inputs);
  if (!kinds) return undefined;
  const accepted = kinds.size ? [...kinds.keys()].join(', ') : 'no query parameters';
  return (query) => {
    const problems: string[] = [];
    for (const name of Object.keys(query)) {
      const kind = kinds.get(name);
      if (kind === undefined) problems.push(`${JSON.stringify(name.slice(0, 64))}: unknown query parameter`);
      else if ((kind === 'number' || kind === 'boolean') && Array.isArray(query[name])) problems.push(`${name}: given more than once`);
      if (problems.length === MAX_NAMED_PROBLEMS) break;
    }
    return problems.length ? `${problems.join('; ')} (this route accepts: ${accepted})` : undefined;
  };
}

function createCoercer(inputs: unknown[]): RestRoute['coerce'] {
  const kinds = shapeKinds(inputs);
  const special = [...kinds].filter(([, kind]) => kind !== 'string');
  if (special.length === 0) return identityCoerce;
  return (input) => {
    for (const [key, kind] of special) {
      const value = input[key];
      if (value === undefined) continue;
      switch (kind) {
        case 'number':
        case 'boolean':
          input[key] = coerceScalar(Array.isArray(value) ? value[0] : value, kind);
          break;
        case 'array':
          input[key] = Array.isArray(value) ? value : [value];
          break;
        case 'array-number':
        case 'array-boolean': {
          const scalar = kind === 'array-number' ? 'number' : 'boolean';
          input[key] = (Array.isArray(value) ? value : [value]).map((item) => coerceScalar(item, scalar));
          break;
        }
        default:
          break;
      }
    }
    return input;
  };
}

function coercePathOnly(inputs: unknown[], paramNames: string[]): RestRoute['coerce'] {
  if (paramNames.length === 0) return identityCoerce;
  const kinds = shapeKinds(inputs);
  const numeric = paramNames.filter((name) => kinds.get(name) === 'number');
  if (numeric.length === 0) return identityCoerce;
  return (input) => {
    const out = { ...input };
    for (const name of numeric) out[name] = coerceScalar(out[name], 'number');
    return out;
  };
}

const identityCoerce: RestRoute['coerce'] = (input) => input;

function normalizePattern(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.length > 1 && withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Issue {
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  message: string;
}

function hasIssues(value: unknown): value is { issues: Issue[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { issues?: unknown }).issues);
}

/** "email: Invalid email address; password: Too small: expected string to have >=8 characters" */
export function describeIssues(issues: Issue[]): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? []).map((p) => String(typeof p === 'object' && p !== null ? p.key : p)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { HOP_BY_HOP, type ProxyOutcome, type Upstream } from './proxy.js';

/**
 * The gateway's shared HTTP micro-cache (what nginx proxy_cache or Varnish would do in front of
 * the services), driven by the origin's Cache-Control:
 *
 * - Only anonymous GET/HEAD REST requests take part (no Authorization, no Cookie header).
 * - A response is stored when it is a 200 with `Cache-Control: public` and a positive
 *   `s-maxage`/`max-age` (no `private`, `no-store`, `no-cache`), a Content-Length of at most
 *   `maxBodyBytes`, and no `Set-Cookie` or `Vary` (the key holds no request headers).
 *   Key: upstream name + path + query. It is served until max-age (minus any upstream `Age`) ends.
 * - Concurrent misses for one key share one upstream fetch (request coalescing).
 * - `Cache-Control: no-cache` / `Pragma: no-cache` on the request skips the lookup and refreshes
 *   the entry from the upstream.
 * - A write (POST/PUT/PATCH/DELETE) the gateway forwards to an upstream drops that upstream's
 *   entries before and after it, and discards fills that were in flight: a client writing and then
 *   reading through this gateway sees its write. Another gateway replica may still serve its own
 *   entry for up to max-age (2 s for the catalog, the staleness its in-process read cache already
 *   allows across catalog replicas). Writes the gateway rejects (401/403/429) clear nothing, so
 *   anonymous callers cannot flush the cache that way.
 * - Answers carry `X-Cache: HIT|MISS|BYPASS` and, when they come from a stored response, `Age`.
 *
 * The hit path replays the stored header pairs and body Buffer directly onto the response.
 */

export const DEFAULT_CACHE_MAX_ENTRIES = 5000;
export const MAX_CACHED_BODY_BYTES = 512 * 1024;

export type CacheStatus = 'HIT' | 'MISS' | 'BYPASS';

export interface ResponseCacheOptions {
  /** LRU bound (entries). */
  maxEntries: number;
  /** Largest body kept (bytes, default 512 KB). */
  maxBodyBytes?: number;
  /** Milliseconds clock (tests inject one instead of sleeping). */
  now?: () => number;
}

export interface CachedResponse {
  upstream: string;
  /** Header pairs replayed as they are (Content-Length included; hop-by-hop, X-Request-Id and Age left out). */
  headers: Array<[string, string | string[]]>;
  body: Buffer;
  storedAt: number;
  expiresAt: number;
  /** `Age` the upstream already reported, in seconds. */
  initialAgeSeconds: number;
}

export interface ResponseCache {
  readonly size: number;
  /**
   * Answers one GET/HEAD request for `upstream`: from the cache, through a shared upstream fetch,
   * or forwarded untouched when it is not cacheable. `path` is the upstream path with query.
   */
  serve(req: IncomingMessage, res: ServerResponse, upstream: Upstream, path: string, headers: () => Record<string, string | string[]>): Promise<ProxyOutcome>;
  /** A write went (or is about to go) to this upstream: drop its entries and its fills in flight. */
  invalidate(upstream: string): void;
  /** The fresh entry for a key, if any (tests and diagnostics). */
  peek(upstream: string, path: string): CachedResponse | undefined;
}

interface Inflight {
  upstream: string;
  entry: Promise<CachedResponse | undefined>;
}

export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const maxEntries = options.maxEntries;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_CACHED_BODY_BYTES;
  const now = options.now ?? Date.now;
  /** Map order is the LRU order: oldest first. */
  const entries = new Map<string, CachedResponse>();
  const inflight = new Map<string, Inflight>();
  /** Bumped by every invalidation: a fill that started under an older generation is not stored. */
  const generations = new Map<string, number>();

  const keyOf = (upstream: string, path: string) => `${upstream} ${path}`;

  function lookup(key: string, at: number): CachedResponse | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    entries.delete(key);
    if (at >= entry.expiresAt) return undefined;
    entries.set(key, entry); // most recently used
    return entry;
  }

  function store(key: string, entry: CachedResponse): void {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  function replay(res: ServerResponse, entry: CachedResponse, status: CacheStatus, headOnly: boolean, at: number): void {
    res.statusCode = 200;
    const headers = entry.headers;
    for (let i = 0; i < headers.length; i++) {
      const pair = headers[i] as [string, string | string[]];
      res.setHeader(pair[0], pair[1]);
    }
    res.setHeader('Age', String(entry.initialAgeSeconds + Math.max(0, Math.floor((at - entry.storedAt) / 1000))));
    res.setHeader('X-Cache', status);
    if (headOnly) res.end();
    else res.end(entry.body);
  }

  /**
   * Fetches `path` from the upstream (GET), stores the answer when it may be kept, and answers
   * this request with it. With `share`, concurrent requests for the key wait for this fetch.
   */
  async function fill(
    res: ServerResponse,
    upstream: Upstream,
    key: string,
    path: string,
    headers: Record<string, string | string[]>,
    status: CacheStatus,
    share: boolean,
  ): Promise<ProxyOutcome> {
    const generation = generations.get(upstream.name) ?? 0;
    let settle: (entry: CachedResponse | undefined) => void = () => undefined;
    let shared: Inflight | undefined;
    if (share) {
      shared = { upstream: upstream.name, entry: new Promise((resolve) => (settle = resolve)) };
      inflight.set(key, shared);
    }
    try {
      const outcome = await upstream.fetch('GET', path, headers);
      if (!outcome.ok) {
        settle(undefined);
        return outcome;
      }
      const { statusCode, headers: upstreamHeaders, body } = outcome.response;
      const ttlSeconds = statusCode === 200 ? storableSeconds(upstreamHeaders, maxBodyBytes) : 0;
      if (ttlSeconds <= 0) {
        settle(undefined);
        res.setHeader('X-Cache', status);
        return await streamThrough(res, statusCode, upstreamHeaders, body);
      }
      let buffered: Buffer;
      try {
        buffered = await readBody(body, maxBodyBytes);
      } catch {
        settle(undefined);
        return { ok: false, status: 502, reason: `The ${upstream.name} service sent a broken response` };
      }
      const at = now();
      const entry: CachedResponse = {
        upstream: upstream.name,
        headers: replayHeaders(upstreamHeaders, buffered.length),
        body: buffered,
        storedAt: at,
        expiresAt: at + ttlSeconds * 1000,
        initialAgeSeconds: ageOf(upstreamHeaders),
      };
      // A write went through while we fetched: this answer may predate it, so serve it only here.
      if ((generations.get(upstream.name) ?? 0) === generation) {
        store(key, entry);
        settle(entry);
      } else {
        settle(undefined);
      }
      replay(res, entry, status, false, at);
      return { ok: true };
    } finally {
      settle(undefined);
      if (shared && inflight.get(key) === shared) inflight.delete(key);
    }
  }

  return {
    get size() {
      return entries.size;
    },

    async serve(req, res, upstream, path, headers) {
      const requestHeaders = req.headers;
      const headOnly = req.method === 'HEAD';
      if (requestHeaders.authorization !== undefined || requestHeaders.cookie !== undefined) {
        res.setHeader('X-Cache', 'BYPASS');
        return upstream.forward(req, res, path, headers());
      }
      const key = keyOf(upstream.name, path);
      if (wantsFreshAnswer(requestHeaders)) {
        if (headOnly) {
          res.setHeader('X-Cache', 'BYPASS');
          return upstream.forward(req, res, path, headers());
        }
        return fill(res, upstream, key, path, headers(), 'BYPASS', false);
      }
      const at = now();
      const hit = lookup(key, at);
      if (hit) {
        replay(res, hit, 'HIT', headOnly, at);
        return { ok: true };
      }
      const pending = inflight.get(key);
      if (pending) {
        const shared = await pending.entry;
        if (shared) {
          replay(res, shared, 'HIT', headOnly, now());
          return { ok: true };
        }
      }
      // HEAD misses are forwarded as they are: their (empty) answer must not fill a GET entry.
      if (headOnly || pending) {
        res.setHeader('X-Cache', 'MISS');
        return upstream.forward(req, res, path, headers());
      }
      return fill(res, upstream, key, path, headers(), 'MISS', true);
    },

    invalidate(upstream) {
      generations.set(upstream, (generations.get(upstream) ?? 0) + 1);
      for (const [key, entry] of entries) if (entry.upstream === upstream) entries.delete(key);
      for (const [key, pending] of inflight) if (pending.upstream === upstream) inflight.delete(key);
    },

    peek(upstream, path) {
      const entry = entries.get(keyOf(upstream, path));
      return entry && now() < entry.expiresAt ? entry : undefined;
    },
  };
}

/** `Cache-Control: no-cache` or `Pragma: no-cache` on the request: skip the cache, refresh it. */
export function wantsFreshAnswer(headers: IncomingHttpHeaders): boolean {
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined && /(?:^|[\s,])no-cache(?:$|[\s,=])/i.test(cacheControl)) return true;
  const pragma = headers.pragma;
  return pragma !== undefined && /(?:^|[\s,])no-cache(?:$|[\s,=])/i.test(pragma);
}

type ResponseHeaders = Dispatcher.ResponseData['headers'];

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Seconds a shared cache may keep this 200 answer (0 → not at all): `public` and a positive
 * `s-maxage` or `max-age` without `private`/`no-store`/`no-cache`, less any `Age`; a declared
 * Content-Length within the limit; no Set-Cookie; no Vary.
 */
export function storableSeconds(headers: ResponseHeaders, maxBodyBytes = MAX_CACHED_BODY_BYTES): number {
  const cacheControl = single(headers['cache-control']);
  if (!cacheControl || headers['set-cookie'] !== undefined || headers.vary !== undefined) return 0;
  const length = Number(single(headers['content-length']));
  if (!Number.isInteger(length) || length < 0 || length > maxBodyBytes) return 0;
  let isPublic = false;
  let maxAge: number | undefined;
  let sharedMaxAge: number | undefined;
  for (const part of cacheControl.split(',')) {
    const [rawName, rawValue] = part.split('=', 2);
    const name = (rawName ?? '').trim().toLowerCase();
    const value = rawValue?.trim().replace(/^"|"$/g, '');
    switch (name) {
      case 'public':
        isPublic = true;
        break;
      case 'private':
      case 'no-store':
      case 'no-cache':
        return 0;
      case 'max-age':
        maxAge = parseSeconds(value);
        break;
      case 's-maxage':
        sharedMaxAge = parseSeconds(value);
        break;
      default:
        break;
    }
  }
  const lifetime = sharedMaxAge ?? maxAge ?? 0;
  if (!isPublic || lifetime <= 0) return 0;
  return Math.max(0, lifetime - ageOf(headers));
}

function parseSeconds(value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) return 0;
  return Number(value);
}

function ageOf(headers: ResponseHeaders): number {
  const age = Number(single(headers.age));
  return Number.isInteger(age) && age > 0 ? age : 0;
}

function replayHeaders(headers: ResponseHeaders, bodyLength: number): Array<[string, string | string[]]> {
  const pairs: Array<[string, string | string[]]> = [];
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || name === 'x-request-id' || name === 'age' || name === 'content-length') continue;
    const value = headers[name];
    if (value !== undefined) pairs.push([name, value]);
  }
  pairs.push(['content-length', String(bodyLength)]);
  return pairs;
}

async function readBody(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error(`upstream body exceeds its declared length (${limit} bytes)`);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

/** An answer that is not kept goes to the client as the proxy would have sent it. */
async function streamThrough(res: ServerResponse, statusCode: number, headers: ResponseHeaders, body: Dispatcher.ResponseData['body']): Promise<ProxyOutcome> {
  res.statusCode = statusCode;
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || name === 'x-request-id') continue;
    const value = headers[name];
    if (value !== undefined) res.setHeader(name, value);
  }
  try {
    await pipeline(body, res);
  } catch {
    // The body broke or the client went away after the answer started: cut it, as forward() does.
    res.destroy();
  }
  return { ok: true };
}

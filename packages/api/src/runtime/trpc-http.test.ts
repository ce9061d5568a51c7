import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnyRouter } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestKeys, type TestKeys } from '../testing/fakes.js';
import { SERVICE_NAME_HEADER, SERVICE_TOKEN_HEADER, createContextFactory } from './context.js';
import { DomainError } from './errors.js';
import { MAX_BODY_BYTES } from './rest.js';
import { asDomainError, callService, createServiceClient } from './service-client.js';
import { createTrpcHttpHandler, type TrpcErrorHandler } from './trpc-http.js';
import { authedProcedure, internalProcedure, publicProcedure, router } from './trpc.js';

const TOKEN = 'test-service-token';

function createTestRouter() {
  return router({
    echo: publicProcedure.input(z.object({ n: z.number().int().max(10), tag: z.string().optional() })).query(({ input, ctx }) => ({
      n: input.n,
      tag: input.tag ?? null,
      service: ctx.service,
      idempotencyKey: ctx.idempotencyKey,
    })),
    noInput: publicProcedure.query(() => ({ ok: true })),
    nothing: publicProcedure.mutation(() => undefined),
    me: authedProcedure.query(({ ctx }) => ({ id: ctx.user.id })),
    reserve: internalProcedure
      .input(z.object({ sku: z.string(), quantity: z.number().int().positive() }))
      .mutation(({ input, ctx }) => {
        if (input.quantity > 5) {
          throw new DomainError('INSUFFICIENT_STOCK', `Only 5 of ${input.sku} available`, { sku: input.sku, requested: input.quantity, available: 5 });
        }
        return { sku: input.sku, reserved: input.quantity, caller: ctx.service };
      }),
    badOutput: internalProcedure.output(z.object({ id: z.string() })).mutation(() => ({ id: 42 }) as unknown as { id: string }),
    boom: publicProcedure.mutation(() => {
      throw new Error('SELECT * FROM secrets failed');
    }),
    streamy: publicProcedure.query(() => ({ later: Promise.resolve(1) })),
    bigint: publicProcedure.query(() => ({ big: 1n }) as unknown as { big: number }),
  });
}
type TestRouter = ReturnType<typeof createTestRouter>;

interface Side {
  url: string;
  server: Server;
  errors: Array<{ code: string; path: string | undefined; type: string; input: unknown; hasCtx: boolean }>;
  fastServed: number;
}

async function startSide(appRouter: AnyRouter, fastPath: boolean, verifier: TestKeys['verifier']): Promise<Side> {
  const createContext = createContextFactory(verifier, { serviceToken: TOKEN });
  const side: Side = { url: '', server: undefined as unknown as Server, errors: [], fastServed: 0 };
  const onError: TrpcErrorHandler = ({ error, path, type, input, ctx }) => {
    side.errors.push({ code: error.code, path, type, input, hasCtx: ctx !== undefined });
  };
  const handler = createTrpcHttpHandler({
    router: appRouter,
    maxBodySize: MAX_BODY_BYTES,
    fastPath,
    onError,
    createContext: (req: IncomingMessage) => createContext({ headers: req.headers, remoteAddress: req.socket.remoteAddress }),
  });
  side.server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = decodeURIComponent((q === -1 ? url : url.slice(0, q)).slice('/trpc/'.length));
    handler.handle(req, res, path, q === -1 ? '' : url.slice(q + 1)).then(
      (fast) => {
        if (fast) side.fastServed++;
      },
      (error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => side.server.listen(0, '127.0.0.1', resolve));
  side.url = `http://127.0.0.1:${(side.server.address() as AddressInfo).port}`;
  return side;
}

interface Answer {
  status: number;
  contentType: string | null;
  vary: string | null;
  allow: string | null;
  body: string;
}

async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${base}/trpc/${path}`, init);
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    vary: res.headers.get('vary'),
    allow: res.headers.get('allow'),
    body: await res.text(),
  };
}

const service = { [SERVICE_TOKEN_HEADER]: TOKEN, [SERVICE_NAME_HEADER]: 'orders' };
const jsonHeaders = { 'content-type': 'application/json' };
const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { ...jsonHeaders, ...service, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const q = (input: unknown) => `?input=${encodeURIComponent(JSON.stringify(input))}`;

describe('tRPC HTTP fast path', () => {
  let keys: TestKeys;
  let fast: Side;
  let slow: Side;
  let customerToken: string;

  beforeAll(async () => {
    keys = await createTestKeys();
    const appRouter = createTestRouter();
    fast = await startSide(appRouter, true, keys.verifier);
    slow = await startSide(appRouter, false, keys.verifier);
    customerToken = await keys.sign({ id: 'c1', email: 'demo@omnicart.test', role: 'customer' });
  });
  afterAll(async () => {
    await Promise.all([fast, slow].map((s) => new Promise((resolve) => s.server.close(resolve))));
  });

  /** Same request to both servers: same status, headers that matter and body bytes. */
  async function same(path: string, init?: () => RequestInit): Promise<Answer> {
    const beforeFast = fast.errors.length;
    const beforeSlow = slow.errors.length;
    const [a, b] = await Promise.all([call(fast.url, path, init?.()), call(slow.url, path, init?.())]);
    expect(a).toEqual(b);
    // onError saw the same thing on both paths.
    expect(fast.errors.slice(beforeFast)).toEqual(slow.errors.slice(beforeSlow));
    return a;
  }

  const cases: Array<[name: string, path: string, init: (() => RequestInit) | undefined, status: number, fastPath: boolean]> = [
    ['success query', `echo${q({ n: 3, tag: 'x' })}`, () => ({ headers: { ...service, 'idempotency-key': ' k1 ' } }), 200, true],
    ['query without input', 'noInput', undefined, 200, true],
    ['mutation answering undefined', 'nothing', () => post(''), 200, true],
    ['success mutation', 'reserve', () => post({ sku: 'SKU-1', quantity: 2 }), 200, true],
    ['mutation with charset content type', 'reserve', () => post({ sku: 'SKU-1', quantity: 1 }, { 'content-type': 'Application/JSON; charset=utf-8' }), 200, true],
    ['DomainError with details', 'reserve', () => post({ sku: 'SKU-1', quantity: 9 }), 409, true],
    ['zod input error', `echo${q({ n: 50 })}`, undefined, 400, true],
    ['zod input error on a mutation', 'reserve', () => post({ sku: 'SKU-1', quantity: -1 }), 400, true],
    ['bad JSON body', 'reserve', () => post('{"sku":'), 400, true],
    ['bad JSON query', 'echo?input=%7Bnope', undefined, 400, true],
    ['internal procedure without the token', 'reserve', () => ({ method: 'POST', headers: jsonHeaders, body: JSON.stringify({ sku: 'a', quantity: 1 }) }), 404, true],
    ['internal procedure without the token, bad JSON', 'reserve', () => ({ method: 'POST', headers: jsonHeaders, body: '{' }), 404, true],
    ['output validation failure', 'badOutput', () => post(''), 500, true],
    ['unexpected error', 'boom', () => post(''), 500, true],
    ['authed query without a token', 'me', undefined, 401, true],
    ['authed query with a bad token', 'me', () => ({ headers: { authorization: 'Bearer nope' } }), 401, true],
    ['authed query with a token', 'me', () => ({ headers: { authorization: `Bearer ${customerToken}` } }), 200, true],
    // Our errorFormatter maps tRPC's own UNSUPPORTED_MEDIA_TYPE (stream-like output, a server bug) to
    // INTERNAL 500 and METHOD_NOT_SUPPORTED to NOT_FOUND 404 (runtime/errors.ts FROM_TRPC); tRPC's status follows the shape.
    ['stream-like output', 'streamy', undefined, 500, true],
    ['output JSON cannot encode', 'bigint', undefined, 500, true],
    ['unknown procedure', `nope${q({})}`, undefined, 404, false],
    ['unknown mutation', 'nope', () => post({}), 404, false],
    ['GET of a mutation', `reserve${q({ sku: 'a', quantity: 1 })}`, () => ({ headers: service }), 404, false],
    ['POST of a query', 'echo', () => post({ n: 1 }), 404, false],
    ['batch', `echo,noInput?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { n: 1 } }))}`, undefined, 200, false],
    ['batch of one', `echo?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { n: 1 } }))}`, undefined, 200, false],
    ['streaming accept header', `echo${q({ n: 1 })}`, () => ({ headers: { 'trpc-accept': 'application/jsonl' } }), 400, false],
    // A body that is not application/json is refused before tRPC sees it (415, issue #10; it was a 500).
    ['mutation without a content type', 'reserve', () => ({ method: 'POST', headers: service, body: JSON.stringify({ sku: 'a', quantity: 1 }) }), 415, false],
    ['mutation with a text content type', 'reserve', () => post('{}', { 'content-type': 'text/plain' }), 415, false],
    ['extra query parameters', `echo${q({ n: 1 })}&x=1`, undefined, 200, false],
  ];

  for (const [name, path, init, status, servedFast] of cases) {
    it(`answers like tRPC: ${name}`, async () => {
      const before = fast.fastServed;
      const answer = await same(path, init);
      expect(answer.status).toBe(status);
      expect(fast.fastServed - before).toBe(servedFast ? 1 : 0);
      expect(slow.fastServed).toBe(0);
    });
  }

  it('sends the shapes service clients rely on', async () => {
    const ok = await same('reserve', () => post({ sku: 'SKU-1', quantity: 2 }));
    expect(ok.contentType).toBe('application/json');
    expect(ok.vary).toBe('trpc-accept, accept');
    expect(JSON.parse(ok.body)).toEqual({ result: { data: { sku: 'SKU-1', reserved: 2, caller: 'orders' } } });

    const stock = JSON.parse((await same('reserve', () => post({ sku: 'SKU-1', quantity: 9 }))).body);
    expect(stock.error).toMatchObject({
      message: 'Only 5 of SKU-1 available',
      data: { code: 'CONFLICT', httpStatus: 409, domainCode: 'INSUFFICIENT_STOCK', details: { sku: 'SKU-1', requested: 9, available: 5 } },
    });

    const zod = JSON.parse((await same(`echo${q({ n: 50 })}`)).body);
    expect(zod.error.message).toMatch(/^n: /);
    expect(zod.error.data).toMatchObject({ domainCode: 'VALIDATION_FAILED', httpStatus: 400 });

    const hidden = JSON.parse((await same('badOutput', () => post(''))).body);
    expect(hidden.error).toMatchObject({ message: 'Internal error', data: { domainCode: 'INTERNAL', httpStatus: 500 } });
    const boom = await same('boom', () => post(''));
    expect(boom.body).not.toContain('secrets');

    const notFound = JSON.parse((await same('reserve', () => ({ method: 'POST', headers: jsonHeaders, body: '{}' }))).body);
    expect(notFound.error.data).toMatchObject({ domainCode: 'NOT_FOUND', httpStatus: 404 });

    const empty = JSON.parse((await same('nothing', () => post(''))).body);
    expect(empty).toEqual({ result: {} });
  });

  it('answers 413 like tRPC for a body over the limit (and before the procedure reads it, not at all)', async () => {
    const big = JSON.stringify({ sku: 'x'.repeat(MAX_BODY_BYTES), quantity: 1 });
    const tooLarge = await same('reserve', () => post(big));
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    // Without the service token the procedure never asks for its input: 404, as with tRPC.
    const hidden = await same('reserve', () => ({ method: 'POST', headers: jsonHeaders, body: big }));
    expect(hidden.status).toBe(404);
  });

  it('serves @trpc/client (httpLink) calls, and callService rethrows the DomainError', async () => {
    for (const side of [fast, slow]) {
      const client = createServiceClient<TestRouter>({ url: () => side.url, caller: 'orders', token: TOKEN });
      expect(await client.echo.query({ n: 1 })).toEqual({ n: 1, tag: null, service: 'orders', idempotencyKey: null });
      expect(await client.reserve.mutate({ sku: 'A', quantity: 1 })).toEqual({ sku: 'A', reserved: 1, caller: 'orders' });
      const error = await callService('inventory', () => client.reserve.mutate({ sku: 'A', quantity: 7 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', message: 'Only 5 of A available', details: { sku: 'A', requested: 7, available: 5 } });
      const invalid = asDomainError(await client.echo.query({ n: 99 }).catch((e: unknown) => e), 'catalog');
      expect(invalid.code).toBe('VALIDATION_FAILED');
    }
  });

  it('serves concurrent calls independently', async () => {
    const client = createServiceClient<TestRouter>({ url: () => fast.url, caller: 'cart', token: TOKEN });
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => client.reserve.mutate({ sku: `S${i}`, quantity: (i % 8) + 1 })));
    results.forEach((result, i) => {
      const quantity = (i % 8) + 1;
      if (quantity > 5) {
        expect(result.status).toBe('rejected');
      } else {
        expect(result).toEqual({ status: 'fulfilled', value: { sku: `S${i}`, reserved: quantity, caller: 'cart' } });
      }
    });
  });
});

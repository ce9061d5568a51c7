import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../runtime/logger.js';
import type { RunningService } from '../runtime/server.js';
import { TRPC_MAX_BATCH_SIZE } from '../runtime/trpc-http.js';
import { publicProcedure, router } from '../runtime/trpc.js';
import { createTestKeys, createWidgetRouter, domainOf, readJson, startFakeService } from '../testing/fakes.js';
import { openRaw, rawRequest } from '../testing/raw-http.js';
import { startGateway } from '../platform/gateway.js';
import type { Gateway } from './gateway.js';
import { upstreamHeaders } from './proxy.js';

/**
 * The gateway's edge: `Expect: 100-continue` (curl sends it with every body over 1 KB), bodies
 * left unread by an early answer on a keep-alive connection, and the tRPC batch cap.
 */
let calls = 0;
const catalogRouter = () =>
  router({
    ...createWidgetRouter()._def.record,
    echo: publicProcedure
      .meta({ openapi: { method: 'POST', path: '/widgets/echo' } })
      .input(z.object({ text: z.string() }))
      .output(z.object({ length: z.number() }))
      .mutation(({ input }) => ({ length: input.text.length })),
    count: publicProcedure.query(() => ++calls),
  });

describe('gateway edge', () => {
  let catalog: RunningService;
  let gateway: Gateway;

  beforeAll(async () => {
    const keys = await createTestKeys();
    catalog = await startFakeService(domainOf('catalog', async () => ({ router: catalogRouter() })), keys.verifier);
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      verifier: keys.verifier,
      routers: { catalog: catalogRouter() },
      upstreams: { catalog: catalog.url('catalog') },
      rateLimit: false,
      responseCache: false,
    });
  });
  afterAll(async () => {
    await gateway.stop(1_000);
    await catalog.stop(1_000);
  });

  it('never forwards Expect upstream', () => {
    const headers = upstreamHeaders({ expect: '100-continue', 'content-type': 'application/json' }, { requestId: 'r', clientIp: '1.2.3.4', proto: 'http', host: 'x' });
    expect(headers.expect).toBeUndefined();
    expect(headers['content-type']).toBe('application/json');
  });

  it('answers a curl-like Expect: 100-continue POST over 1 KB: 100 Continue, then the service answer', async () => {
    const text = 'a'.repeat(2_000);
    const body = JSON.stringify({ text });
    const connection = await openRaw(gateway.url);
    connection.write(rawRequest('POST', '/api/v1/widgets/echo', { host: 'x', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' }));
    expect((await connection.next()).status).toBe(100);
    connection.write(body);
    const answer = await connection.next();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ length: 2_000 });
    connection.end();
  });

  it('answers a GET carrying Expect: 100-continue', async () => {
    const connection = await openRaw(gateway.url);
    connection.write(rawRequest('GET', '/api/v1/widgets?limit=2', { host: 'x', expect: '100-continue' }));
    let answer = await connection.next();
    if (answer.status === 100) answer = await connection.next(); // Node continues even a GET: harmless
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ limit: 2 });
    // and the connection goes on
    connection.write(rawRequest('GET', '/api/v1/widgets?limit=3', { host: 'x' }));
    answer = await connection.next();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ limit: 3 });
    connection.end();
  });

  it('refuses an expectation other than 100-continue with 417', async () => {
    const connection = await openRaw(gateway.url);
    connection.write(rawRequest('POST', '/api/v1/widgets/echo', { host: 'x', 'content-type': 'application/json', 'content-length': 2, expect: 'teapot' }));
    expect((await connection.next()).status).toBe(417);
    connection.end();
  });

  it('after a 413 from the service, the next request on the connection is answered or the connection is closed', async () => {
    const connection = await openRaw(gateway.url);
    connection.write(
      rawRequest('POST', '/api/v1/widgets/echo', { host: 'x', 'content-type': 'application/json', 'content-length': 2 * 1024 * 1024, expect: '100-continue' }),
    );
    // Node gives the continue at once; curl then starts sending, and the service refuses on the declared length.
    expect((await connection.next()).status).toBe(100);
    connection.write('{"text":"' + 'b'.repeat(200_000));
    const refused = await connection.next();
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(refused.headers.connection).toBe('close');
    expect(await connection.closed()).toBe(true);
  });

  it('keeps the connection usable after an early refusal of a small body', async () => {
    const connection = await openRaw(gateway.url);
    const body = JSON.stringify({ text: 'x' });
    // 404 at the gateway without reading the body, then a second request on the same connection.
    connection.write(rawRequest('POST', '/api/v1/nowhere', { host: 'x', 'content-type': 'application/json', 'content-length': body.length }, body));
    expect((await connection.next()).status).toBe(404);
    connection.write(rawRequest('GET', '/api/v1/widgets?limit=1', { host: 'x' }));
    expect((await connection.next()).status).toBe(200);
    // 415 at the service without reading the body, through the gateway.
    connection.write(rawRequest('POST', '/api/v1/widgets/echo', { host: 'x', 'content-type': 'text/plain', 'content-length': body.length }, body));
    expect((await connection.next()).status).toBe(415);
    connection.write(rawRequest('GET', '/api/v1/widgets?limit=1', { host: 'x' }));
    expect((await connection.next()).status).toBe(200);
    connection.end();
  });

  it(`refuses a tRPC batch over ${TRPC_MAX_BATCH_SIZE} operations with 400 before it reaches the service`, async () => {
    const before = calls;
    const paths = (n: number) => Array.from({ length: n }, () => 'count').join(',');
    const refused = await fetch(`${gateway.url}/trpc/catalog/${paths(500)}?batch=1`);
    expect(refused.status).toBe(400);
    const shape = await readJson(refused);
    expect(shape.error.message).toBe(`A batch may hold at most ${TRPC_MAX_BATCH_SIZE} operations; this one has 500`);
    expect(shape.error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, domainCode: 'VALIDATION_FAILED' });
    expect(calls).toBe(before);
    const ok = await fetch(`${gateway.url}/trpc/catalog/${paths(TRPC_MAX_BATCH_SIZE)}?batch=1`);
    expect(ok.status).toBe(200);
    expect(await readJson(ok)).toHaveLength(TRPC_MAX_BATCH_SIZE);
  });
});

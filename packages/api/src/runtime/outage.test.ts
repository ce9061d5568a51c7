import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestKeys, fakeDomain, readJson, startFakeService } from '../testing/fakes.js';
import { DomainError, isUnavailableError } from './errors.js';
import type { RunningService } from './server.js';
import { publicProcedure, router } from './trpc.js';

// A database outage is a 503 with Retry-After on every surface (REST, tRPC fast path, tRPC
// batches), never a 500: the errors node-postgres and the Prisma pg adapter raise while
// PostgreSQL is unreachable, and nothing else.

/** What node-postgres and the Prisma pg adapter throw while the database is unreachable. */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const OUTAGES: Array<[string, () => unknown]> = [
  ['connection refused', () => socketError('ECONNREFUSED')],
  ['connection reset', () => socketError('ECONNRESET')],
  ['terminated by the administrator (57P01)', () => pgError('57P01', 'terminating connection due to administrator command')],
  ['crash shutdown (57P02)', () => pgError('57P02', 'terminating connection due to crash of another server process')],
  ['cannot connect now (57P03)', () => pgError('57P03', 'the database system is starting up')],
  ['connection terminated unexpectedly', () => new Error('Connection terminated unexpectedly')],
  ['pool connect timeout', () => new Error('timeout exceeded when trying to connect')],
  ['connection timeout', () => new Error('Connection terminated due to connection timeout')],
  // The Prisma pg adapter: DriverAdapterError(cause: { kind }) inside PrismaClientKnownRequestError(meta.driverAdapterError).
  ['Prisma: database not reachable', () => Object.assign(new Error('Invalid `prisma.order.create()` invocation'), { code: 'P1001', meta: { driverAdapterError: Object.assign(new Error('DatabaseNotReachable'), { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } }) } })],
  ['Prisma: connection closed', () => Object.assign(new Error('Invalid invocation'), { meta: { driverAdapterError: Object.assign(new Error('ConnectionClosed'), { cause: { kind: 'ConnectionClosed' } }) } })],
  ['Prisma: adapter postgres 57P01', () => Object.assign(new Error('DriverAdapterError'), { cause: { kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' } })],
  ['Prisma: pool timeout (P2024)', () => Object.assign(new Error('Timed out fetching a new connection from the connection pool.'), { code: 'P2024' })],
  ['wrapped in a cause', () => new Error('query failed', { cause: socketError('ECONNREFUSED') })],
];
const BUGS: Array<[string, () => unknown]> = [
  ['a unique violation', () => pgError('23505', 'duplicate key value violates unique constraint')],
  ['a syntax error', () => pgError('42601', 'syntax error at or near "SELEC"')],
  ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'id')")],
  ['a DomainError', () => new DomainError('CONFLICT', 'Connection terminated unexpectedly (a message, not an outage)')],
];

describe('isUnavailableError', () => {
  it.each(OUTAGES)('classifies %s as an outage', (_name, make) => {
    expect(isUnavailableError(make())).toBe(true);
  });
  it.each(BUGS)('leaves %s alone', (_name, make) => {
    expect(isUnavailableError(make())).toBe(false);
  });
});

describe('a database outage over HTTP', () => {
  let service: RunningService;
  let base: string;
  let failure: () => unknown = () => socketError('ECONNREFUSED');
  const failingRouter = () =>
    router({
      place: publicProcedure
        .meta({ openapi: { method: 'POST', path: '/widgets/place' } })
        .input(z.object({ n: z.number() }))
        .output(z.object({ n: z.number() }))
        .mutation(() => {
          throw failure();
        }),
      look: publicProcedure
        .meta({ openapi: { method: 'GET', path: '/widgets/look' } })
        .input(z.void())
        .output(z.object({ n: z.number() }))
        .query(() => {
          throw failure();
        }),
    });

  beforeAll(async () => {
    const keys = await createTestKeys();
    service = await startFakeService(fakeDomain('catalog', failingRouter), keys.verifier);
    base = service.url('catalog');
  });
  afterAll(() => service.stop());

  it.each(OUTAGES)('answers REST with 503 UNAVAILABLE and Retry-After on %s', async (_name, make) => {
    failure = make;
    const write = await fetch(`${base}/api/v1/widgets/place`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toBe('2');
    const body = await readJson(write);
    expect(body.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/temporarily unavailable.*retry/) });
    // Never what failed inside (addresses, SQL state).
    expect(JSON.stringify(body)).not.toMatch(/5432|ECONN|57P0|P1001|prisma/i);
    const read = await fetch(`${base}/api/v1/widgets/look`);
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('2');
  });

  it('answers tRPC (single calls and batches) with 503 SERVICE_UNAVAILABLE and Retry-After', async () => {
    failure = () => new Error('Connection terminated unexpectedly');
    const single = await fetch(`${base}/trpc/place`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(single.status).toBe(503);
    expect(single.headers.get('retry-after')).toBe('2');
    expect((await readJson(single)).error).toMatchObject({ data: { code: 'SERVICE_UNAVAILABLE', domainCode: 'UNAVAILABLE', httpStatus: 503 } });
    const batch = await fetch(`${base}/trpc/look,look?batch=1&input=${encodeURIComponent('{}')}`);
    expect(batch.status).toBe(503);
    expect(batch.headers.get('retry-after')).toBe('2');
    const answers = await readJson(batch);
    expect(answers.map((a: { error: { data: { domainCode: string } } }) => a.error.data.domainCode)).toEqual(['UNAVAILABLE', 'UNAVAILABLE']);
  });

  it('still answers a bug with 500 INTERNAL and no Retry-After', async () => {
    failure = () => pgError('42601', 'syntax error at or near "SELEC"');
    const response = await fetch(`${base}/api/v1/widgets/look`);
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect((await readJson(response)).error).toEqual({ code: 'INTERNAL', message: 'Internal error' });
  });
});

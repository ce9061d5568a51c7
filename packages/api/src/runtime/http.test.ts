import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw, rawRequest } from '../testing/raw-http.js';
import { startHttpService, urlForLog, type HttpService } from './http.js';
import { silentLogger } from './logger.js';
import { sendError, sendJson } from './rest.js';

describe('urlForLog', () => {
  it('keeps paths and harmless parameters as they are', () => {
    expect(urlForLog('/api/v1/products?limit=20&sort=newest')).toBe('/api/v1/products?limit=20&sort=newest');
    expect(urlForLog('/healthz')).toBe('/healthz');
    expect(urlForLog(undefined)).toBe('/');
  });

  it('redacts guest cart ids, tRPC input and credentials, whatever their case', () => {
    expect(urlForLog('/api/v1/cart?cartId=abc123secret&x=1')).toBe('/api/v1/cart?cartId=[redacted]&x=1');
    expect(urlForLog('/trpc/get?input=%7B%22cartId%22%3A%22s%22%7D')).toBe('/trpc/get?input=[redacted]');
    expect(urlForLog('/x?CARTID=a&Token=b&email=c%40d')).toBe('/x?CARTID=[redacted]&Token=[redacted]&email=[redacted]');
  });

  it('survives malformed escapes', () => {
    expect(urlForLog('/x?%E0%A4%A=1&cartId=z')).toBe('/x?%E0%A4%A=1&cartId=[redacted]');
  });
});

describe('HTTP shell: Expect and request bodies left unread', () => {
  let service: HttpService;
  beforeAll(async () => {
    service = await startHttpService({
      name: 'shell-test',
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      async handler(req, res) {
        if (req.url === '/read') {
          let bytes = 0;
          for await (const chunk of req as AsyncIterable<Buffer>) bytes += chunk.length;
          sendJson(res, 200, { bytes });
          return 'read';
        }
        // Refused before a byte of the body is read (as a 401/404/413/415/429 is).
        sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'Refused before reading');
        return 'refuse';
      },
    });
  });
  afterAll(() => service.close(1_000));

  it('answers Expect: 100-continue with 100 Continue, then reads the body', async () => {
    const connection = await openRaw(service.url);
    connection.write(rawRequest('POST', '/read', { host: 'x', 'content-type': 'application/json', 'content-length': 2048, expect: '100-continue' }));
    expect((await connection.next()).status).toBe(100);
    connection.write('x'.repeat(2048));
    const answer = await connection.next();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ bytes: 2048 });
    connection.end();
  });

  it('refuses any other expectation with 417 before reading', async () => {
    const connection = await openRaw(service.url);
    connection.write(rawRequest('POST', '/read', { host: 'x', 'content-length': 10, expect: 'something-else' }));
    expect((await connection.next()).status).toBe(417);
    connection.end();
  });

  it('keeps a connection usable after an early answer to a small body (the rest is read and dropped)', async () => {
    const connection = await openRaw(service.url);
    connection.write(rawRequest('POST', '/refuse', { host: 'x', 'content-type': 'text/plain', 'content-length': 4096 }, 'y'.repeat(4096)));
    const refused = await connection.next();
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).not.toBe('close');
    connection.write(rawRequest('POST', '/read', { host: 'x', 'content-length': 3 }, 'abc'));
    const next = await connection.next();
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body)).toEqual({ bytes: 3 });
    connection.end();
  });

  it('answers an early refusal of a large body with Connection: close and closes, instead of hanging', async () => {
    const connection = await openRaw(service.url);
    connection.write(rawRequest('POST', '/refuse', { host: 'x', 'content-type': 'application/json', 'content-length': 5_000_000 }, 'z'.repeat(100_000)));
    const refused = await connection.next();
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('close');
    expect(await connection.closed()).toBe(true);
  });

  it('closes after an early answer to a chunked body (no declared length to bound the drain)', async () => {
    const connection = await openRaw(service.url);
    connection.write(rawRequest('POST', '/refuse', { host: 'x', 'transfer-encoding': 'chunked' }, '400\r\n' + 'c'.repeat(1024) + '\r\n'));
    const refused = await connection.next();
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('close');
    expect(await connection.closed()).toBe(true);
  });

  it('closes a connection whose small body never finishes arriving', async () => {
    const connection = await openRaw(service.url);
    connection.write(rawRequest('POST', '/refuse', { host: 'x', 'content-length': 1000 }, 'q'.repeat(10)));
    expect((await connection.next()).status).toBe(413);
    expect(await connection.closed(8_000)).toBe(true);
  }, 10_000);
});

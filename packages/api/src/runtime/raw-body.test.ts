import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw, rawRequest } from '../testing/raw-http.js';
import { startHttpService, type HttpService } from './http.js';
import { silentLogger } from './logger.js';
import { readRawBody } from './raw-body.js';
import { sendError, sendJson } from './rest.js';

describe('readRawBody (webhooks)', () => {
  let service: HttpService;
  let readBytes = 0;
  beforeAll(async () => {
    service = await startHttpService({
      name: 'raw-body-test',
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      async handler(req, res) {
        const body = await readRawBody(req, 1_000);
        readBytes = body?.length ?? -1;
        if (!body) sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'Webhook body too large');
        else sendJson(res, 200, { bytes: body.length });
        return 'raw';
      },
    });
  });
  afterAll(() => service.close(1_000));

  it('gives the bytes exactly as sent', async () => {
    const res = await fetch(service.url, { method: 'POST', body: 'é'.repeat(10) });
    expect(await res.json()).toEqual({ bytes: 20 });
  });

  it('answers an oversized body without waiting for the rest of it, then closes', async () => {
    const declared: Array<Record<string, string | number>> = [{ 'content-length': 50_000_000 }, { 'transfer-encoding': 'chunked' }];
    for (const headers of declared) {
      const connection = await openRaw(service.url);
      const chunk = headers['transfer-encoding'] ? `800\r\n${'c'.repeat(2048)}\r\n` : 'c'.repeat(2048);
      connection.write(rawRequest('POST', '/webhooks/x', { host: 'x', ...headers }, chunk));
      const answer = await connection.next();
      expect(answer.status).toBe(413);
      expect(answer.headers.connection).toBe('close');
      expect(readBytes).toBe(-1);
      expect(await connection.closed()).toBe(true);
    }
  });
});

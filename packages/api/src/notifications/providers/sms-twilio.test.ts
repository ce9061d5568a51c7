import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDevInbox, type DevInbox } from '../../dev-inbox/index.js';
import { createTwilioSmsProvider, type TwilioSmsProviderOptions } from './sms-twilio.js';
import { ProviderError, type SmsProvider } from './types.js';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const TOKEN = 'twilio-test-auth-token';
let inbox: DevInbox;
const providers: SmsProvider[] = [];

beforeAll(async () => {
  inbox = await startDevInbox({ twilioAuthToken: TOKEN });
});
afterAll(async () => {
  await Promise.all(providers.map((provider) => provider.close()));
  await inbox?.stop();
});
beforeEach(async () => {
  await inbox.client.clear();
});

function provider(overrides: Partial<TwilioSmsProviderOptions> = {}): SmsProvider {
  const created = createTwilioSmsProvider({ accountSid: ACCOUNT, authToken: TOKEN, from: '+15005550006', apiUrl: inbox.url, ...overrides });
  providers.push(created);
  return created;
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const faults = (status: number, count = 1) =>
  fetch(`${inbox.url}/api/sms/faults`, { method: 'POST', body: JSON.stringify({ status, count }) }).then((response) => expect(response.status).toBe(200));

describe('the Twilio SMS provider (through the twilio SDK)', () => {
  it('sends a text message and returns its sid', async () => {
    const receipt = await provider().send({ to: '+15551230001', body: 'OmniCart: your order #1001 has shipped' });
    expect(receipt.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const [message] = await inbox.client.waitForSms({ to: '+15551230001' });
    expect(message).toMatchObject({ sid: receipt.providerMessageId, accountSid: ACCOUNT, from: '+15005550006', body: 'OmniCart: your order #1001 has shipped' });
  });

  it('sends through a Messaging Service when `from` is one', async () => {
    const service = `MG${'2'.repeat(32)}`;
    await provider({ from: service }).send({ to: '+15551230002', body: 'hi' });
    expect((await inbox.client.waitForSms({ to: '+15551230002' }))[0]).toMatchObject({ from: null, messagingServiceSid: service });
  });

  it('keeps a base path of apiUrl', async () => {
    // A proxy in front of the API (http://host/twilio/2010-04-01/...) answers only under its prefix.
    const proxy: Server = createServer((req, res) => {
      if (!req.url?.startsWith('/twilio/')) {
        res.writeHead(404).end();
        return;
      }
      const upstream = new URL(req.url.slice('/twilio'.length), inbox.url);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        fetch(upstream, { method: req.method ?? 'GET', headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? '' }, body: Buffer.concat(chunks) })
          .then(async (answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()))
          .catch(() => res.writeHead(502).end());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const receipt = await provider({ apiUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/twilio/` }).send({ to: '+15551230003', body: 'via proxy' });
      expect(receipt.providerMessageId).toMatch(/^SM/);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('bounces an invalid number (21211) and a number that cannot receive SMS (21614) as permanent', async () => {
    expect(await rejection(provider().send({ to: '0612345678', body: 'x' }))).toMatchObject({ permanent: true, code: 21211 });
    expect(await rejection(provider().send({ to: '+15005550009', body: 'x' }))).toMatchObject({ permanent: true, code: 21614 });
    expect(await rejection(provider().send({ to: '+15005550004', body: 'x' }))).toMatchObject({ permanent: true, code: 21610 });
    expect(await inbox.client.sms()).toEqual([]);
  });

  it('retries failures of our sender rather than bouncing the recipient (21606 not our number, 21611 queue full)', async () => {
    expect(await rejection(provider({ from: '+15005550007' }).send({ to: '+15551230008', body: 'x' }))).toMatchObject({ permanent: false, code: 21606 });
    expect(await rejection(provider({ from: '+15005550008' }).send({ to: '+15551230008', body: 'x' }))).toMatchObject({ permanent: false, code: 21611 });
  });

  it('reports wrong credentials (401, Twilio 20003) as not permanent: fixing the settings makes a retry succeed', async () => {
    const error = await rejection(provider({ authToken: 'wrong-token' }).send({ to: '+15551230004', body: 'x' }));
    expect(error).toMatchObject({ permanent: false, code: 20003 });
    expect(error.message).toContain('401');
    expect(await inbox.client.sms()).toEqual([]);
  });

  it('retries 429 and 5xx answers (not permanent)', async () => {
    await faults(429);
    expect(await rejection(provider().send({ to: '+15551230005', body: 'x' }))).toMatchObject({ permanent: false, code: 20429 });
    await faults(503);
    expect(await rejection(provider().send({ to: '+15551230005', body: 'x' }))).toMatchObject({ permanent: false, code: 20503 });
    await faults(500);
    expect(await rejection(provider().send({ to: '+15551230005', body: 'x' }))).toMatchObject({ permanent: false, code: 20500 });
    await provider().send({ to: '+15551230005', body: 'finally' });
    expect(await inbox.client.sms({ to: '+15551230005' })).toHaveLength(1);
  });

  it('retries when the API is unreachable (not permanent)', async () => {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(provider({ apiUrl: `http://127.0.0.1:${port}` }).send({ to: '+15551230006', body: 'x' }));
    expect(error).toMatchObject({ permanent: false, code: 'ECONNREFUSED' });
  });

  it('times out on an API that never answers (not permanent)', async () => {
    const silent: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const error = await rejection(provider({ apiUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 300 }).send({ to: '+15551230007', body: 'x' }));
      expect(error.permanent).toBe(false);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuses settings the SDK cannot use', () => {
    expect(() => createTwilioSmsProvider({ accountSid: 'XX123', authToken: TOKEN, from: '+15005550006', apiUrl: inbox.url })).toThrow(/AC/);
    expect(() => createTwilioSmsProvider({ accountSid: ACCOUNT, authToken: TOKEN, from: '+15005550006', apiUrl: 'not a url' })).toThrow(/not a valid URL/);
  });
});

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDevInbox, type DevInbox } from '../../dev-inbox/index.js';
import { createSmtpEmailProvider, parseSmtpUrl, toSmtpProviderError } from './email-smtp.js';
import { ProviderError, type EmailProvider, type OutgoingEmail } from './types.js';

let inbox: DevInbox;
const providers: EmailProvider[] = [];

beforeAll(async () => {
  inbox = await startDevInbox();
});
afterAll(async () => {
  await Promise.all(providers.map((provider) => provider.close()));
  await inbox?.stop();
});
beforeEach(async () => {
  await inbox.client.clear();
  await inbox.setSmtpAccepting(true);
});

function provider(url = `${inbox.smtpUrl}?tls=none`, options: { pool?: boolean; timeoutMs?: number } = {}): EmailProvider {
  const created = createSmtpEmailProvider({ url, ...options });
  providers.push(created);
  return created;
}

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: 'OmniCart <shop@omnicart.test>',
  to: 'ada@example.test',
  subject: 'Your order #1001 is confirmed',
  html: '<h1>Thank you, Ada</h1><p>Order <strong>#1001</strong></p>',
  text: 'Thank you, Ada\nOrder #1001',
  messageId: 'ntf_01HZX',
  ...overrides,
});

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

describe('the SMTP email provider', () => {
  it('delivers HTML and text parts with our headers, and returns the accepted Message-ID', async () => {
    const unsubscribe = `<https://shop.test/unsubscribe?token=${'t'.repeat(120)}>, <mailto:unsubscribe@omnicart.test>`; // folded on the wire
    const receipt = await provider().send(
      email({
        headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Campaign': 'spring\r\nBcc: evil@example.test' },
      }),
    );
    expect(receipt.providerMessageId).toMatch(/^<.+@omnicart\.test>$/);
    const [received] = await inbox.client.waitForEmails({ to: 'ada@example.test' });
    expect(received).toMatchObject({
      messageId: receipt.providerMessageId,
      from: 'OmniCart <shop@omnicart.test>',
      to: ['ada@example.test'],
      subject: 'Your order #1001 is confirmed',
      html: '<h1>Thank you, Ada</h1><p>Order <strong>#1001</strong></p>',
      text: 'Thank you, Ada\nOrder #1001',
    });
    expect(received!.headers).toMatchObject({
      'x-omnicart-message-id': 'ntf_01HZX',
      'list-unsubscribe': unsubscribe,
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      'x-campaign': 'spring Bcc: evil@example.test', // a line break in a value cannot add a header
    });
    expect(received!.envelope.to).toEqual(['ada@example.test']);
    expect(received!.headers['content-type']).toMatch(/^multipart\/alternative/);
  });

  it('sends with credentials from the URL, and over a pool of connections', async () => {
    const pooled = provider(`smtp://mailer%40omnicart:s%3Acret@127.0.0.1:${inbox.smtpPort}?tls=none`, { pool: true });
    const receipts = await Promise.all([1, 2, 3].map((n) => pooled.send(email({ to: `pool${n}@example.test`, messageId: `ntf_${n}` }))));
    expect(new Set(receipts.map((receipt) => receipt.providerMessageId)).size).toBe(3);
    expect(await inbox.client.waitForEmails({ subject: 'order #1001', count: 3 })).toHaveLength(3);
  });

  it('falls back to plain text when the server offers no STARTTLS (tls=opportunistic, the default)', async () => {
    await provider(inbox.smtpUrl).send(email({ to: 'plain@example.test' }));
    expect(await inbox.client.waitForEmails({ to: 'plain@example.test' })).toHaveLength(1);
  });

  it('fails a send that requires STARTTLS from a server that does not offer it, as retryable', async () => {
    const error = await rejection(provider(`${inbox.smtpUrl}?tls=required`).send(email()));
    expect(error.permanent).toBe(false);
    expect(await inbox.client.emails()).toEqual([]);
  });

  it('bounces a recipient the server refuses with 5xx (permanent, code 550)', async () => {
    const error = await rejection(provider().send(email({ to: 'gone@reject.test' })));
    expect(error).toMatchObject({ permanent: true, code: 550 });
    expect(error.message).toContain('5.1.1');
  });

  it('bounces a message over the server size limit (permanent, code 552)', async () => {
    const small = await startDevInbox({ maxMessageBytes: 2048 });
    try {
      const error = await rejection(provider(small.smtpUrl).send(email({ html: `<p>${'x'.repeat(5000)}</p>` })));
      expect(error).toMatchObject({ permanent: true, code: 552 });
    } finally {
      await small.stop();
    }
  });

  it('retries a recipient the server defers with 4xx (not permanent, code 450)', async () => {
    const error = await rejection(provider().send(email({ to: 'later@tempfail.test' })));
    expect(error).toMatchObject({ permanent: false, code: 450 });
  });

  it('treats a closed mail server as an outage (not permanent), and sends again once it is back', async () => {
    const single = provider();
    const pooled = provider(undefined, { pool: true });
    await pooled.send(email({ to: 'before@example.test' })); // a pooled connection is open
    await inbox.setSmtpAccepting(false);
    for (const sender of [single, pooled]) {
      const error = await rejection(sender.send(email({ to: 'during@example.test' })));
      expect(error.permanent).toBe(false);
    }
    await inbox.setSmtpAccepting(true);
    await single.send(email({ to: 'after@example.test' }));
    await pooled.send(email({ to: 'after@example.test' }));
    expect(await inbox.client.waitForEmails({ to: 'after@example.test', count: 2 })).toHaveLength(2);
    expect(await inbox.client.emails({ to: 'during@example.test' })).toEqual([]);
  });

  it('times out on a server that never greets (not permanent)', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      // accept and say nothing
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const error = await rejection(provider(`smtp://127.0.0.1:${port}?tls=none`, { timeoutMs: 300 }).send(email()));
      expect(error.permanent).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('SMTP URLs', () => {
  it('reads TLS mode, port defaults and credentials', () => {
    expect(parseSmtpUrl('smtps://user:p%40ss@mail.example.com')).toEqual({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      tls: 'required',
      rejectUnauthorized: true,
      auth: { user: 'user', pass: 'p@ss' },
    });
    expect(parseSmtpUrl('smtp://mail.example.com?tls=required')).toMatchObject({ port: 587, secure: false, tls: 'required', auth: undefined });
    expect(parseSmtpUrl('smtp://127.0.0.1:1025?tls=none&rejectUnauthorized=false')).toMatchObject({ port: 1025, tls: 'none', rejectUnauthorized: false });
    expect(parseSmtpUrl('smtp://mail.example.com')).toMatchObject({ tls: 'opportunistic' });
  });

  it('refuses what it does not understand, without echoing the password', () => {
    expect(() => parseSmtpUrl('http://mail.example.com')).toThrow(/scheme must be smtp: or smtps:/);
    expect(() => parseSmtpUrl('not a url')).toThrow(/not a valid URL/);
    expect(() => parseSmtpUrl('smtp://u:secret@mail.example.com?tls=maybe')).toThrow(/tls must be one of/);
    expect(() => parseSmtpUrl('smtp://u:secret@mail.example.com?secure=true')).toThrow(/unknown parameter\(s\) secure/);
    expect(() => parseSmtpUrl('smtps://mail.example.com?tls=none')).toThrow(/smtp: only/);
    expect(() => parseSmtpUrl('smtp://u:secret@mail.example.com?tls=maybe')).not.toThrow(/secret/);
  });
});

describe('SMTP failures', () => {
  it('maps replies and transport errors to permanent or retryable', () => {
    const map = (fields: Record<string, unknown>) => toSmtpProviderError(Object.assign(new Error('failed'), fields));
    expect(map({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' })).toMatchObject({ permanent: true, code: 550 });
    expect(map({ code: 'EMESSAGE', responseCode: 552, command: 'DATA' })).toMatchObject({ permanent: true, code: 552 });
    expect(map({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' })).toMatchObject({ permanent: false, code: 451 });
    expect(map({ code: 'EPROTOCOL', responseCode: 503, command: 'DATA' })).toMatchObject({ permanent: false });
    expect(map({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).toMatchObject({ permanent: false, code: 535 });
    expect(map({ code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM' })).toMatchObject({ permanent: false, code: 550 }); // our sender refused
    expect(map({ code: 'EENVELOPE', responseCode: 552, command: 'MAIL FROM' })).toMatchObject({ permanent: true, code: 552 }); // SIZE too big
    expect(map({ code: 'ECONNECTION', responseCode: 554, command: 'CONN' })).toMatchObject({ permanent: false });
    expect(map({ code: 'ESOCKET' })).toMatchObject({ permanent: false, code: 'ESOCKET' });
    expect(map({ code: 'ETIMEDOUT' })).toMatchObject({ permanent: false, code: 'ETIMEDOUT' });
    expect(map({ code: 'EENVELOPE' })).toMatchObject({ permanent: true, code: 'EENVELOPE' });
  });
});

import { createConnection, createServer } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboxClient, segmentCount, startDevInbox, type DevInbox } from './index.js';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const TOKEN = 'dev-inbox-test-token';
let inbox: DevInbox;

beforeAll(async () => {
  inbox = await startDevInbox({ smtpPort: 0, httpPort: 0, twilioAuthToken: TOKEN });
});
afterAll(async () => {
  await inbox?.stop();
});
beforeEach(async () => {
  await inbox.client.clear();
});

function mailer(options: { auth?: { user: string; pass: string } } = {}) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: inbox.smtpPort, secure: false, ignoreTLS: true, ...options });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function postSms(params: Record<string, string>, authorization: string | null = basic(ACCOUNT, TOKEN), account = ACCOUNT) {
  const response = await fetch(`${inbox.url}/2010-04-01/Accounts/${account}/Messages.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** The server's reply to one RCPT TO, spoken by hand (to see the exact status line). */
async function rcptReply(recipient: string): Promise<string> {
  const socket = createConnection(inbox.smtpPort, '127.0.0.1');
  const lines: string[] = [];
  let buffer = '';
  const next = () =>
    new Promise<string>((resolve) => {
      const poll = () => {
        const index = buffer.indexOf('\r\n');
        if (index === -1) return void socket.once('data', (chunk) => ((buffer += chunk.toString()), poll()));
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        lines.push(line);
        // Multi-line replies (EHLO) continue with "250-".
        if (/^\d{3}-/.test(line)) return poll();
        resolve(line);
      };
      poll();
    });
  await next(); // greeting
  socket.write('EHLO test.local\r\n');
  await next();
  socket.write('MAIL FROM:<shop@omnicart.test>\r\n');
  await next();
  socket.write(`RCPT TO:<${recipient}>\r\n`);
  const reply = await next();
  socket.end('QUIT\r\n');
  return reply;
}

describe('SMTP', () => {
  it('keeps a message with its HTML and text parts and its headers, lower-cased', async () => {
    const info = await mailer().sendMail({
      from: 'OmniCart <shop@omnicart.test>',
      to: 'ada@example.test',
      subject: 'Your order #1001',
      html: '<p>Thanks for your <b>order</b></p>',
      text: 'Thanks for your order',
      headers: {
        'List-Unsubscribe': '<https://shop.test/unsubscribe?t=abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-OmniCart-Message-Id': 'msg_123',
      },
    });
    const [email] = await inbox.client.waitForEmails({ to: 'ada@example.test' });
    expect(email).toMatchObject({
      messageId: info.messageId,
      from: 'OmniCart <shop@omnicart.test>',
      to: ['ada@example.test'],
      envelope: { from: 'shop@omnicart.test', to: ['ada@example.test'] },
      subject: 'Your order #1001',
      html: '<p>Thanks for your <b>order</b></p>',
      text: 'Thanks for your order',
    });
    expect(email!.headers).toMatchObject({
      'list-unsubscribe': '<https://shop.test/unsubscribe?t=abc>',
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      'x-omnicart-message-id': 'msg_123',
      subject: 'Your order #1001',
    });
    expect(new Date(email!.date).getTime()).not.toBeNaN();
    expect(await inbox.client.email(email!.id)).toEqual(email);
  });

  it('decodes encoded subjects and headers', async () => {
    await mailer().sendMail({ from: 'shop@omnicart.test', to: 'zoe@example.test', subject: 'Crème brûlée — ready ✓', text: 'x' });
    const [email] = await inbox.client.waitForEmails({ to: 'zoe@example.test' });
    expect(email!.subject).toBe('Crème brûlée — ready ✓');
    expect(email!.headers.subject).toBe('Crème brûlée — ready ✓');
  });

  it('accepts any AUTH credentials, and none', async () => {
    await mailer({ auth: { user: 'anyone', pass: 'anything' } }).sendMail({ from: 'a@omnicart.test', to: 'auth@example.test', subject: 'with auth', text: 'x' });
    await mailer().sendMail({ from: 'a@omnicart.test', to: 'auth@example.test', subject: 'without auth', text: 'x' });
    expect((await inbox.client.waitForEmails({ to: 'auth@example.test', count: 2 })).map((email) => email.subject)).toEqual(['without auth', 'with auth']);
  });

  it('filters by recipient (To, Cc or envelope) and subject, newest first', async () => {
    const transport = mailer();
    await transport.sendMail({ from: 'a@omnicart.test', to: 'one@example.test', subject: 'Order shipped', text: 'x' });
    await transport.sendMail({ from: 'a@omnicart.test', to: 'two@example.test', bcc: 'hidden@example.test', subject: 'Password reset', text: 'x' });
    await transport.sendMail({ from: 'a@omnicart.test', to: 'ONE@example.test', subject: 'Order delivered', text: 'x' });
    expect((await inbox.client.emails({ to: 'one@example.test' })).map((email) => email.subject)).toEqual(['Order delivered', 'Order shipped']);
    expect((await inbox.client.emails({ subject: 'order' })).map((email) => email.subject)).toEqual(['Order delivered', 'Order shipped']);
    expect((await inbox.client.emails({ to: 'hidden@example.test' })).map((email) => email.subject)).toEqual(['Password reset']);
    expect(await inbox.client.emails({ to: 'one@example.test', subject: 'reset' })).toEqual([]);
    const limited = (await (await fetch(`${inbox.url}/api/emails?limit=1`)).json()) as { emails: unknown[] };
    expect(limited.emails).toHaveLength(1);
  });

  it('refuses reject.test recipients with a permanent 550 5.1.1 and defers tempfail.test ones with 450', async () => {
    expect(await rcptReply('bounce@reject.test')).toMatch(/^550 5\.1\.1 /);
    expect(await rcptReply('later@TEMPFAIL.test')).toMatch(/^450 4\.2\.1 /);
    expect(await rcptReply('fine@example.test')).toMatch(/^250 /);
    await expect(mailer().sendMail({ from: 'a@omnicart.test', to: 'bounce@reject.test', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    expect(await inbox.client.emails()).toEqual([]);
  });

  it('closes and reopens its SMTP listener on the same port', async () => {
    const port = inbox.smtpPort;
    await inbox.client.setSmtpAccepting(false);
    expect(await (await fetch(`${inbox.url}/api/smtp`)).json()).toEqual({ accepting: false, port });
    await expect(mailer().sendMail({ from: 'a@omnicart.test', to: 'down@example.test', subject: 'x', text: 'x' })).rejects.toMatchObject({ code: 'ESOCKET' });
    await inbox.client.setSmtpAccepting(true);
    await inbox.client.setSmtpAccepting(true); // idempotent
    expect(await (await fetch(`${inbox.url}/api/smtp`)).json()).toEqual({ accepting: true, port });
    await mailer().sendMail({ from: 'a@omnicart.test', to: 'up@example.test', subject: 'back', text: 'x' });
    expect(await inbox.client.waitForEmails({ to: 'up@example.test' })).toHaveLength(1);
  });

  it('says why it cannot reopen when another process took its port', async () => {
    await inbox.setSmtpAccepting(false);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(inbox.smtpPort, '127.0.0.1', resolve));
    try {
      const answer = await fetch(`${inbox.url}/api/smtp`, { method: 'POST', body: JSON.stringify({ accepting: true }) });
      expect(answer.status).toBe(503);
      expect(await answer.json()).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(`cannot listen on 127.0.0.1:${inbox.smtpPort}`) });
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    await inbox.setSmtpAccepting(true);
    await mailer().sendMail({ from: 'a@omnicart.test', to: 'again@example.test', subject: 'x', text: 'x' });
    expect(await inbox.client.waitForEmails({ to: 'again@example.test' })).toHaveLength(1);
  });

  it("keeps a missing part as '' (and the page says so)", async () => {
    await mailer().sendMail({ from: 'a@omnicart.test', to: 'textonly@example.test', subject: 'text only', text: 'just text' });
    await mailer().sendMail({ from: 'a@omnicart.test', to: 'htmlonly@example.test', subject: 'html only', html: '<p>just html</p>' });
    const [textOnly] = await inbox.client.waitForEmails({ to: 'textonly@example.test' });
    const [htmlOnly] = await inbox.client.waitForEmails({ to: 'htmlonly@example.test' });
    expect(textOnly).toMatchObject({ text: expect.stringMatching(/^just text\n?$/), html: '' }); // a single-part body keeps its final line break
    expect(htmlOnly).toMatchObject({ text: '', html: expect.stringMatching(/^<p>just html<\/p>\n?$/) });
    expect(await (await fetch(`${inbox.url}/emails/${textOnly!.id}`)).text()).toContain('This message has no HTML part.');
    expect(await (await fetch(`${inbox.url}/emails/${htmlOnly!.id}`)).text()).toContain('This message has no text part.');
  });

  it('fails to start with EADDRINUSE when a port is taken (npm start then uses the inbox already there)', async () => {
    await expect(startDevInbox({ smtpPort: inbox.smtpPort })).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining('SMTP cannot listen') });
    await expect(startDevInbox({ httpPort: inbox.httpPort })).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining('HTTP cannot listen') });
  });

  it('refuses a message over the size limit with 552 and keeps only the newest messages past the cap', async () => {
    const small = await startDevInbox({ maxMessages: 2, maxMessageBytes: 4096 });
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: small.smtpPort, ignoreTLS: true });
      await expect(transport.sendMail({ from: 'a@omnicart.test', to: 'big@example.test', subject: 'big', text: 'x'.repeat(10_000) })).rejects.toMatchObject({
        responseCode: 552,
      });
      for (const subject of ['first', 'second', 'third']) await transport.sendMail({ from: 'a@omnicart.test', to: 'cap@example.test', subject, text: 'x' });
      expect((await small.client.emails()).map((email) => email.subject)).toEqual(['third', 'second']);
    } finally {
      await small.stop();
    }
  });
});

describe('JSON API', () => {
  it('answers clear errors', async () => {
    const badBody = await fetch(`${inbox.url}/api/smtp`, { method: 'POST', body: '{"accepting":"no"}' });
    expect(badBody.status).toBe(400);
    expect(await badBody.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('accepting') });
    expect((await fetch(`${inbox.url}/api/smtp`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(`${inbox.url}/api/emails/unknown`)).status).toBe(404);
    expect((await fetch(`${inbox.url}/api/emails?limit=0`)).status).toBe(400);
    expect((await fetch(`${inbox.url}/api/emails`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${inbox.url}/api/nothing`)).status).toBe(404);
    expect(await inbox.client.email('unknown')).toBeNull();
  });

  it('waitForEmails times out with what it saw', async () => {
    await expect(inbox.client.waitForEmails({ to: 'nobody@example.test', timeoutMs: 200 })).rejects.toThrow(/timed out after 200 ms waiting for 1 email\(s\) to nobody@example\.test; none matched/);
    await expect(inboxClient('http://127.0.0.1:9').emails()).rejects.toThrow(/unreachable/);
  });
});

describe('Twilio-shaped SMS API', () => {
  it("creates a message and answers Twilio's message resource", async () => {
    const { status, body } = await postSms({ To: '+15551234567', From: '+15005550006', Body: 'Your code is 123456' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      account_sid: ACCOUNT,
      api_version: '2010-04-01',
      to: '+15551234567',
      from: '+15005550006',
      body: 'Your code is 123456',
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      error_code: null,
      error_message: null,
      messaging_service_sid: null,
    });
    expect(body.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(body.uri).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages/${body.sid as string}.json`);
    expect(body.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);

    const fetched = await fetch(`${inbox.url}${body.uri as string}`, { headers: { authorization: basic(ACCOUNT, TOKEN) } });
    expect(await fetched.json()).toMatchObject({ sid: body.sid, status: 'delivered' });
    const [stored] = await inbox.client.waitForSms({ to: '+15551234567' });
    expect(stored).toMatchObject({ sid: body.sid, body: 'Your code is 123456', from: '+15005550006', numSegments: 1 });
    expect(await inbox.client.sms({ body: 'CODE IS' })).toHaveLength(1);
    expect(await inbox.client.sms({ body: 'other' })).toHaveLength(0);
  });

  it('sends through a Messaging Service', async () => {
    const service = `MG${'b'.repeat(32)}`;
    const { status, body } = await postSms({ To: '+15551234567', MessagingServiceSid: service, Body: 'hi' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ from: null, messaging_service_sid: service, status: 'accepted' });
  });

  it('refuses bad numbers and bodies with Twilio error bodies', async () => {
    const error = (code: number) => ({ code, status: 400, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}` });
    expect(await postSms({ To: '5551234', From: '+15005550006', Body: 'x' })).toMatchObject({ status: 400, body: error(21211) });
    expect(await postSms({ To: '+15005550009', From: '+15005550006', Body: 'x' })).toMatchObject({ status: 400, body: error(21614) });
    expect(await postSms({ To: '+15005550001', From: '+15005550006', Body: 'x' })).toMatchObject({ status: 400, body: error(21211) });
    expect(await postSms({ To: '+15551234567', From: '+15005550001', Body: 'x' })).toMatchObject({ status: 400, body: error(21212) });
    expect(await postSms({ From: '+15005550006', Body: 'x' })).toMatchObject({ status: 400, body: error(21604) });
    expect(await postSms({ To: '+15551234567', Body: 'x' })).toMatchObject({ status: 400, body: error(21603) });
    expect(await postSms({ To: '+15551234567', From: '+15005550006' })).toMatchObject({ status: 400, body: error(21602) });
    expect(await postSms({ To: '+15551234567', From: '+15005550006', Body: 'x'.repeat(1601) })).toMatchObject({ status: 400, body: error(21617) });
    expect(await inbox.client.sms()).toEqual([]);
  });

  it('answers 401 (Twilio 20003) without the account’s credentials', async () => {
    const params = { To: '+15551234567', From: '+15005550006', Body: 'x' };
    const missing = await postSms(params, null);
    expect(missing).toMatchObject({ status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } });
    expect(missing.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    expect((await postSms(params, basic(ACCOUNT, 'wrong-token'))).status).toBe(401);
    expect((await postSms(params, basic(`AC${'c'.repeat(32)}`, TOKEN))).status).toBe(401);
    expect(await inbox.client.sms()).toEqual([]);
  });

  it('answers the faults it is told to (429, 5xx), then recovers', async () => {
    const fault = await fetch(`${inbox.url}/api/sms/faults`, { method: 'POST', body: JSON.stringify({ status: 429, count: 1 }) });
    expect(fault.status).toBe(200);
    expect(await postSms({ To: '+15551234567', From: '+15005550006', Body: 'x' })).toMatchObject({ status: 429, body: { code: 20429 } });
    expect((await postSms({ To: '+15551234567', From: '+15005550006', Body: 'x' })).status).toBe(201);
    expect((await fetch(`${inbox.url}/api/sms/faults`, { method: 'POST', body: JSON.stringify({ status: 418 }) })).status).toBe(400);
  });

  it('lists messages and 404s unknown ones in Twilio shape', async () => {
    await postSms({ To: '+15551234567', From: '+15005550006', Body: 'listed' });
    const list = await fetch(`${inbox.url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json?To=%2B15551234567`, { headers: { authorization: basic(ACCOUNT, TOKEN) } });
    expect(await list.json()).toMatchObject({ messages: [{ body: 'listed' }], page: 0 });
    const unknown = await fetch(`${inbox.url}/2010-04-01/Accounts/${ACCOUNT}/Messages/SM${'0'.repeat(32)}.json`, { headers: { authorization: basic(ACCOUNT, TOKEN) } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 20404, status: 404 });
  });

  it('counts segments as carriers do (GSM-7 160/153, UCS-2 70/67)', () => {
    expect(segmentCount('a'.repeat(160))).toBe(1);
    expect(segmentCount('a'.repeat(161))).toBe(2);
    expect(segmentCount('€'.repeat(80))).toBe(1); // extension characters take two septets
    expect(segmentCount('€'.repeat(81))).toBe(2);
    expect(segmentCount('✓'.repeat(70))).toBe(1);
    expect(segmentCount('✓'.repeat(71))).toBe(2);
  });
});

describe('pages', () => {
  it('lists emails and shows one with its HTML sandboxed, everything escaped', async () => {
    await mailer().sendMail({
      from: '"<b>Evil</b>" <evil@omnicart.test>',
      to: 'victim@example.test',
      subject: '<script>alert(1)</script> & "quotes"',
      html: '<p onclick="x()">Hi</p><script>alert(2)</script>',
      text: '</pre><script>alert(3)</script>',
      headers: { 'X-Note': '<img src=x onerror=alert(4)>' },
    });
    const [email] = await inbox.client.waitForEmails({ to: 'victim@example.test' });

    const list = await fetch(`${inbox.url}/`);
    expect(list.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
    const listHtml = await list.text();
    expect(listHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(listHtml).toContain(`href="/emails/${email!.id}"`);
    expect(listHtml).not.toContain('<script');

    const page = await (await fetch(`${inbox.url}/emails/${email!.id}`)).text();
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('<iframe title="HTML part" sandbox="" referrerpolicy="no-referrer" srcdoc="&lt;p onclick=&quot;x()&quot;&gt;Hi&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;"></iframe>');
    expect(page).toContain('&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(page).toContain('x-note: &lt;img src=x onerror=alert(4)&gt;');
    expect(page).toContain('&lt;b&gt;Evil&lt;/b&gt;');

    const missing = await fetch(`${inbox.url}/emails/%3Cscript%3E`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<script');
  });

  it('lists text messages, escaped', async () => {
    await postSms({ To: '+15551234567', From: '+15005550006', Body: '<script>alert("sms")</script>' });
    const page = await (await fetch(`${inbox.url}/sms`)).text();
    expect(page).toContain('&lt;script&gt;alert(&quot;sms&quot;)&lt;/script&gt;');
    expect(page).not.toContain('<script');
    expect(page).toContain('+15551234567');
  });

  it('says so when there is nothing yet', async () => {
    expect(await (await fetch(`${inbox.url}/`)).text()).toContain('No email yet');
    expect(await (await fetch(`${inbox.url}/sms`)).text()).toContain('No text message yet');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatedEvent, type DomainEvent } from '../events/index.js';
import { startCommercePlatform, type CommercePlatform } from '../testing/commerce.js';
import { inboxClient, type InboxClient, type InboxEmail } from '../dev-inbox/index.js';
import { createContactBook } from './clients.js';
import { ordersHandlers } from './consumers/orders.js';
import { ORDER_TRIGGERS } from './index.js';
import { createNotifier } from './notifier.js';
import { createCampaignsRepository, createNotificationsDb, createNotificationsRepository } from './repository.js';
import { signUnsubscribeToken, unsubscribeKey } from './unsubscribe.js';

/**
 * Notifications end to end: every service its own process (the split topology), the real local
 * SMTP server and SMS simulator (the dev inbox), orders placed through the gateway. What the
 * shopper would read is read back from the inbox's HTTP API.
 */

let platform: CommercePlatform;
let inbox: InboxClient;
let api: string;

interface Call {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
}

async function call(method: string, path: string, options: { body?: unknown; token?: string | null; key?: string } = {}): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  const response = await fetch(`${api}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const address = { name: 'Ada Lovelace', line1: '12 Analytical Way', city: 'Springfield', postalCode: '12345', country: 'US' };

async function inStockProducts(count: number): Promise<Array<{ id: string; name: string; price: { amount: number } }>> {
  const listed = await call('GET', `/products?limit=${count}&inStock=true`);
  expect(listed.status).toBe(200);
  return listed.body.items;
}

/** A paid order of the demo customer. */
async function customerOrder(productId: string, quantity = 1, token?: string): Promise<Call> {
  const placed = await call('POST', '/orders', {
    token: token ?? (await platform.customerToken()),
    key: randomUUID(),
    body: { items: [{ productId, quantity }], shippingAddress: address, paymentMethod: 'pm_card_visa' },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed;
}

/** A paid guest order (a guest cart, then guest checkout). */
async function guestOrder(email: string, productId: string): Promise<Call> {
  const cart = await call('POST', '/cart/items', { body: { productId, quantity: 2 } });
  expect(cart.status, JSON.stringify(cart.body)).toBeLessThan(300);
  const placed = await call('POST', '/orders/guest-checkout', {
    key: randomUUID(),
    body: { cartId: cart.body.id, email, shippingAddress: address, paymentMethod: 'pm_card_visa' },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed;
}

async function messagesOf(filter: string): Promise<Call> {
  const listed = await call('GET', `/notifications/messages?${filter}&pageSize=100`, { token: await platform.adminToken() });
  expect(listed.status, JSON.stringify(listed.body)).toBe(200);
  return listed;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/** notifications_sends_total{channel, state} as the notifications process's /metrics reports it. */
async function sendsCounted(channel: string, state: string): Promise<number> {
  const body = await (await fetch(`${platform.urls.notifications}/metrics`)).text();
  const line = body.split('\n').find((text) => text.startsWith('notifications_sends_total{') && text.includes(`channel="${channel}"`) && text.includes(`state="${state}"`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

beforeAll(async () => {
  platform = await startCommercePlatform({
    products: 20,
    env: {
      NOTIFICATIONS_RETRY_BASE_MS: '300',
      NOTIFICATIONS_POLL_MS: '200',
      NOTIFICATIONS_LEASE_MS: '2000',
      STOREFRONT_URL: 'https://shop.example',
      ABANDONED_CART_AFTER: '2s',
      ABANDONED_CART_CHECK_MS: '300',
    },
  });
  api = `${platform.gatewayUrl}/api/v1`;
  inbox = inboxClient(platform.inboxUrl);
}, 180_000);

afterAll(async () => {
  if (process.env.DEBUG_NOTIFICATIONS) console.log(platform?.output('notifications'), platform?.output('catalog'));
  await platform?.shutdown();
});

describe('order e-mails', () => {
  it('order paid → the confirmation in the inbox: the number, lines, totals and address, in HTML and text, with absolute links', async () => {
    const [product] = await inStockProducts(1);
    const order = (await customerOrder(product!.id, 2)).body;
    const [email] = await inbox.waitForEmails({ to: 'demo@omnicart.test', subject: order.number, count: 1 });
    expect(email!.subject).toContain(order.number);
    for (const part of [email!.text, email!.html]) {
      expect(part).toContain(order.number);
      expect(part).toContain(product!.name);
      expect(part).toContain(money(order.total));
      expect(part).toContain(money(order.subtotal));
      expect(part).toContain('12 Analytical Way');
    }
    expect(email!.html).toContain(`https://shop.example/account/orders/${order.id}`);
    expect(email!.html).not.toMatch(/src="http/); // nothing fetched from the internet

    const log = await eventually(() => messagesOf(`orderId=${order.id}`), (listed) => listed.body.items.some((m: { state: string }) => m.state === 'sent'), 'the log to say sent');
    const sent = log.body.items.find((m: { template: string }) => m.template === 'order_confirmation');
    expect(sent).toMatchObject({ channel: 'email', kind: 'transactional', state: 'sent', attempts: 1, recipient: 'd***@omnicart.test', eventType: 'orders.order_paid' });
    expect(sent.providerMessageId).toEqual(expect.any(String));
    const detail = await call('GET', `/notifications/messages/${sent.id}`, { token: await platform.adminToken() });
    expect(detail.body).toMatchObject({ recipient: 'demo@omnicart.test', subject: email!.subject });
    expect(detail.body.html).toContain(order.number);
  });

  it('an order with a code → the confirmation shows the discount line, each line’s saving and totals that add up', async () => {
    const shopper = await newCustomer('discounted', false);
    const [product] = await inStockProducts(1);
    const placed = await call('POST', '/orders', {
      token: shopper.token,
      key: randomUUID(),
      body: { items: [{ productId: product!.id, quantity: 2 }], shippingAddress: address, paymentMethod: 'pm_card_visa', code: 'welcome10' },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = placed.body;
    expect(order.discount).toBeGreaterThan(0);
    expect(order.subtotal - order.discount + order.shipping + order.tax).toBe(order.total);
    const [email] = await inbox.waitForEmails({ to: shopper.email, subject: order.number, count: 1 });
    const applied = order.discounts[0];
    const minus = (cents: number) => `\u2212${money(cents)}`;
    for (const part of [email!.text, email!.html]) {
      expect(part).toContain(`Discount (WELCOME10 · ${applied.name}):`);
      expect(part).toContain(minus(order.discount));
      expect(part).toContain(`You save ${minus(order.items[0].discount)}`);
      expect(part).toContain(money(order.total));
    }
    expect(email!.text).toMatch(new RegExp(`Subtotal:\\s+\\${money(order.subtotal)}`));
    expect(email!.text).toMatch(new RegExp(`Total:\\s+\\${money(order.total)}`));
  });

  it('a guest order goes to the guest’s address', async () => {
    const [, product] = await inStockProducts(2);
    const address = `guest-${Date.now()}@example.com`;
    const order = (await guestOrder(address, product!.id)).body;
    const [email] = await inbox.waitForEmails({ to: address, count: 1 });
    expect(email!.subject).toContain(order.number);
    expect(email!.text).toContain(money(order.total));
  });

  it('a permanently refused recipient is bounced after one attempt, not retried', async () => {
    const [, , product] = await inStockProducts(3);
    const bouncedBefore = await sendsCounted('email', 'bounced');
    const order = (await guestOrder(`nobody-${Date.now()}@reject.test`, product!.id)).body;
    const log = await eventually(() => messagesOf(`orderId=${order.id}`), (listed) => listed.body.items[0]?.state === 'bounced', 'the bounce');
    expect(log.body.items[0]).toMatchObject({ state: 'bounced', attempts: 1 });
    expect((await sendsCounted('email', 'bounced')) - bouncedBefore).toBe(1);
    expect(log.body.items[0].lastError).toMatch(/550/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await messagesOf(`orderId=${order.id}`)).body.items[0]).toMatchObject({ state: 'bounced', attempts: 1 });
  });

  it('SMTP down: ten orders are queued and retried; once it is back, ten e-mails, none twice', async () => {
    const products = await inStockProducts(10);
    const before = new Set((await inbox.emails({ to: 'demo@omnicart.test' })).map((email: InboxEmail) => email.subject));
    await inbox.setSmtpAccepting(false);
    let numbers: string[];
    try {
      const orders = [];
      for (const product of products) orders.push((await customerOrder(product.id)).body);
      numbers = orders.map((order) => order.number as string);
      // They were tried and are waiting for the next attempt.
      await eventually(
        () => messagesOf('template=order_confirmation&state=queued'),
        (listed) => numbers.every((number) => listed.body.items.some((m: { subject: string; attempts: number }) => m.subject.includes(number) && m.attempts >= 1)),
        'failed first attempts',
      );
    } finally {
      await inbox.setSmtpAccepting(true);
    }
    const received = await eventually(
      () => inbox.emails({ to: 'demo@omnicart.test' }),
      (emails) => numbers.every((number) => emails.some((email) => email.subject.includes(number))),
      'the ten confirmations',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const fresh = (await inbox.emails({ to: 'demo@omnicart.test' })).filter((email) => !before.has(email.subject));
    for (const number of numbers) expect(fresh.filter((email) => email.subject.includes(number)), number).toHaveLength(1);
    expect(received.length).toBeGreaterThanOrEqual(10);
  }, 90_000);

  it('the admin’s fulfilment with a carrier and tracking number puts them in the shipped e-mail (and the SMS of an opted-in customer)', async () => {
    const token = await platform.customerToken();
    const phone = '+14155550123';
    const saved = await call('PUT', '/notifications/preferences', { token, body: { marketingEmail: false, smsOptIn: true, phone: '+1 (415) 555-0123' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ smsOptIn: true, phone });
    try {
      const [, , , product] = await inStockProducts(4);
      const order = (await customerOrder(product!.id, 1, token)).body;
      const [confirmationSms] = await inbox.waitForSms({ to: phone, body: order.number, count: 1 });
      expect(confirmationSms!.body).toContain(order.number);
      const shipped = await call('PUT', `/orders/${order.id}/status`, {
        token: await platform.adminToken(),
        body: { status: 'fulfilled', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' },
      });
      expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
      const [email] = await inbox.waitForEmails({ to: 'demo@omnicart.test', subject: `${order.number} has shipped`, count: 1 });
      expect(email!.text).toContain('1Z999AA10123456784');
      expect(email!.text).toContain('UPS');
      const texts = await inbox.waitForSms({ to: phone, body: '1Z999AA10123456784', count: 1 });
      expect(texts[0]!.body).toContain(order.number);
    } finally {
      await call('PUT', '/notifications/preferences', { token, body: { marketingEmail: false, smsOptIn: false, phone: null } });
    }
  });
});

describe('every order update', () => {
  it('payment failed links back to the cart; delivered, a partial refund and a cancellation after payment each send one e-mail with the amounts', async () => {
    const shopper = await newCustomer('updates', false);
    const [declinedProduct, product, other] = [await productAt(17), await productAt(18), await productAt(19)];
    const declined = await call('POST', '/orders', {
      token: shopper.token,
      key: randomUUID(),
      body: { items: [{ productId: declinedProduct.id, quantity: 1 }], shippingAddress: address, paymentMethod: 'pm_card_chargeDeclined' },
    });
    expect(declined.status).toBe(402);
    const [failed] = await inbox.waitForEmails({ to: shopper.email, subject: 'payment', count: 1 });
    expect(failed!.text).toContain('https://shop.example/cart');

    const admin = await platform.adminToken();
    const setStatus = async (orderId: string, body: Record<string, unknown>) => {
      const changed = await call('PUT', `/orders/${orderId}/status`, { token: admin, body });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    };
    const first = (await customerOrder(product.id, 2, shopper.token)).body;
    await setStatus(first.id, { status: 'fulfilled' });
    await setStatus(first.id, { status: 'delivered' });
    await inbox.waitForEmails({ to: shopper.email, subject: `${first.number} has shipped`, count: 1 });
    const [delivered] = await inbox.waitForEmails({ to: shopper.email, subject: 'delivered', count: 1 });
    expect(delivered!.subject).toContain(first.number);
    await setStatus(first.id, { status: 'partially_refunded', amount: 500 });
    const [refund] = await inbox.waitForEmails({ to: shopper.email, subject: 'refund', count: 1 });
    expect(refund!.subject).toContain(first.number);
    expect(refund!.text).toContain('$5.00');

    const second = (await customerOrder(other.id, 1, shopper.token)).body;
    await setStatus(second.id, { status: 'cancelled', note: 'Out of stock at the warehouse' });
    const [cancelled] = await inbox.waitForEmails({ to: shopper.email, subject: 'cancelled', count: 1 });
    expect(cancelled!.subject).toContain(second.number);
    expect(cancelled!.text).toContain(money(second.total));
    // The refund that came with the cancellation is told by the cancellation e-mail, not a second one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const refunds = (await inbox.emails({ to: shopper.email })).filter((mail) => mail.subject.includes(second.number) && /refund/i.test(mail.subject));
    expect(refunds).toHaveLength(0);
  }, 60_000);
});

describe('preferences and consent', () => {
  it('SMS needs a valid E.164 number and its own opt-in; without it no SMS is sent', async () => {
    const token = await platform.customerToken();
    expect((await call('PUT', '/notifications/preferences', { token, body: { marketingEmail: false, smsOptIn: true, phone: null } })).status).toBe(400);
    const invalid = await call('PUT', '/notifications/preferences', { token, body: { marketingEmail: false, smsOptIn: true, phone: '0415 555' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/international number/);
    expect((await call('GET', '/notifications/preferences', { token: null })).status).toBe(401);

    const off = await call('PUT', '/notifications/preferences', { token, body: { marketingEmail: false, smsOptIn: false, phone: '+14155550199' } });
    expect(off.body).toMatchObject({ email: 'demo@omnicart.test', smsOptIn: false, phone: '+14155550199' });
    const [, , , , product] = await inStockProducts(5);
    const order = (await customerOrder(product!.id, 1, token)).body;
    await inbox.waitForEmails({ to: 'demo@omnicart.test', subject: order.number, count: 1 });
    expect(await inbox.sms({ to: '+14155550199' })).toHaveLength(0);
    expect((await messagesOf(`orderId=${order.id}&channel=sms`)).body.total).toBe(0);
  });

  it('staff read a customer’s preferences (customers:read); customers cannot', async () => {
    const me = await call('GET', '/users/me', { token: await platform.customerToken() });
    const staff = await call('GET', `/notifications/customers/${me.body.id}/preferences`, { token: await platform.adminToken() });
    expect(staff.status).toBe(200);
    expect(staff.body).toMatchObject({ email: 'demo@omnicart.test' });
    expect((await call('GET', `/notifications/customers/${me.body.id}/preferences`, { token: await platform.customerToken() })).status).toBe(403);
    expect((await call('GET', '/notifications/messages', { token: await platform.customerToken() })).status).toBe(403);
  });

  it('unsubscribe: a valid link turns marketing off without signing in; forged or revoked tokens are 400 and change nothing', async () => {
    const token = await platform.customerToken();
    const me = await call('GET', '/users/me', { token });
    await call('PUT', '/notifications/preferences', { token, body: { marketingEmail: true, smsOptIn: false, phone: null } });
    const key = unsubscribeKey(undefined, platform.env.SERVICE_TOKEN!);
    const link = signUnsubscribeToken(key, { userId: me.body.id, version: 1 });

    expect((await call('POST', '/notifications/unsubscribe', { body: { token: `${link.slice(0, -2)}xx` } })).status).toBe(400);
    expect((await call('POST', '/notifications/unsubscribe', { body: { token: signUnsubscribeToken(unsubscribeKey(undefined, 'some-other-service-token'), { userId: me.body.id, version: 1 }) } })).status).toBe(400);
    expect((await call('POST', '/notifications/unsubscribe', { body: {} })).status).toBe(400);
    expect((await call('GET', '/notifications/preferences', { token })).body.marketingEmail).toBe(true);

    const done = await call('POST', '/notifications/unsubscribe', { body: { token: link } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ unsubscribed: true, email: 'd***@omnicart.test' });
    expect((await call('GET', '/notifications/preferences', { token })).body.marketingEmail).toBe(false);
    // A link of another version (revoked) changes nothing.
    expect((await call('POST', '/notifications/unsubscribe', { body: { token: signUnsubscribeToken(key, { userId: me.body.id, version: 7 }) } })).status).toBe(400);
  });
});

describe('account e-mails', () => {
  it('welcome on registration; "your password was changed" when it changes', async () => {
    const email = `welcome-${Date.now()}@example.com`;
    const registered = await call('POST', '/users/register', { body: { email, password: 'correct-horse-battery', name: 'Grace Hopper' } });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const [welcome] = await inbox.waitForEmails({ to: email, count: 1 });
    expect(welcome!.text).toContain('Grace Hopper');

    const token = await platform.login(email, 'correct-horse-battery');
    const changed = await call('PUT', `/users/${registered.body.id}`, { token, body: { password: 'another-horse-battery' } });
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
    const mails = await inbox.waitForEmails({ to: email, count: 2 });
    expect(mails.some((mail) => /password/i.test(mail.subject))).toBe(true);
  });
});

describe('password reset end to end', () => {
  it('the link from the inbox sets a new password once; every session ends; the log hides the token; an expired link is refused', async () => {
    const shopper = await newCustomer('reset', false);
    const session = await call('POST', '/users/login', { body: { email: shopper.email, password: 'correct-horse-battery' } });
    expect(session.status).toBe(200);
    const asked = await call('POST', '/users/password-reset', { body: { email: shopper.email } });
    expect(asked.status).toBe(202);
    const unknown = await call('POST', '/users/password-reset', { body: { email: `nobody-${randomUUID()}@example.com` } });
    expect(unknown).toEqual(asked);

    const [mail] = await inbox.waitForEmails({ to: shopper.email, subject: 'password', count: 1 });
    const token = decodeURIComponent(/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(mail!.text)?.[1] ?? '');
    expect(token.length).toBeGreaterThan(20);
    expect(mail!.html).toContain('https://shop.example/reset-password?token=');

    const logged = await eventually(() => messagesOf(`template=password_reset&userId=${shopper.id}`), (listed) => listed.body.total === 1, 'the log entry');
    const detail = await call('GET', `/notifications/messages/${logged.body.items[0].id}`, { token: await platform.adminToken() });
    expect(detail.body.text).toContain('token=[hidden]');
    expect(detail.body.text).not.toContain(token);
    expect(detail.body.html).not.toContain(token);

    const confirmed = await call('POST', '/users/password-reset/confirm', { body: { token, password: 'brand-new-horse-battery' } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.email).toBe(shopper.email);
    expect((await call('POST', '/users/password-reset/confirm', { body: { token, password: 'another-new-horse-battery' } })).status).toBe(400);
    expect((await call('POST', '/users/refresh', { body: { refreshToken: session.body.refreshToken } })).status).toBe(401);
    expect((await call('POST', '/users/login', { body: { email: shopper.email, password: 'brand-new-horse-battery' } })).status).toBe(200);
    // The "your password was changed" e-mail follows.
    await inbox.waitForEmails({ to: shopper.email, count: 3 }); // welcome, reset link, changed

    // A link past its 30 minutes is refused.
    await call('POST', '/users/password-reset', { body: { email: shopper.email } });
    const [second] = await inbox.waitForEmails({ to: shopper.email, subject: 'Reset', count: 2 }); // newest first
    const late = decodeURIComponent(/reset-password\?token=([A-Za-z0-9_%-]+)/.exec(second!.text)?.[1] ?? '');
    await platform.pool.query("UPDATE identity.password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL");
    const expired = await call('POST', '/users/password-reset/confirm', { body: { token: late, password: 'too-late-horse-battery' } });
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toMatch(/invalid or has expired/);
  });
});

describe('the delivery log', () => {
  it('filters, shows one message with its content, and resends it as a new message that arrives', async () => {
    const admin = await platform.adminToken();
    const sent = await messagesOf('state=sent&template=order_confirmation&channel=email');
    expect(sent.body.total).toBeGreaterThan(0);
    for (const item of sent.body.items) expect(item).toMatchObject({ state: 'sent', template: 'order_confirmation', channel: 'email' });
    expect((await call('GET', '/notifications/messages?state=lost', { token: admin })).status).toBe(400);
    expect((await call('GET', '/notifications/messages?from=2026-13-01', { token: admin })).status).toBe(400);
    expect((await call('GET', `/notifications/messages/${randomUUID()}`, { token: admin })).status).toBe(404);
    expect((await call('GET', '/notifications/messages/not-a-uuid', { token: admin })).status).toBe(400);

    const original = sent.body.items[0];
    const before = (await inbox.emails({ subject: original.subject })).length;
    const resent = await call('POST', `/notifications/messages/${original.id}/resend`, { token: admin });
    expect(resent.status, JSON.stringify(resent.body)).toBe(201);
    expect(resent.body).toMatchObject({ resendOf: original.id, subject: original.subject });
    await inbox.waitForEmails({ subject: original.subject, count: before + 1 });
    await eventually(() => call('GET', `/notifications/messages/${resent.body.id}`, { token: admin }), (got) => got.body.state === 'sent', 'the resend to be sent');
  });

  it('takes over a message whose sender died mid-send (its lease ran out) and sends it once', async () => {
    const id = randomUUID();
    await platform.pool.query(
      `INSERT INTO notifications.messages (id, event_id, event_type, template, channel, recipient, kind, priority, subject, html, text, state, attempts, max_attempts, lease_until)
       VALUES ($1, $2, 'test.crash', 'welcome', 'email', 'crashed@example.com', 'transactional', 0, 'Sent after a crash', '<p>hi</p>', 'hi', 'sending', 1, 8, now() - interval '1 second')`,
      [id, `crash-${id}`],
    );
    await inbox.waitForEmails({ to: 'crashed@example.com', count: 1 });
    const row = await eventually(
      async () => (await platform.pool.query<{ state: string; attempts: number }>('SELECT state, attempts FROM notifications.messages WHERE id = $1', [id])).rows[0]!,
      (got) => got.state === 'sent',
      'the taken-over message to be sent',
    );
    expect(row.attempts).toBe(2);
    expect(await inbox.emails({ to: 'crashed@example.com' })).toHaveLength(1);
  });
});

describe('exactly once', () => {
  it('the same order_paid delivered five times at once → one message, one e-mail', async () => {
    const [, , , , , product] = await inStockProducts(6);
    const order = (await customerOrder(product!.id)).body;
    const stored = await eventually(
      async () => (await platform.pool.query('SELECT * FROM orders.outbox_events WHERE type = $1 AND aggregate_id = $2', ['orders.order_paid', order.id])).rows[0],
      (row) => row !== undefined,
      'the order_paid outbox row',
    );
    await inbox.waitForEmails({ subject: order.number, count: 1 });
    const event = validatedEvent(
      { id: stored.id, type: stored.type, version: stored.version, source: 'orders', occurredAt: stored.occurred_at.toISOString(), aggregateId: stored.aggregate_id, data: stored.payload } as DomainEvent,
      ORDER_TRIGGERS,
      'test',
    );
    const db = createNotificationsDb(platform.pool);
    try {
      const repository = createNotificationsRepository(db);
      let kicks = 0;
      const notifier = createNotifier({
        repository,
        links: { storefrontUrl: 'https://shop.example', adminUrl: 'https://admin.example' },
        defaultStoreName: 'OmniCart',
        maxAttempts: 8,
        unsubscribeKey: unsubscribeKey(undefined, platform.env.SERVICE_TOKEN!),
        kick: () => kicks++,
      });
      // Identity is not asked: the demo customer's contact is known by now.
      const handlers = ordersHandlers(repository, notifier, createContactBook(repository, { contact: async () => null }), {
        campaigns: createCampaignsRepository(db),
        catalog: { productCategories: async () => new Map() },
      });
      await Promise.all(Array.from({ length: 5 }, () => handlers.handle(event)));
      expect(kicks).toBe(0); // nothing new was written
    } finally {
      await db.$disconnect();
    }
    expect((await messagesOf(`orderId=${order.id}&template=order_confirmation`)).body.total).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await inbox.emails({ subject: order.number })).toHaveLength(1);
  });
});

/** A new customer (their own cart and consent), signed in. */
async function newCustomer(label: string, marketingEmail: boolean): Promise<{ email: string; token: string; id: string }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await call('POST', '/users/register', { body: { email, password: 'correct-horse-battery', name: `Shopper ${label}` } });
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const token = await platform.login(email, 'correct-horse-battery');
  // The contact arrives with the registration event.
  await eventually(() => call('GET', '/notifications/preferences', { token }), (got) => got.status === 200, 'the contact');
  const saved = await call('PUT', '/notifications/preferences', { token, body: { marketingEmail, smsOptIn: false, phone: null } });
  expect(saved.status).toBe(200);
  return { email, token, id: registered.body.id };
}

async function productAt(index: number): Promise<{ id: string; sku: string; name: string; slug: string; price: { amount: number; currency: string } }> {
  const listed = await call('GET', `/products?limit=${index + 1}`);
  return listed.body.items[index];
}

describe('back in stock', () => {
  it('signed in: one click; one e-mail when it is back, once per request; in-stock products are refused', async () => {
    const shopper = await newCustomer('restock', false);
    const product = await productAt(10);
    expect((await call('POST', '/notifications/stock-alerts', { token: shopper.token, body: { productId: product.id } })).status).toBe(409);
    await platform.setStock(product.sku, 0);
    await eventually(() => call('POST', '/notifications/stock-alerts', { token: shopper.token, body: { productId: product.id } }), (got) => got.status === 201, 'the alert');
    // Asking twice is one alert.
    const again = await call('POST', '/notifications/stock-alerts', { token: shopper.token, body: { productId: product.id } });
    expect(again.body).toEqual({ productId: product.id, status: 'active' });
    expect((await call('POST', '/notifications/stock-alerts', { token: shopper.token, body: { productId: randomUUID() } })).status).toBe(404);

    await platform.setStock(product.sku, 5);
    const [email] = await inbox.waitForEmails({ to: shopper.email, count: 1, subject: product.name });
    expect(email!.html).toContain(`https://shop.example/products/${product.slug}`);
    // Out and back again: the alert was used up.
    await platform.setStock(product.sku, 0);
    await platform.setStock(product.sku, 3);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await inbox.emails({ to: shopper.email })).filter((mail) => mail.subject.includes(product.name))).toHaveLength(1);
  });

  it('a guest confirms the address first (double opt-in); the link works once; then one e-mail when it is back', async () => {
    const product = await productAt(11);
    const guest = `guest-alert-${randomUUID().slice(0, 8)}@example.com`;
    await platform.setStock(product.sku, 0);
    expect((await call('POST', '/notifications/stock-alerts', { body: { productId: product.id } })).status).toBe(400);
    expect((await call('POST', '/notifications/stock-alerts', { body: { productId: product.id, email: 'not-an-address' } })).status).toBe(400);
    const requested = await eventually(
      () => call('POST', '/notifications/stock-alerts', { body: { productId: product.id, email: guest } }),
      (got) => got.status === 201,
      'the guest alert',
    );
    expect(requested.body.status).toBe('pending');
    const [confirmation] = await inbox.waitForEmails({ to: guest, count: 1 });
    const token = /stock-alerts\/confirm\?token=([A-Za-z0-9_%-]+)/.exec(confirmation!.text)?.[1];
    expect(token).toBeDefined();
    // Not confirmed yet: a restock now sends nothing.
    await platform.setStock(product.sku, 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await inbox.emails({ to: guest })).toHaveLength(1);
    await platform.setStock(product.sku, 0);

    expect((await call('POST', '/notifications/stock-alerts/confirm', { body: { token: 'forged' } })).status).toBe(400);
    const confirmed = await call('POST', '/notifications/stock-alerts/confirm', { body: { token: decodeURIComponent(token!) } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ productId: product.id, productName: product.name, status: 'active' });
    expect((await call('POST', '/notifications/stock-alerts/confirm', { body: { token: decodeURIComponent(token!) } })).status).toBe(400);

    await platform.setStock(product.sku, 4);
    await inbox.waitForEmails({ to: guest, count: 2 });
  });
});

describe('price drops', () => {
  it('one e-mail per drop below the reference (which then follows the alerted price); rises and opted-out watchers get none', async () => {
    const watcher = await newCustomer('watcher', true);
    const quiet = await newCustomer('quiet', false);
    const product = await productAt(12);
    const watched = await call('PUT', `/notifications/price-watches/${product.id}`, { token: watcher.token });
    expect(watched.status, JSON.stringify(watched.body)).toBe(201);
    expect(watched.body).toMatchObject({ productId: product.id, referencePrice: product.price.amount });
    expect((await call('PUT', `/notifications/price-watches/${product.id}`, { token: quiet.token })).status).toBe(201);
    expect((await call('PUT', `/notifications/price-watches/${product.id}`, { token: null })).status).toBe(401);
    expect((await call('GET', '/notifications/price-watches', { token: watcher.token })).body.items.map((item: { productId: string }) => item.productId)).toEqual([product.id]);

    const admin = await platform.adminToken();
    const setPrice = async (amount: number) => {
      const updated = await call('PUT', `/products/${product.id}`, { token: admin, body: { price: { amount, currency: 'USD' } } });
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    };
    const first = product.price.amount - 500;
    await setPrice(first);
    const [drop] = await inbox.waitForEmails({ to: watcher.email, subject: product.name, count: 1 });
    expect(drop!.text).toContain(money(first));
    expect(drop!.text).toContain(money(product.price.amount));
    expect(drop!.headers['list-unsubscribe']).toMatch(/^<https:\/\/shop\.example\/api\/unsubscribe\?token=/);
    expect(drop!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    await setPrice(first + 300); // up: nothing
    await setPrice(first + 100); // down, but above the reference (first): nothing
    await setPrice(first - 200); // below: a second e-mail
    await inbox.waitForEmails({ to: watcher.email, subject: product.name, count: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await inbox.emails({ to: watcher.email, subject: product.name })).toHaveLength(2);
    expect(await inbox.emails({ to: quiet.email })).toHaveLength(1); // only the welcome
    const suppressed = await messagesOf(`template=price_drop&state=suppressed&userId=${quiet.id}`);
    expect(suppressed.body.total).toBe(2);

    expect((await call('DELETE', `/notifications/price-watches/${product.id}`, { token: watcher.token })).status).toBe(204);
    expect((await call('DELETE', `/notifications/price-watches/${product.id}`, { token: watcher.token })).status).toBe(404);
    await setPrice(first - 400);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await inbox.emails({ to: watcher.email, subject: product.name })).toHaveLength(2);
    await setPrice(product.price.amount);
  });
});

describe('abandoned carts', () => {
  it('one reminder per cart state to a customer who opted in; none after the order; none without consent', async () => {
    const keen = await newCustomer('keen', true);
    const shy = await newCustomer('shy', false);
    const [first, second] = [await productAt(13), await productAt(14)];
    for (const shopper of [keen, shy]) {
      expect((await call('POST', '/cart/items', { token: shopper.token, body: { productId: first.id, quantity: 1 } })).status).toBeLessThan(300);
    }
    const reminders = () => inbox.emails({ to: keen.email }).then((all) => all.filter((mail) => mail.text.includes('https://shop.example/cart')));
    const [reminder] = await eventually(reminders, (found) => found.length === 1, 'the reminder', 15_000);
    expect(reminder!.text).toContain(first.name);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await reminders()).toHaveLength(1); // the same state: never twice

    // A new state earns a new reminder…
    expect((await call('POST', '/cart/items', { token: keen.token, body: { productId: second.id, quantity: 2 } })).status).toBeLessThan(300);
    await eventually(reminders, (found) => found.length === 2, 'the reminder of the new state', 15_000);
    // …but an order closes the cart: nothing after it.
    const ordered = await call('POST', '/orders/checkout', { token: keen.token, key: randomUUID(), body: { shippingAddress: address, paymentMethod: 'pm_card_visa' } });
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(await reminders()).toHaveLength(2);
    expect((await inbox.emails({ to: shy.email })).filter((mail) => mail.text.includes('https://shop.example/cart'))).toHaveLength(0);
  }, 60_000);
});

describe('campaigns', () => {
  it('reach exactly their segment of opted-in customers, with a working unsubscribe link counted in the stats', async () => {
    const admin = await platform.adminToken();
    const product = await productAt(16);
    const detail = await call('GET', `/products/${product.id}`);
    const categoryId: string = detail.body.category.id;
    const buyer = await newCustomer('campaign-buyer', true);
    const browser = await newCustomer('campaign-browser', true);
    const optedOut = await newCustomer('campaign-optout', false);
    for (const shopper of [buyer, optedOut]) await customerOrder(product.id, 1, shopper.token);
    // Segments follow the orders' events.
    const segment = { kind: 'bought_in_category', categoryId };
    const body = { name: `Spring ${randomUUID().slice(0, 6)}`, subject: `New in for you ${randomUUID().slice(0, 6)}`, bodyMarkdown: '## Hello\n\nFresh **arrivals** in your favourite aisle.', ctaLabel: 'Shop now', ctaUrl: 'https://shop.example/', segment };
    await eventually(() => call('POST', '/notifications/campaigns/preview', { token: admin, body }), (got) => got.status === 200 && got.body.recipients >= 1, 'the segment to include the buyer');

    expect((await call('POST', '/notifications/campaigns', { token: await platform.customerToken(), body })).status).toBe(403);
    expect((await call('POST', '/notifications/campaigns', { token: admin, body: { ...body, ctaUrl: null } })).status).toBe(400);
    expect((await call('POST', '/notifications/campaigns', { token: admin, body: { ...body, segment: { kind: 'bought_in_category', categoryId: randomUUID() } } })).status).toBe(400);
    expect((await call('POST', '/notifications/campaigns', { token: admin, body: { ...body, ctaUrl: 'javascript:alert(1)' } })).status).toBe(400);

    const created = await call('POST', '/notifications/campaigns', { token: admin, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', stats: { recipients: 0 } });
    const id = created.body.id as string;
    const preview = await call('POST', '/notifications/campaigns/preview', { token: admin, body });
    expect(preview.body.html).toContain('Fresh <strong>arrivals</strong>');

    const tested = await call('POST', `/notifications/campaigns/${id}/test`, { token: admin, body: { email: 'marketing-check@example.com' } });
    expect(tested.status, JSON.stringify(tested.body)).toBe(200);
    await inbox.waitForEmails({ to: 'marketing-check@example.com', subject: `[Test] ${body.subject}`, count: 1 });

    const scheduled = await call('POST', `/notifications/campaigns/${id}/schedule`, { token: admin, body: {} });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    const [mail] = await inbox.waitForEmails({ to: buyer.email, subject: body.subject, count: 1, timeoutMs: 20_000 });
    expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const sent = await eventually(() => call('GET', `/notifications/campaigns/${id}`, { token: admin }), (got) => got.body.status === 'sent' && got.body.stats.queued === 0, 'the campaign to be sent');
    expect(sent.body.stats.recipients).toBe(preview.body.recipients);
    expect(sent.body.stats.sent).toBe(preview.body.recipients);
    for (const other of [browser, optedOut]) expect(await inbox.emails({ to: other.email, subject: body.subject })).toHaveLength(0);
    // Sent: it can no longer be changed or cancelled.
    expect((await call('POST', `/notifications/campaigns/${id}/cancel`, { token: admin })).status).toBe(409);
    expect((await call('PUT', `/notifications/campaigns/${id}`, { token: admin, body })).status).toBe(409);

    // The e-mail's own unsubscribe link works and is counted.
    const link = /unsubscribe\?token=([^&\s"]+)&(?:amp;)?campaign=([0-9a-f-]{36})/.exec(mail!.text);
    expect(link).not.toBeNull();
    const unsubscribed = await call('POST', '/notifications/unsubscribe', { body: { token: decodeURIComponent(link![1]!), campaignId: link![2] } });
    expect(unsubscribed.status, JSON.stringify(unsubscribed.body)).toBe(200);
    expect((await call('GET', '/notifications/preferences', { token: buyer.token })).body.marketingEmail).toBe(false);
    expect((await call('GET', `/notifications/campaigns/${id}`, { token: admin })).body.stats.unsubscribed).toBe(1);
  }, 60_000);

  it('a scheduled campaign can be cancelled before it goes out; then nothing is sent', async () => {
    const admin = await platform.adminToken();
    const keen = await newCustomer('campaign-later', true);
    const body = { name: 'Later', subject: `Much later ${randomUUID().slice(0, 6)}`, bodyMarkdown: 'Soon.', segment: { kind: 'all_opted_in' } };
    const created = await call('POST', '/notifications/campaigns', { token: admin, body });
    const id = created.body.id as string;
    expect((await call('POST', `/notifications/campaigns/${id}/schedule`, { token: admin, body: { sendAt: 'tomorrow' } })).status).toBe(400);
    const scheduled = await call('POST', `/notifications/campaigns/${id}/schedule`, { token: admin, body: { sendAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(scheduled.body.status).toBe('scheduled');
    const cancelled = await call('POST', `/notifications/campaigns/${id}/cancel`, { token: admin });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await call('POST', `/notifications/campaigns/${id}/schedule`, { token: admin, body: {} })).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await inbox.emails({ to: keen.email, subject: body.subject })).toHaveLength(0);
    const listed = await call('GET', '/notifications/campaigns?pageSize=100', { token: admin });
    expect(listed.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ status: 'cancelled', stats: { recipients: 0 } });
  });

  it('a campaign with unique codes: each recipient gets their own code once, a redemption shows in its stats, a resumed send gives no one a second code', async () => {
    const admin = await platform.adminToken();
    const created = await call('POST', '/promotions', { token: admin, body: { kind: 'code', name: `Thank-you ${randomUUID().slice(0, 6)}`, discountType: 'percent', percentOff: 20 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const promotionId = created.body.id as string;
    // The choices staff get for a campaign's promotion.
    const choices = await call('GET', '/notifications/campaign-promotions', { token: admin });
    expect(choices.status, JSON.stringify(choices.body)).toBe(200);
    expect(choices.body.items).toContainEqual(expect.objectContaining({ id: promotionId, label: '20 % off', state: 'active', code: null }));
    expect((await call('GET', '/notifications/campaign-promotions', { token: await platform.customerToken() })).status).toBe(403);
    const recipients = await Promise.all(['codes-a', 'codes-b', 'codes-c'].map((label) => newCustomer(label, true)));
    const body = {
      name: `Codes ${randomUUID().slice(0, 6)}`,
      subject: `A gift for you ${randomUUID().slice(0, 6)}`,
      bodyMarkdown: 'Take 20 % off with **{{code}}**.',
      segment: { kind: 'all_opted_in' },
      promotion: { promotionId, codes: 'unique' },
    };
    // {{code}} needs a promotion; shared codes need a promotion that has one; an unknown promotion is a 400.
    expect((await call('POST', '/notifications/campaigns', { token: admin, body: { ...body, promotion: null } })).status).toBe(400);
    expect((await call('POST', '/notifications/campaigns', { token: admin, body: { ...body, promotion: { promotionId, codes: 'shared' } } })).status).toBe(400);
    expect((await call('POST', '/notifications/campaigns', { token: admin, body: { ...body, promotion: { promotionId: randomUUID(), codes: 'unique' } } })).status).toBe(400);

    const preview = await call('POST', '/notifications/campaigns/preview', { token: admin, body });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.text).toContain('XXXXXXXXXX');
    const campaign = await call('POST', '/notifications/campaigns', { token: admin, body });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.promotion).toMatchObject({ promotionId, codes: 'unique', label: '20 % off', code: null });
    const id = campaign.body.id as string;
    expect((await call('POST', `/notifications/campaigns/${id}/schedule`, { token: admin, body: {} })).status).toBe(200);

    const codeIn = (mail: InboxEmail) => /Your code for 20 % off:\s*([A-Z0-9]{10})\b/.exec(mail.text)?.[1];
    const codes = new Map<string, string>();
    for (const recipient of recipients) {
      const [mail] = await inbox.waitForEmails({ to: recipient.email, subject: body.subject, count: 1, timeoutMs: 20_000 });
      const code = codeIn(mail!);
      expect(code, mail!.text).toMatch(/^[A-Z0-9]{10}$/);
      expect(mail!.text).toContain(`Take 20 % off with ${code}`);
      expect(mail!.html).toContain(`<strong>${code}</strong>`);
      codes.set(recipient.email, code!);
    }
    expect(new Set(codes.values()).size).toBe(recipients.length);
    const sent = await eventually(() => call('GET', `/notifications/campaigns/${id}`, { token: admin }), (got) => got.body.status === 'sent', 'the campaign to be sent');
    expect(sent.body.stats).toMatchObject({ redemptions: 0, revenue: 0, discountCost: 0 });
    const assigned = async () => Number((await platform.pool.query<{ n: string }>('SELECT count(*) AS n FROM promotions.codes WHERE campaign_id = $1', [id])).rows[0]!.n);
    expect(await assigned()).toBe(sent.body.stats.recipients);

    // One recipient uses their code at checkout.
    const [buyer] = recipients;
    const [product] = await inStockProducts(1);
    const placed = await call('POST', '/orders', {
      token: buyer!.token,
      key: randomUUID(),
      body: { items: [{ productId: product!.id, quantity: 1 }], shippingAddress: address, paymentMethod: 'pm_card_visa', code: codes.get(buyer!.email)!.toLowerCase() },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.discount).toBeGreaterThan(0);
    // Single use: the same code again is refused.
    const again = await call('POST', '/orders', {
      token: buyer!.token,
      key: randomUUID(),
      body: { items: [{ productId: product!.id, quantity: 1 }], shippingAddress: address, paymentMethod: 'pm_card_visa', code: codes.get(buyer!.email) },
    });
    expect(again.status).toBe(409);
    const stats = await eventually(() => call('GET', `/notifications/campaigns/${id}`, { token: admin }), (got) => got.body.stats.redemptions === 1, 'the redemption in the stats');
    expect(stats.body.stats).toMatchObject({ redemptions: 1, revenue: placed.body.total, discountCost: placed.body.discount });
    const listed = await call('GET', '/notifications/campaigns?pageSize=100', { token: admin });
    expect(listed.body.items.find((item: { id: string }) => item.id === id).stats).toMatchObject({ redemptions: 1, revenue: placed.body.total });

    // A send resumed after a crash (the campaign back to sending, one recipient's message lost) writes
    // that message again with the same code, and no new code is made.
    const [, lost] = recipients;
    await platform.pool.query('DELETE FROM notifications.messages WHERE campaign_id = $1 AND recipient = $2', [id, lost!.email]);
    await platform.pool.query(`UPDATE notifications.campaigns SET status = 'sending' WHERE id = $1`, [id]);
    const mails = await inbox.waitForEmails({ to: lost!.email, subject: body.subject, count: 2, timeoutMs: 20_000 });
    expect(mails.map(codeIn)).toEqual([codes.get(lost!.email), codes.get(lost!.email)]);
    await eventually(() => call('GET', `/notifications/campaigns/${id}`, { token: admin }), (got) => got.body.status === 'sent', 'the resumed campaign to finish');
    expect(await assigned()).toBe(sent.body.stats.recipients);
    for (const recipient of recipients.filter((r) => r !== lost)) expect(await inbox.emails({ to: recipient.email, subject: body.subject })).toHaveLength(1);
  }, 90_000);

  it('a campaign with a shared code shows that code to everyone', async () => {
    const admin = await platform.adminToken();
    const shared = `SHARE${randomUUID().slice(0, 6).toUpperCase()}`;
    const created = await call('POST', '/promotions', { token: admin, body: { kind: 'code', name: 'Shared thanks', discountType: 'fixed', amountOff: 500, code: shared } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const keen = await newCustomer('shared-code', true);
    const body = { name: 'Shared', subject: `Five off ${randomUUID().slice(0, 6)}`, bodyMarkdown: 'Use {{code}} this week.', segment: { kind: 'all_opted_in' }, promotion: { promotionId: created.body.id, codes: 'shared' } };
    const campaign = await call('POST', '/notifications/campaigns', { token: admin, body });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.promotion).toMatchObject({ codes: 'shared', code: shared });
    await call('POST', `/notifications/campaigns/${campaign.body.id}/schedule`, { token: admin, body: {} });
    const [mail] = await inbox.waitForEmails({ to: keen.email, subject: body.subject, count: 1, timeoutMs: 20_000 });
    expect(mail!.text).toContain(`Use ${shared} this week.`);
    expect(mail!.text).toMatch(new RegExp(`Your code for \\$5\\.00 off:\\s*${shared}`));
  }, 60_000);
});

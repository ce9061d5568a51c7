import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * The campaign benchmark: a campaign to `recipients` seeded opted-in customers, sent through the
 * real send queue and SMTP server, while a buyer keeps placing orders. It reports how long the
 * campaign took to go out (messages/s) and the order confirmations' latency meanwhile (order_paid →
 * accepted by SMTP): they go ahead of the campaign in the queue, so it should stay near the
 * checkout bench's. The contacts are written straight into notifications' read model (a fixture:
 * 10,000 registrations through identity would measure identity, not the campaign).
 */

export interface CampaignBenchResult {
  recipients: number;
  sent: number;
  seconds: number;
  perSecond: number;
  ordersDuring: number;
  orderEmailP50Ms: number | null;
  orderEmailP99Ms: number | null;
}

interface Options {
  pool: pg.Pool;
  gateway: string;
  adminToken: string;
  customerToken: string;
  products: Array<{ id: string }>;
  recipients: number;
  log: (message: string) => void;
}

async function api(gateway: string, path: string, token: string, body: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire
  const response = await fetch(`${gateway}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function runCampaignBench(options: Options): Promise<CampaignBenchResult> {
  const { pool, gateway, log } = options;
  await pool.query(
    `INSERT INTO notifications.contacts (user_id, email, name, role, marketing_email)
     SELECT gen_random_uuid(), 'bench-' || i || '-' || $2 || '@example.com', 'Bench shopper ' || i, 'customer', true FROM generate_series(1, $1) AS i`,
    [options.recipients, randomUUID().slice(0, 8)],
  );
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications.contacts WHERE marketing_email AND NOT disabled AND role = 'customer'");
  const members = rows[0]!.n;
  log(`campaign: ${members} opted-in customers`);

  const created = await api(gateway, '/notifications/campaigns', options.adminToken, {
    name: 'Bench campaign',
    subject: 'Everything you love, 20 % off',
    bodyMarkdown: '## A sale for you\n\nEvery **favourite** is 20 % off this weekend.',
    ctaLabel: 'Shop the sale',
    ctaUrl: 'https://shop.example/sale',
    segment: { kind: 'all_opted_in' },
  });
  if (created.status !== 201) throw new Error(`campaign create failed (${created.status}): ${JSON.stringify(created.body)}`);
  const campaignId = created.body.id as string;
  const started = new Date();
  const scheduled = await api(gateway, `/notifications/campaigns/${campaignId}/schedule`, options.adminToken, {});
  if (scheduled.status !== 200) throw new Error(`campaign schedule failed (${scheduled.status}): ${JSON.stringify(scheduled.body)}`);

  // One buyer keeps ordering while the campaign goes out.
  let done = false;
  let ordersDuring = 0;
  const buyer = (async () => {
    for (let i = 0; !done; i++) {
      const product = options.products[i % options.products.length]!;
      const placed = await api(gateway, '/orders', options.customerToken, {
        items: [{ productId: product.id, quantity: 1 }],
        shippingAddress: { name: 'Bench Buyer', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
        paymentMethod: 'pm_card_visa',
      }).catch(() => ({ status: 0 }));
      if (placed.status === 201) ordersDuring++;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();

  const deadline = Date.now() + 15 * 60_000;
  let sent = 0;
  for (;;) {
    const state = await pool.query<{ status: string; sent: number; open: number }>(
      `SELECT c.status,
              (SELECT count(*)::int FROM notifications.messages m WHERE m.campaign_id = c.id AND m.state = 'sent') AS sent,
              (SELECT count(*)::int FROM notifications.messages m WHERE m.campaign_id = c.id AND m.state IN ('queued', 'sending')) AS open
         FROM notifications.campaigns c WHERE c.id = $1`,
      [campaignId],
    );
    const row = state.rows[0]!;
    sent = row.sent;
    if ((row.status === 'sent' && row.open === 0) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  done = true;
  await buyer;

  const timing = await pool.query<{ seconds: number }>(
    "SELECT EXTRACT(EPOCH FROM max(sent_at) - $2::timestamptz)::float8 AS seconds FROM notifications.messages WHERE campaign_id = $1 AND state = 'sent'",
    [campaignId, started],
  );
  const seconds = timing.rows[0]?.seconds ?? 0;
  const latency = await pool.query<{ p50: number | null; p99: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
       FROM (SELECT EXTRACT(EPOCH FROM m.sent_at - o.occurred_at) * 1000 AS ms
               FROM notifications.messages m JOIN orders.outbox_events o ON o.id::text = m.event_id
              WHERE m.template = 'order_confirmation' AND m.channel = 'email' AND m.state = 'sent' AND o.occurred_at >= $1) AS t`,
    [started],
  );
  return {
    recipients: members,
    sent,
    seconds: Math.round(seconds * 10) / 10,
    perSecond: seconds > 0 ? Math.round((sent / seconds) * 10) / 10 : 0,
    ordersDuring,
    orderEmailP50Ms: latency.rows[0]?.p50 === null || latency.rows[0]?.p50 === undefined ? null : Math.round(latency.rows[0].p50),
    orderEmailP99Ms: latency.rows[0]?.p99 === null || latency.rows[0]?.p99 === undefined ? null : Math.round(latency.rows[0].p99),
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommercePlatform, type CommercePlatform } from './commerce.js';
import { readJson } from './fakes.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

/**
 * One storefront checkout is one trace: every service in its own process with OpenTelemetry on,
 * exporting to an in-memory OTLP/HTTP receiver; the checkout enters the gateway with a root
 * traceparent (as the storefront's server action sends it) and every span it causes — gateway,
 * the orders procedure, catalog, inventory and payments (with the Stripe SDK's HTTP call to the
 * simulator), their PostgreSQL statements, and the consumer spans of notifications and analytics
 * reached through the outbox and the bus — must share its trace id and hang from it. On both buses.
 */

const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const ADDRESS = { name: 'Tracing', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };
const SPAN_KIND = { server: 2, client: 3, consumer: 5 } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isPg = (span: ReceivedSpan) => span.attributes['db.system'] === 'postgresql' || span.attributes['db.system.name'] === 'postgresql';
const describeSpans = (spans: ReceivedSpan[]) =>
  spans.map((span) => `${span.service}: ${span.name} (${span.spanId} <- ${span.parentSpanId || 'root'})`).join('\n');

describe.each(['postgres', 'rabbitmq'] as const)('one checkout is one trace (%s bus)', (bus) => {
  let receiver: OtlpReceiver;
  let platform: CommercePlatform;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    platform = await startCommercePlatform({
      products: 10,
      readyTimeoutMs: 150_000,
      otlpEndpoint: receiver.url,
      env: bus === 'rabbitmq' ? { RABBITMQ_URL, EVENTS_NAMESPACE: `tracing-${randomBytes(4).toString('hex')}` } : {},
    });
  }, 300_000);

  afterAll(async () => {
    await platform?.shutdown();
    await receiver?.close();
  });

  it('links gateway, orders, catalog, inventory, payments (and Stripe), PostgreSQL and the event consumers under the caller’s root span', async () => {
    const products = await readJson(await fetch(`${platform.gatewayUrl}/api/v1/products?limit=1&inStock=true`));
    const productId = products.items[0].id as string;
    const token = await platform.customerToken();

    const traceId = randomBytes(16).toString('hex');
    const rootSpanId = randomBytes(8).toString('hex');
    const response = await fetch(`${platform.gatewayUrl}/api/v1/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': `tracing-${randomUUID()}`,
        traceparent: `00-${traceId}-${rootSpanId}-01`,
      },
      body: JSON.stringify({ items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa' }),
    });
    expect(response.status).toBe(201);

    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    // Orders' events are `orders.<name>`; on RabbitMQ consumer names carry EVENTS_NAMESPACE as a prefix.
    const consumerOf = (consumer: string) => (span: ReceivedSpan) =>
      span.kind === SPAN_KIND.consumer && (span.name.startsWith(`${consumer} process orders.`) || span.name.includes(`.${consumer} process orders.`));
    const connected = (spans: ReceivedSpan[]) => {
      const ids = new Set([rootSpanId, ...spans.map((span) => span.spanId)]);
      return spans.filter((span) => !ids.has(span.parentSpanId));
    };
    // Spans arrive in batches (every 100 ms per process); consumers run once the relay published.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const spans = inTrace();
      if (spans.some(consumerOf('notifications.orders')) && spans.some(consumerOf('analytics.orders')) && connected(spans).length === 0) break;
      await sleep(200);
    }
    await sleep(500);
    const spans = inTrace();
    const context = `spans of the trace:\n${describeSpans(spans)}`;

    // One tree: every span's parent is in the trace, or is the caller's root span.
    expect(connected(spans), context).toEqual([]);
    const byId = new Map(spans.map((span) => [span.spanId, span]));

    // The gateway's server span is the child of the caller's span; orders' of the gateway's call.
    // (The Stripe simulator's webhook reaches the gateway later in the same trace: a second server span.)
    const gatewayServer = spans.find((span) => span.service === 'gateway' && span.kind === SPAN_KIND.server && span.parentSpanId === rootSpanId);
    expect(gatewayServer, context).toBeDefined();
    const procedure = spans.find((span) => span.service === 'orders' && span.name === 'orders.create');
    expect(procedure, context).toBeDefined();
    expect(procedure?.attributes['rpc.method']).toBe('orders.create');

    const services = new Set(spans.map((span) => span.service));
    for (const service of ['gateway', 'orders', 'catalog', 'inventory', 'payments', 'notifications', 'analytics']) expect(services, context).toContain(service);

    // Each callee's server span descends from a client span of orders (a service-to-service hop).
    for (const callee of ['catalog', 'inventory', 'payments']) {
      const server = spans.find((span) => span.service === callee && span.kind === SPAN_KIND.server);
      expect(byId.get(server?.parentSpanId ?? '')?.service, `${callee}\n${context}`).toBe('orders');
    }
    // The Stripe SDK's HTTP call from payments to the simulator.
    const simulatorPort = new URL(platform.urls.stripeSimulator).port;
    const stripeCall = spans.find(
      (span) => span.service === 'payments' && span.kind === SPAN_KIND.client && Object.values(span.attributes).some((value) => String(value).includes(simulatorPort)),
    );
    expect(stripeCall, context).toBeDefined();
    // PostgreSQL statements of the services on the path, each inside its service's spans.
    for (const service of ['orders', 'inventory', 'payments']) expect(spans.some((span) => span.service === service && isPg(span)), `${service} pg\n${context}`).toBe(true);

    // The consumers continue the trace stored with the outbox row, as children of the producer's span.
    for (const consumer of ['notifications.orders', 'analytics.orders']) {
      const delivery = spans.find(consumerOf(consumer));
      expect(delivery, context).toBeDefined();
      expect(delivery?.attributes['messaging.system']).toBe(bus === 'rabbitmq' ? 'rabbitmq' : 'postgresql');
      const producer = byId.get(delivery?.parentSpanId ?? '');
      expect(producer?.service, `${consumer}\n${context}`).toBe('orders');
    }
    // No span of the checkout failed.
    expect(spans.filter((span) => span.failed).map((span) => `${span.service}: ${span.name}`)).toEqual([]);
  }, 120_000);

  it('marks a failing procedure span with an error status, named by its procedure', async () => {
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(`${platform.gatewayUrl}/api/v1/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await platform.customerToken()}`,
        'idempotency-key': `tracing-${randomUUID()}`,
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ items: [{ productId: randomUUID(), quantity: 1 }], shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa' }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    let failed: ReceivedSpan | undefined;
    for (let attempt = 0; attempt < 100 && !failed; attempt++) {
      failed = receiver.spans.find((span) => span.traceId === traceId && span.name === 'orders.create' && span.failed);
      if (!failed) await sleep(100);
    }
    expect(failed, describeSpans(receiver.spans.filter((span) => span.traceId === traceId))).toBeDefined();
  }, 30_000);

  it('records nothing of a checkout its caller did not sample (flag 00), on any hop, and the checkout still works', async () => {
    const token = await platform.customerToken();
    const products = await readJson(await fetch(`${platform.gatewayUrl}/api/v1/products?limit=1&inStock=true`));
    const checkout = (traceparent: string) =>
      fetch(`${platform.gatewayUrl}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `tracing-${randomUUID()}`, traceparent },
        body: JSON.stringify({ items: [{ productId: products.items[0].id as string, quantity: 1 }], shippingAddress: ADDRESS, paymentMethod: 'pm_card_visa' }),
      });
    const unsampledTrace = randomBytes(16).toString('hex');
    expect((await checkout(`00-${unsampledTrace}-${randomBytes(8).toString('hex')}-00`)).status).toBe(201);
    // A sampled checkout right after it: once its consumer spans are in, the unsampled one's would be too.
    const sampledTrace = randomBytes(16).toString('hex');
    expect((await checkout(`00-${sampledTrace}-${randomBytes(8).toString('hex')}-01`)).status).toBe(201);
    const deadline = Date.now() + 30_000;
    const consumed = () => ['notifications.orders', 'analytics.orders'].every((consumer) => receiver.spans.some((span) => span.traceId === sampledTrace && span.kind === SPAN_KIND.consumer && span.name.includes(`${consumer} process orders.`)));
    while (Date.now() < deadline && !consumed()) await sleep(200);
    expect(consumed()).toBe(true);
    await sleep(1_000);
    expect(describeSpans(receiver.spans.filter((span) => span.traceId === unsampledTrace))).toBe('');
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startCommercePlatform, startOtlpReceiver, type CommercePlatform, type OtlpReceiver, type ReceivedSpan } from '@omnicart/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A storefront request is the root of its trace: the platform's services in their own processes
 * and the built storefront (`next start`, run `next build` first; `npm test` builds it) with
 * OpenTelemetry on, all exporting to an in-memory OTLP receiver, every trace sampled that its
 * parent did not decide (parent-based always-on). A signed-in shopper opens /account, which lists
 * their orders through the gateway: the storefront's SERVER span must be the trace's root, the
 * gateway's server span the child of the storefront's client span, and orders' span inside.
 * A request the storefront does not sample sends its traceparent flagged 00: nothing of it is recorded anywhere.
 */

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NEXT_BIN = join(dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist', 'bin', 'next');
const SPAN_KIND = { server: 2, client: 3 } as const;
const DEMO_CUSTOMER = { email: 'demo@omnicart.test', password: 'omnicart-demo' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describeSpans = (spans: ReceivedSpan[]) =>
  spans.map((span) => `${span.service}: ${span.name} kind ${span.kind} (${span.spanId} <- ${span.parentSpanId || 'root'})`).join('\n');

/** Cookies of a browser session: what the storefront set, sent back on every request. */
class CookieJar {
  #cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.#cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

describe('storefront tracing', () => {
  let receiver: OtlpReceiver;
  let platform: CommercePlatform;
  let storefront: ChildProcess;
  let storefrontUrl: string;
  let output = '';
  const jar = new CookieJar();

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(storefrontUrl + path, { headers: { cookie: jar.header(), ...headers }, redirect: 'manual' });
    jar.store(response);
    return response;
  };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    platform = await startCommercePlatform({
      products: 5,
      readyTimeoutMs: 90_000,
      otlpEndpoint: receiver.url,
      // Parent-based: a traceparent flagged 00 from the storefront is not sampled by the services either.
      env: { OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
    });
    const port = await freePort();
    storefrontUrl = `http://127.0.0.1:${port}`;
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    storefront = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
      cwd: APP_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        GATEWAY_URL: platform.gatewayUrl,
        STOREFRONT_URL: storefrontUrl,
        NEXTAUTH_URL: storefrontUrl,
        NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
        SERVICE_TOKEN: platform.env.SERVICE_TOKEN ?? '',
        // No background calls to the gateway: every span below comes from the requests this test makes.
        CATALOG_CHANGES_POLL_MS: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    });
    storefront.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    storefront.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${storefrontUrl}/healthz`).then((response) => response.ok, () => false);
      if (ready) break;
      if (storefront.exitCode !== null || Date.now() > deadline) throw new Error(`next start did not come up (run next build first):\n${output}`);
      await sleep(250);
    }

    // Sign in as the demo shopper (next-auth's credentials flow, as the login form posts it).
    const { csrfToken } = (await (await get('/api/auth/csrf')).json()) as { csrfToken: string };
    const signIn = await fetch(`${storefrontUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, ...DEMO_CUSTOMER, json: 'true' }),
      redirect: 'manual',
    });
    jar.store(signIn);
    expect(jar.header(), `sign-in answered ${signIn.status}\n${output}`).toContain('next-auth.session-token');
  }, 240_000);

  afterAll(async () => {
    if (storefront && storefront.exitCode === null) {
      const exited = new Promise((resolve) => storefront.once('exit', resolve));
      storefront.kill('SIGTERM');
      await exited;
    }
    await platform?.shutdown();
    await receiver?.close();
  });

  it('roots a signed-in request in the storefront’s server span, with the gateway and orders below its client span', async () => {
    const firstSpan = receiver.spans.length;
    const response = await get('/account');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Recent orders');

    // The trace of the orders procedure this page caused: its spans arrive in batches (every 100 ms per process).
    const spansSince = () => receiver.spans.slice(firstSpan);
    let spans: ReceivedSpan[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(200)) {
      // The storefront's root whose trace reached orders (other traces — a poller's, a prefetch — may interleave).
      const traceIds = new Set(spansSince().filter((span) => span.service === 'orders' && span.kind === SPAN_KIND.server).map((span) => span.traceId));
      const root = spansSince().find((span) => span.service === 'storefront' && span.parentSpanId === '' && traceIds.has(span.traceId));
      spans = root ? spansSince().filter((span) => span.traceId === root.traceId) : [];
      // Each process exports on its own schedule: done once every span's parent has arrived too.
      const ids = new Set(spans.map((span) => span.spanId));
      if (root && spans.every((span) => span === root || ids.has(span.parentSpanId))) break;
    }
    await sleep(300);
    if (spans[0]) spans = receiver.spans.filter((span) => span.traceId === spans[0]?.traceId);
    const context = `spans of the trace:\n${describeSpans(spans)}`;
    const byId = new Map(spans.map((span) => [span.spanId, span]));

    // One root, the storefront's server span; every other span's parent is in the trace.
    const roots = spans.filter((span) => !byId.has(span.parentSpanId));
    expect(roots.map((span) => [span.service, span.kind, span.parentSpanId]), context).toEqual([['storefront', SPAN_KIND.server, '']]);

    // The storefront's call for the orders (account.orders is a query: tRPC sends it as a GET) is a CLIENT span
    // inside the root, and the gateway's server span hangs from it (the page calls identity through the gateway too).
    const call = spans.find((span) => span.service === 'storefront' && span.kind === SPAN_KIND.client && span.name === 'GET /trpc/orders');
    expect(call, context).toBeDefined();
    const gateway = spans.find((span) => span.service === 'gateway' && span.kind === SPAN_KIND.server && span.parentSpanId === call?.spanId);
    expect(gateway, context).toBeDefined();
    const ancestors = (span: ReceivedSpan | undefined): ReceivedSpan[] => (span ? [span, ...ancestors(byId.get(span.parentSpanId))] : []);
    expect(ancestors(call).at(-1), context).toBe(roots[0]);
    // And orders answered inside the gateway's span.
    const orders = spans.find((span) => span.service === 'orders' && span.kind === SPAN_KIND.server);
    expect(ancestors(orders), context).toContain(gateway);
    expect(spans.filter((span) => span.failed).map((span) => `${span.service}: ${span.name}`), context).toEqual([]);
  }, 60_000);

  it('sends an unsampled request on flagged 00: neither the storefront nor any service records it', async () => {
    const traceId = randomBytes(16).toString('hex');
    const firstSpan = receiver.spans.length;
    // The caller decided not to sample (a traceparent flagged 00): the storefront continues that decision.
    const response = await get('/account', { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-00` });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Recent orders');
    // A storefront that ignored the caller's decision, or a gateway that got no traceparent (or a
    // sampled one), would record a trace of its own under always-on.
    await sleep(1500);
    // (Only the storefront and the gateway see this request first hand: services also answer each
    // other's background polls, which start traces of their own.)
    const recorded = receiver.spans.slice(firstSpan).filter((span) => span.traceId === traceId || span.service === 'storefront' || span.service === 'gateway');
    expect(describeSpans(recorded)).toBe('');
  }, 30_000);
});

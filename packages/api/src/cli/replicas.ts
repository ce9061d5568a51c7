#!/usr/bin/env node
/**
 * `npm run start:replicas` (or `REPLICAS=2 npm start`): the API platform as two replicas. Every
 * domain service and the gateway run twice, in two processes (`start.js` each, with
 * OMNICART_REPLICA set), each replica on its own ports (the public port + 10000, + 20000); a small
 * round-robin TCP balancer with failover (runtime/balancer.ts) listens on each public port (the
 * gateway's :4000, each service's <NAME>_PORT), as a Kubernetes Service does in front of two pods.
 * Services, gateways and the apps keep using the public addresses, so every hop can land on either
 * replica. The second replica starts once the first is ready (migrations and the demo seed run
 * once); it uses the first's Stripe simulator, dev inbox and (without DATABASE_URL) embedded
 * PostgreSQL. Jobs, sweepers, relays and consumers run in both and coordinate through the
 * database (advisory locks, FOR UPDATE SKIP LOCKED, unique keys).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HTTP_PORT, DEFAULT_SMTP_PORT } from '../dev-inbox/index.js';
import { DOMAIN_NAMES, getEnvOrExit, servicePortFromEnv } from '../platform/index.js';
import { startBalancer, type Balancer } from '../runtime/balancer.js';
import { localUrl } from '../runtime/http.js';

/** Replica r (1-based) of a service listens on its public port + r × PORT_STRIDE. */
export const PORT_STRIDE = 10_000;
const REPLICAS = 2;

const START_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'start.js');

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`replica exited (${child.signalCode ?? child.exitCode}) before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

const balancers: Balancer[] = [];
const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The second replica first: the first may own the embedded PostgreSQL both use.
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await Promise.all(balancers.map((balancer) => balancer.close()));
  process.exit(code);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));
  const env = getEnvOrExit();
  const host = env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
  const publicPorts: Record<string, number> = { gateway: env.GATEWAY_PORT };
  for (const name of DOMAIN_NAMES) publicPorts[name] = servicePortFromEnv(name, env);
  const portVariable = (name: string) => `${name.toUpperCase()}_PORT`;

  for (const port of Object.values(publicPorts)) {
    balancers.push(
      await startBalancer({
        host: env.HOST,
        port,
        backends: Array.from({ length: REPLICAS }, (_, r) => ({ host, port: port + (r + 1) * PORT_STRIDE })),
      }),
    );
  }

  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    OMNICART_REPLICA: '',
    // Every hop goes through a balancer: each service and gateway reaches the others at the public port.
    ...Object.fromEntries(DOMAIN_NAMES.map((name) => [`${name.toUpperCase()}_URL`, localUrl(host, publicPorts[name]!)])),
    // Stripe's webhooks come in through the gateways' balancer, as through an ingress.
    STRIPE_SIMULATOR_WEBHOOK_URL: process.env.STRIPE_SIMULATOR_WEBHOOK_URL ?? `${localUrl(host, env.GATEWAY_PORT)}/webhooks/stripe`,
  };
  for (let replica = 1; replica <= REPLICAS; replica++) {
    const replicaEnv: NodeJS.ProcessEnv = {
      ...shared,
      OMNICART_REPLICA: String(replica),
      ...Object.fromEntries(Object.entries(publicPorts).map(([name, port]) => [portVariable(name), String(port + replica * PORT_STRIDE)])),
    };
    if (replica > 1) {
      // One Stripe simulator and one dev inbox (the first replica's) for the whole platform.
      replicaEnv.SERVICES = (process.env.SERVICES ?? '').trim() ? process.env.SERVICES!.split(',').filter((s) => s.trim() !== 'stripe-simulator').join(',') : [...DOMAIN_NAMES, 'gateway'].join(',');
      replicaEnv.DEV_INBOX = '0';
      if (!process.env.SMTP_URL && process.env.DEV_INBOX !== '0') {
        replicaEnv.SMTP_URL = `smtp://${host}:${process.env.DEV_INBOX_SMTP_PORT ?? DEFAULT_SMTP_PORT}`;
        replicaEnv.SMS_API_URL ??= localUrl(host, Number(process.env.DEV_INBOX_HTTP_PORT ?? DEFAULT_HTTP_PORT));
      }
    }
    const child = spawn(process.execPath, [START_SCRIPT], { stdio: 'inherit', env: replicaEnv });
    children.push(child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`replica ${replica} exited (${signal ?? code}); stopping the rest\n`);
      void stopAll(code ?? 1);
    });
    await waitReady(`${localUrl(host, env.GATEWAY_PORT + replica * PORT_STRIDE)}/readyz`, child, 8 * 60_000);
  }

  const lines = ['', `OmniCart is running as ${REPLICAS} replicas (every domain service and the gateway twice, round-robin).`, ''];
  for (const [name, port] of Object.entries(publicPorts)) {
    const replicas = Array.from({ length: REPLICAS }, (_, r) => port + (r + 1) * PORT_STRIDE).join(', ');
    lines.push(`  ${name.padEnd(19)}${localUrl(host, port)}   → replicas on :${replicas}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`omnicart replicas failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  void stopAll(1);
});

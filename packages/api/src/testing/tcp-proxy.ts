import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy for fault tests: put it between a service and PostgreSQL (or another service) by
 * pointing the service's DATABASE_URL / <NAME>_URL at `url(...)`, then make the dependency
 * unreachable (`cut`) or slow (`slow`) for a while and `restore` it — without touching the real
 * server, which other suites share.
 *
 *   const proxy = await startTcpProxy(databaseUrl);
 *   await platform.restart('orders', { DATABASE_URL: proxy.url(databaseUrl) });
 *   proxy.cut();      // open connections are cut, new ones reset at once
 *   proxy.restore();
 */
export interface TcpProxy {
  port: number;
  /** `original` with its host and port replaced by the proxy's. */
  url(original: string): string;
  /** Cuts every open connection and resets new ones until `restore()` (the dependency is down). */
  cut(): void;
  /** Holds every answer (bytes from the dependency) `ms` before passing it on (the dependency is slow). */
  slow(ms: number): void;
  /** Back to passing bytes straight through (answers already held still arrive late). */
  restore(): void;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || (target.protocol === 'postgres:' || target.protocol === 'postgresql:' ? 5432 : 80));
  const targetHost = target.hostname;
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let mode: 'pass' | 'cut' = 'pass';
  let delayMs = 0;
  let accepted = 0;

  const server = createServer((client) => {
    accepted++;
    if (mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    // Answers keep their order even when the delay changes: each chunk leaves no earlier than the one before.
    let lastAt = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (delayMs === 0 && lastAt <= Date.now()) {
        client.write(chunk);
        return;
      }
      lastAt = Math.max(Date.now() + delayMs, lastAt);
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, lastAt - Date.now()).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url(original) {
      const rewritten = new URL(original);
      rewritten.hostname = '127.0.0.1';
      rewritten.port = String(port);
      return rewritten.toString().replace(/\/$/, '');
    },
    cut() {
      mode = 'cut';
      for (const { client, upstream } of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    slow(ms) {
      delayMs = ms;
    },
    restore() {
      mode = 'pass';
      delayMs = 0;
    },
    get accepted() {
      return accepted;
    },
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

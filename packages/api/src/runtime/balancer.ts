import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A small TCP round-robin balancer: the local stand-in for a Kubernetes Service in front of two
 * replicas (`npm run start:replicas`, the replica test platform, the replica bench). Each new
 * connection goes to the next backend; a backend that refuses the connection is skipped for
 * `downForMs` and the connection tries the next one (failover), so a replica that is restarting
 * costs no request that had not reached it yet. Round-robin is per connection, as kube-proxy's
 * is: keep-alive clients (the gateway's undici pools, Next's fetch) spread once they open a few.
 */
export interface BalancerBackend {
  host: string;
  port: number;
}

export interface BalancerOptions {
  /** Where it listens (port 0: any free port). */
  host: string;
  port: number;
  backends: readonly BalancerBackend[];
  /** How long a backend that refused a connection is skipped (default 1 s). */
  downForMs?: number;
}

export interface Balancer {
  readonly port: number;
  readonly url: string;
  /** Connections handed to each backend so far, in `backends` order. */
  readonly handed: readonly number[];
  close(): Promise<void>;
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const { backends } = options;
  if (backends.length === 0) throw new Error('a balancer needs at least one backend');
  const downForMs = options.downForMs ?? 1_000;
  const downUntil = backends.map(() => 0);
  const handed = backends.map(() => 0);
  const open = new Set<Socket>();
  let next = 0;

  /** Connects to the first backend from the round-robin position that accepts, or fails with the last error. */
  function connectUpstream(client: Socket, attempt: number, start: number): void {
    if (attempt >= backends.length) {
      client.destroy();
      return;
    }
    // Skip the backends marked down, unless every one is (then try them anyway).
    const now = Date.now();
    const allDown = downUntil.every((until) => until > now);
    const index = (start + attempt) % backends.length;
    if (!allDown && downUntil[index]! > now) {
      connectUpstream(client, attempt + 1, start);
      return;
    }
    const backend = backends[index]!;
    const upstream = connect(backend.port, backend.host);
    open.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      handed[index]!++;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (connected) {
        client.destroy();
        return;
      }
      // Refused (or unreachable) before a byte went through: safe to hand the connection on.
      downUntil[index] = Date.now() + downForMs;
      connectUpstream(client, attempt + 1, start);
    });
    upstream.on('close', () => {
      open.delete(upstream);
      if (connected) client.destroy();
    });
    client.on('close', () => upstream.destroy());
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    open.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => open.delete(client));
    const start = next;
    next = (next + 1) % backends.length;
    connectUpstream(client, 0, start);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    handed,
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      return closed;
    },
  };
}

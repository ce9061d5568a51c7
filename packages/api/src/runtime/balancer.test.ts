import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startBalancer, type Balancer } from './balancer.js';

const servers: Server[] = [];
let balancer: Balancer | undefined;

async function replica(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => {
    res.setHeader('connection', 'close');
    res.end(name);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** One request on a fresh connection (no keep-alive), so each goes through the round-robin. */
async function ask(url: string): Promise<string> {
  const response = await fetch(url, { headers: { connection: 'close' } });
  return response.text();
}

afterEach(async () => {
  await balancer?.close();
  balancer = undefined;
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('startBalancer', () => {
  it('hands connections to the replicas in turn', async () => {
    const a = await replica('a');
    const b = await replica('b');
    balancer = await startBalancer({ host: '127.0.0.1', port: 0, backends: [{ host: '127.0.0.1', port: a.port }, { host: '127.0.0.1', port: b.port }] });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(balancer.url));
    expect(answers.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
    expect(balancer.handed).toEqual([3, 3]);
  });

  it('fails over to the other replica when one refuses connections, and skips it for a while', async () => {
    const a = await replica('a');
    const b = await replica('b');
    balancer = await startBalancer({ host: '127.0.0.1', port: 0, backends: [{ host: '127.0.0.1', port: a.port }, { host: '127.0.0.1', port: b.port }], downForMs: 60_000 });
    await new Promise((resolve) => a.server.close(resolve));
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ask(balancer.url));
    expect(answers).toEqual(['b', 'b', 'b', 'b']);
    expect(balancer.handed).toEqual([0, 4]);
  });

  it('closes the client connection when no replica answers', async () => {
    const a = await replica('a');
    const port = a.port;
    await new Promise((resolve) => a.server.close(resolve));
    balancer = await startBalancer({ host: '127.0.0.1', port: 0, backends: [{ host: '127.0.0.1', port }] });
    await expect(ask(balancer.url)).rejects.toThrow();
  });
});

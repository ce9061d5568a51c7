import type pg from 'pg';
import { createPool, ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from '@omnicart/db';
import type { CoreEnv } from './env.js';
import type { Logger } from './logger.js';

/**
 * Process start-up shared by `npm start` and the one-service runner: find or start PostgreSQL and
 * open the pool (the platform layer migrates, under the runner's advisory lock).
 */
export interface Database {
  url: string;
  pool: pg.Pool;
  /** The embedded server when DATABASE_URL was absent. */
  embedded?: EmbeddedPostgres;
  /** A further pool of DB_POOL_MAX connections (one per hosted domain, as separate services have). */
  createPool(name: string): pg.Pool;
  /** Ends every pool, then stops an embedded server this process started. */
  close(): Promise<void>;
}

export async function openDatabase(env: CoreEnv, logger: Logger, options: { applicationName: string }): Promise<Database> {
  let url = env.DATABASE_URL;
  let embedded: EmbeddedPostgres | undefined;
  if (url) {
    if (await ensureDatabase(url)) logger.info('created the database');
  } else {
    logger.info({ dataDir: env.EMBEDDED_PG_DIR ?? '(default .omnicart/pgdata)', port: env.EMBEDDED_PG_PORT }, 'DATABASE_URL not set: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      ...(env.EMBEDDED_PG_DIR ? { dataDir: env.EMBEDDED_PG_DIR } : {}),
      port: env.EMBEDDED_PG_PORT,
      database: 'omnicart',
      stopOnSignals: false,
      onLog: (line) => logger.debug({ postgres: line }, 'embedded postgres'),
    });
    url = embedded.url;
    logger.info({ port: embedded.port, reused: !embedded.startedByUs }, 'embedded PostgreSQL ready');
  }
  const databaseUrl = url;
  const open = (applicationName: string) =>
    createPool(databaseUrl, {
      max: env.DB_POOL_MAX,
      applicationName,
      onError: (error) => logger.warn({ err: error, pool: applicationName }, 'idle database connection failed'),
    });
  const pool = open(options.applicationName);
  const pools = [pool];
  let closed: Promise<void> | undefined;
  return {
    url,
    pool,
    ...(embedded ? { embedded } : {}),
    createPool(name) {
      const extra = open(`${options.applicationName}-${name}`);
      pools.push(extra);
      return extra;
    },
    close() {
      closed ??= (async () => {
        await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
        await embedded?.stop();
      })();
      return closed;
    },
  };
}

// The transactional outbox relay: a domain writes `outbox_events` rows in the same transaction as
// its state change; this relay publishes them to the bus and marks them published.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';
import { quoteIdent } from '@omnicart/db';
import { postgresOutboxPublisher } from './pg-bus.js';
import type { DomainEvent, EventBus } from './types.js';

/** A row for a domain's `outbox_events` table, written in the same transaction as the change. */
export interface OutboxEventRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

export function newOutboxEvent(type: string, data: Record<string, unknown>): OutboxEventRow {
  return { id: randomUUID(), type, payload: data };
}

export interface OutboxRelayOptions {
  pool: pg.Pool;
  /** The domain's PostgreSQL schema holding `outbox_events`. */
  schema: string;
  /** The producing domain (DomainEvent.source). */
  source: string;
  bus: EventBus;
  logger: Logger;
  /** Default 500. */
  pollMs?: number;
  /** Rows published per transaction. Default 100. */
  batchSize?: number;
  /**
   * Kicks within this many ms of the end of the previous run wait for the end of that window and
   * are served by one run (bigger batches under load); a kick while idle runs at once. Default 5.
   */
  coalesceMs?: number;
  /** Published rows older than this are deleted (checked hourly). Default one day; 0 keeps them. */
  retainPublishedMs?: number;
}

export interface OutboxRelay {
  /** Publish soon (call after committing a transaction that wrote outbox rows). */
  kick(): void;
  stop(): Promise<void>;
}

interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

const PRUNE_EVERY_MS = 60 * 60 * 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Publishes a domain's unpublished outbox rows, oldest first, in batches. Each batch is claimed
 * with FOR UPDATE SKIP LOCKED (two replicas never publish the same rows at once), published, and
 * marked published in the same transaction; a failed publish bumps `attempts` and leaves the rows
 * for a later run. Runs on kick() and every pollMs. Kicks are coalesced: a kick while idle runs at
 * once; kicks during a run, or within `coalesceMs` of the last one, wait for one run at the end of
 * that window, so a busy domain publishes fewer, bigger batches.
 *
 * On the PostgreSQL bus a batch is one autocommitted statement (claim, fan out into deliveries,
 * mark published, NOTIFY). On any other bus: `BEGIN; SELECT … FOR UPDATE SKIP LOCKED` in one trip,
 * publish (RabbitMQ confirms), then `UPDATE … published_at; COMMIT` in one trip. At-least-once: a
 * crash between the broker's confirm and the commit publishes the batch again.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, bus, source } = options;
  const logger = options.logger.child({ component: 'outbox-relay', schema: options.schema });
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 100;
  const coalesceMs = options.coalesceMs ?? 5;
  const retainMs = options.retainPublishedMs ?? 24 * 60 * 60 * 1_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  const table = `${quoteIdent(options.schema)}.outbox_events`;
  const publishInOneStatement = postgresOutboxPublisher(bus);

  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let again = false;
  let stopped = false;
  let lastPrune = 0;
  let lastRunEnded = Number.NEGATIVE_INFINITY;
  let failing = false;

  function published(count: number): number {
    if (failing) logger.info('publishing outbox events works again');
    failing = false;
    return count;
  }

  async function publishFailed(ids: string[] | null, error: unknown): Promise<number> {
    if (ids?.length) await pool.query(`UPDATE ${table} SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [ids]);
    if (!failing) logger.warn({ err: error, count: ids?.length }, 'publishing outbox events failed; will retry');
    failing = true;
    return 0;
  }

  /** One batch; returns how many rows it published (0 on failure). */
  async function publishBatch(): Promise<number> {
    if (publishInOneStatement) {
      try {
        return published(await publishInOneStatement(pool, table, source, batchSize));
      } catch (error) {
        // Nothing was written. Count the attempt on the rows that batch would have taken.
        const { rows } = await pool.query<{ id: string }>(
          `SELECT id FROM ${table} WHERE published_at IS NULL ORDER BY occurred_at, id LIMIT $1`,
          [batchSize],
        );
        return publishFailed(
          rows.map((row) => row.id),
          error,
        );
      }
    }
    const client = await pool.connect();
    let broken: Error | undefined;
    let open = false;
    try {
      open = true;
      const results = (await client.query(
        `BEGIN; SELECT id, type, payload, occurred_at FROM ${table}
          WHERE published_at IS NULL
          ORDER BY occurred_at, id
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`,
      )) as unknown as pg.QueryResult<OutboxRow>[];
      const rows = results[1]?.rows ?? [];
      if (rows.length === 0) {
        open = false;
        await client.query('COMMIT');
        return 0;
      }
      const ids = rows.map((row) => row.id);
      if (!ids.every((id) => UUID.test(id))) throw new Error('outbox row id is not a UUID');
      const events: DomainEvent[] = rows.map((row) => ({
        id: row.id,
        type: row.type,
        source,
        occurredAt: row.occurred_at.toISOString(),
        data: row.payload,
      }));
      try {
        // A PostgreSQL bus (behind a wrapper) writes its deliveries in this very transaction;
        // RabbitMQ confirms before we commit.
        await bus.publish(events, { client });
      } catch (error) {
        open = false;
        await client.query('ROLLBACK');
        return publishFailed(ids, error);
      }
      open = false;
      await client.query(`UPDATE ${table} SET published_at = now() WHERE id IN (${ids.map((id) => `'${id}'`).join(',')}); COMMIT`);
      return published(rows.length);
    } catch (error) {
      if (open) await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      else broken = error as Error; // the connection's transaction state is unknown: discard it
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async function prune(): Promise<void> {
    if (retainMs <= 0 || Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    const { rowCount } = await pool.query(`DELETE FROM ${table} WHERE published_at < now() - $1 * interval '1 millisecond'`, [retainMs]);
    if (rowCount) logger.debug({ deleted: rowCount }, 'pruned published outbox events');
  }

  async function drain(): Promise<void> {
    try {
      // A full batch means more are waiting: go on at once. Kicks that came in meanwhile are
      // served by the next (coalesced) run.
      while ((await publishBatch()) === batchSize && !stopped);
      await prune();
    } catch (error) {
      logger.error({ err: error }, 'outbox relay run failed; will retry');
    }
  }

  function start(): void {
    again = false;
    running = drain().finally(() => {
      running = undefined;
      lastRunEnded = performance.now();
      if (again && !stopped && !failing) run();
    });
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) return;
    const wait = lastRunEnded + coalesceMs - performance.now();
    if (wait <= 0) {
      start();
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      if (!stopped) start();
    }, Math.ceil(wait));
  }

  const poll = setInterval(run, pollMs);
  poll.unref();
  run();

  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(poll);
      const flush = timer !== undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      // A kick was waiting for its window: publish now rather than leave it to the next start.
      if (flush) await drain();
    },
  };
}

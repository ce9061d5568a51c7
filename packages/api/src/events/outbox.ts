// The transactional outbox relay: a domain writes `outbox_events` rows in the same transaction as
// its state change; this relay publishes them to the bus and marks them published.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';
import { quoteIdent } from '@omnicart/db';
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

/**
 * Publishes a domain's unpublished outbox rows, oldest first, in batches. Each batch is claimed
 * with FOR UPDATE SKIP LOCKED (two replicas never publish the same rows at once), published, and
 * marked published in the same transaction; a failed publish bumps `attempts` and leaves the rows
 * for a later run. Runs on kick() (coalesced) and every pollMs. At-least-once: a crash between the
 * broker's confirm and the commit publishes the batch again.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { pool, bus, source } = options;
  const logger = options.logger.child({ component: 'outbox-relay', schema: options.schema });
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 100;
  const retainMs = options.retainPublishedMs ?? 24 * 60 * 60 * 1_000;
  const table = `${quoteIdent(options.schema)}.outbox_events`;

  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastPrune = 0;
  let failing = false;

  /** One batch in one transaction; returns how many rows it published (0 on failure). */
  async function publishBatch(): Promise<number> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, type, payload, occurred_at FROM ${table}
          WHERE published_at IS NULL
          ORDER BY occurred_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const ids = rows.map((row) => row.id);
      const events: DomainEvent[] = rows.map((row) => ({
        id: row.id,
        type: row.type,
        source,
        occurredAt: row.occurred_at.toISOString(),
        data: row.payload,
      }));
      // The PostgreSQL bus writes its deliveries in this very transaction (the savepoint keeps the
      // transaction usable when that fails); RabbitMQ confirms before we commit.
      await client.query('SAVEPOINT publish');
      try {
        await bus.publish(events, { client });
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT publish');
        await client.query(`UPDATE ${table} SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [ids]);
        await client.query('COMMIT');
        if (!failing) logger.warn({ err: error, count: rows.length }, 'publishing outbox events failed; will retry');
        failing = true;
        return 0;
      }
      await client.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
      await client.query('COMMIT');
      if (failing) logger.info('publishing outbox events works again');
      failing = false;
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
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
      let published: number;
      do {
        again = false;
        published = await publishBatch();
      } while (!stopped && (published === batchSize || (again && published > 0)));
      await prune();
    } catch (error) {
      logger.error({ err: error }, 'outbox relay run failed; will retry');
    }
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => {
      running = undefined;
      if (again && !stopped && !failing) {
        again = false;
        run();
      }
    });
  }

  const poll = setInterval(run, pollMs);
  poll.unref();
  run();

  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(poll);
      await running;
    },
  };
}

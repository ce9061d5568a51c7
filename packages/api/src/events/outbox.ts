// The transactional outbox relay: a domain writes `outbox_events` rows in the same transaction as
// its state change; this relay publishes them to the bus and marks them published.
import type { Logger } from 'pino';
import type pg from 'pg';
import { contractKey, type EventActor, type EventContract, type EventData } from '@omnicart/contracts';
import { quoteIdent } from '@omnicart/db';
import { registerOutboxMetrics } from '../runtime/metrics.js';
import { currentTraceContext, currentWork } from '../runtime/trace.js';
import { timeOrderedUuid } from './event-id.js';
import { postgresOutboxPublisher } from './pg-bus.js';
import type { DomainEvent, EventBus } from './types.js';

/**
 * A row for a domain's `outbox_events` table, written in the same transaction as the change: the
 * envelope's metadata (contract, aggregate, actor, trace context captured now) and the payload.
 */
export interface OutboxEventRow {
  id: string;
  type: string;
  version: number;
  aggregateId: string;
  actor: EventActor | null;
  traceparent: string | null;
  tracestate: string | null;
  payload: Record<string, unknown>;
}

export interface OutboxWriteOptions {
  /** Who caused it; default: the current request's caller (or the job/consumer's service). */
  actor?: EventActor | null;
  /** The event id (default a new time-ordered UUID: events of one transaction publish in the order written). */
  id?: string;
}

/** The envelope of a row whose payload the statement builds itself (see outboxEvent). */
export type OutboxEnvelope = Omit<OutboxEventRow, 'payload'>;

/**
 * The envelope of an event the writing statement completes in SQL (e.g. a payload field only the
 * database knows yet, such as an order number from a sequence). Prefer `outboxEvent`, which also
 * validates the payload.
 */
export function outboxEnvelope(contract: EventContract, aggregateId: string, options: OutboxWriteOptions = {}): OutboxEnvelope {
  const work = currentWork();
  const trace = currentTraceContext();
  return {
    id: options.id ?? timeOrderedUuid(),
    type: contract.type,
    version: contract.version,
    aggregateId,
    actor: options.actor === undefined ? (work?.actor ?? null) : options.actor,
    traceparent: trace?.traceparent ?? null,
    tracestate: trace?.tracestate ?? null,
  };
}

/**
 * The outbox row of a declared event: the payload is checked against the contract (a payload
 * that does not match is a bug: it throws before anything is written), and the trace context and
 * actor of the current unit of work are captured with it.
 */
export function outboxEvent<C extends EventContract>(contract: C, data: EventData<C>, options: OutboxWriteOptions = {}): OutboxEventRow {
  const parsed = contract.schema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`${contractKey(contract)}: the payload does not match its contract: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const payload = parsed.data as Record<string, unknown>;
  return { ...outboxEnvelope(contract, String(payload[contract.aggregate] ?? ''), options), payload };
}

/**
 * The rows with ids that sort in this order: a transaction's events publish in id order (they
 * share `occurred_at`), so a statement that writes events built at different moments (e.g. a
 * status change's own event after one its caller built earlier) states their order here.
 */
export function inWriteOrder(rows: readonly OutboxEventRow[]): OutboxEventRow[] {
  return rows.map((row) => ({ ...row, id: timeOrderedUuid() }));
}

/** JSON as Prisma's create input types it. */
type PrismaJson = string | number | boolean | { [key: string]: PrismaJson | null } | PrismaJson[];

/**
 * A row as a Prisma `outboxEvent.create(Many)` input (the `OutboxEvent` model every domain's
 * schema carries). A missing actor is left out, which stores NULL.
 */
export function outboxRowData(row: OutboxEventRow): {
  id: string;
  type: string;
  version: number;
  aggregateId: string;
  traceparent: string | null;
  tracestate: string | null;
  payload: { [key: string]: PrismaJson | null };
  actor?: { [key: string]: PrismaJson | null };
} {
  const data = {
    id: row.id,
    type: row.type,
    version: row.version,
    aggregateId: row.aggregateId,
    traceparent: row.traceparent,
    tracestate: row.tracestate,
    payload: row.payload as { [key: string]: PrismaJson | null },
  };
  return row.actor ? { ...data, actor: { ...row.actor } } : data;
}

/** Columns of every `outbox_events` table, in the order `outboxRowValues` gives them. */
export const OUTBOX_COLUMNS = 'id, type, version, aggregate_id, actor, traceparent, tracestate, payload';

/**
 * SQL that inserts the rows of a jsonb array parameter (`$n::jsonb`, from `JSON.stringify(rows)`)
 * into `table`: one statement for any number of events, so the statement text never varies.
 */
export const insertOutboxRowsSql = (table: string, param: string): string =>
  `INSERT INTO ${table} (${OUTBOX_COLUMNS})
   SELECT (e->>'id')::uuid, e->>'type', (e->>'version')::int, e->>'aggregateId', e->'actor', e->>'traceparent', e->>'tracestate', e->'payload'
     FROM jsonb_array_elements(${param}) e`;

/** A row's values in OUTBOX_COLUMNS order (a parameterised single-row INSERT). */
export function outboxRowValues(row: OutboxEventRow): unknown[] {
  return [row.id, row.type, row.version, row.aggregateId, row.actor === null ? null : JSON.stringify(row.actor), row.traceparent, row.tracestate, JSON.stringify(row.payload)];
}

export interface OutboxRelayOptions {
  pool: pg.Pool;
  /** The domain's PostgreSQL schema holding `outbox_events`. */
  schema: string;
  /** The producing domain (DomainEvent.source). */
  source: string;
  /**
   * The contracts the domain declares (its manifest's `publishes`). Only rows of a declared
   * `type@version` are published; any other row stays unpublished and is reported at error level.
   */
  contracts: readonly EventContract[];
  bus: EventBus;
  logger: Logger;
  /** Default 500. */
  pollMs?: number;
  /** Rows published per transaction. Default 100. */
  batchSize?: number;
  /**
   * Kicks within this many ms of the end of the previous run wait for the end of that window and
   * are served by one run (bigger batches under load); a kick while idle runs at once. Default 5
   * (services take EVENTS_COALESCE_MS).
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
  version: number;
  aggregate_id: string;
  actor: EventActor | null;
  traceparent: string | null;
  tracestate: string | null;
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
  const declared = [...new Set(options.contracts.map(contractKey))];
  // Inlined where a statement cannot take parameters (BEGIN; SELECT … in one round trip). defineEvent
  // only admits [a-z0-9_.] types, so the literal is safe; checked again here.
  if (!declared.every((key) => /^[a-z0-9_.]+@\d+$/.test(key))) throw new Error(`outbox ${options.schema}: unexpected contract key in ${declared.join(', ')}`);
  const declaredSql = `ARRAY[${declared.map((key) => `'${key}'`).join(',')}]::text[]`;

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
        return published(await publishInOneStatement(pool, table, source, batchSize, declared));
      } catch (error) {
        // Nothing was written. Count the attempt on the rows that batch would have taken.
        const { rows } = await pool.query<{ id: string }>(
          `SELECT id FROM ${table} WHERE published_at IS NULL AND (type || '@' || version) = ANY($2::text[]) ORDER BY occurred_at, id LIMIT $1`,
          [batchSize, declared],
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
        `BEGIN; SELECT id, type, version, aggregate_id, actor, traceparent, tracestate, payload, occurred_at FROM ${table}
          WHERE published_at IS NULL AND (type || '@' || version) = ANY(${declaredSql})
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
        version: row.version,
        source,
        occurredAt: row.occurred_at.toISOString(),
        aggregateId: row.aggregate_id,
        actor: row.actor,
        traceparent: row.traceparent,
        tracestate: row.tracestate,
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

  /**
   * Hourly, in one statement: drops rows published long ago (retainMs), and reports rows no
   * declared contract covers (they are never published: declare them in events.ts or remove them).
   */
  async function prune(): Promise<void> {
    if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    const { rows } = await pool.query<{ deleted: number; undeclared: Array<{ key: string; count: number }> | null }>(
      `WITH pruned AS (DELETE FROM ${table} WHERE $1::bigint > 0 AND published_at < now() - $1::bigint * interval '1 millisecond' RETURNING 1)
       SELECT (SELECT count(*) FROM pruned)::int AS deleted,
              (SELECT json_agg(json_build_object('key', key, 'count', n)) FROM (
                 SELECT type || '@' || version AS key, count(*)::int AS n FROM ${table}
                  WHERE published_at IS NULL AND NOT ((type || '@' || version) = ANY($2::text[])) GROUP BY 1) u) AS undeclared`,
      [retainMs, declared],
    );
    const result = rows[0];
    if (result?.deleted) logger.debug({ deleted: result.deleted }, 'pruned published outbox events');
    if (result?.undeclared?.length) logger.error({ undeclared: result.undeclared }, 'outbox rows of undeclared event contracts are not published; declare them in events.ts or remove them');
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
  // outbox_oldest_unpublished_age_seconds / outbox_unpublished_events for this domain, read at scrape time.
  const unregisterMetrics = registerOutboxMetrics(source, pool, table);
  run();

  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(poll);
      unregisterMetrics();
      const flush = timer !== undefined;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      // A kick was waiting for its window: publish now rather than leave it to the next start.
      if (flush) await drain();
    },
  };
}

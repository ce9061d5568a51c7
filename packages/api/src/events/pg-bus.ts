// The PostgreSQL event bus (used when RABBITMQ_URL is not set): durable queues in schema `events`.
//
// publish() fans every event out into `deliveries`, one row per subscribed consumer, in one
// statement (so one transaction; re-publishing an event is a no-op thanks to the unique
// (consumer, event_id)), and NOTIFYs the consumers, delivered at commit. A worker claims rows with
// FOR UPDATE SKIP LOCKED in id order and hides them for a lease while its handler runs (no
// transaction stays open around a handler); ack deletes the row, a failure pushes visible_at out
// with backoff, and after maxAttempts the row is flagged dead. Each bus holds a session advisory
// lock on its LISTEN connection and stamps its claims with that key: when a worker's session is
// gone (the process died) the sweep hands its claims to others at once; a worker that is alive
// but stuck loses them when the lease ends. Wake-ups: LISTEN, plus a poll as a safety net.
import { randomInt } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { migrateDomain } from '@omnicart/db';
import { EVENTS_SCHEMA } from '@omnicart/db/events';
import { recordDelivery } from '../runtime/metrics.js';
import { errorMessage, eventOfDelivery, isInvalidEvent, normalizeSubscription, retryDelayMs, wireEvent, type DeliveryEventColumns, type NormalizedSubscription } from './delivery.js';
import type { CreateEventBusOptions, DomainEvent, EventBus, PublishOptions, RetryPolicy, SubscribeOptions, Subscription } from './types.js';

const CHANNEL = 'omnicart_events';
/** First key of the workers' advisory locks (`pg_advisory_lock(WORKER_LOCK_CLASS, workerId)`). */
const WORKER_LOCK_CLASS = 1_869_440_617;
const S = `"${EVENTS_SCHEMA}"`;

const PUBLISH_SQL = `
WITH input AS (
  SELECT (e->>'id')::uuid AS id, e->>'type' AS type, e->>'source' AS source,
         (e->>'occurredAt')::timestamptz AS occurred_at, e->'data' AS payload,
         (e->>'version')::int AS version, e->>'aggregateId' AS aggregate_id, e->'actor' AS actor,
         e->>'traceparent' AS traceparent, e->>'tracestate' AS tracestate, ord
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ord)
), inserted AS (
  INSERT INTO ${S}.deliveries (consumer, event_id, type, source, occurred_at, payload, version, aggregate_id, actor, traceparent, tracestate)
  SELECT s.consumer, i.id, i.type, i.source, i.occurred_at, i.payload, i.version, i.aggregate_id, i.actor, i.traceparent, i.tracestate
  FROM input i JOIN ${S}.subscriptions s ON s.event_type = i.type
  ORDER BY i.ord, s.consumer
  ON CONFLICT (consumer, event_id) DO NOTHING
  RETURNING consumer
)
SELECT pg_notify('${CHANNEL}', consumer) FROM (SELECT DISTINCT consumer FROM inserted) c`;

// Deletes the deliveries acknowledged since the last claim and claims the next batch, in one trip.
const CLAIM_SQL = `
WITH acked AS (DELETE FROM ${S}.deliveries WHERE id = ANY($4::bigint[]))
UPDATE ${S}.deliveries d
   SET attempts = d.attempts + 1, visible_at = now() + $3 * interval '1 millisecond', claimed_by = $5
 WHERE d.id IN (
   SELECT id FROM ${S}.deliveries
    WHERE consumer = $1 AND dead = false AND visible_at <= now()
    ORDER BY id LIMIT $2
    FOR UPDATE SKIP LOCKED)
RETURNING d.id, d.event_id, d.type, d.source, d.occurred_at, d.payload, d.attempts,
          d.version, d.aggregate_id, d.actor, d.traceparent, d.tracestate`;

// Releases the claims of workers whose session (and so advisory lock) is gone.
const SWEEP_SQL = `
UPDATE ${S}.deliveries SET visible_at = now(), claimed_by = NULL
 WHERE claimed_by IS NOT NULL AND dead = false AND visible_at > now()
   AND claimed_by <> ALL (ARRAY(
     SELECT objid::bigint::int FROM pg_locks
      WHERE locktype = 'advisory' AND classid = ${WORKER_LOCK_CLASS}::bigint::oid AND objsubid = 2 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())))
RETURNING consumer`;

/**
 * Deliveries claimed per trip for a per-event handler (handled one by one, or `concurrency` at a
 * time): small enough that one busy worker does not sit on events a competing worker could take.
 */
const CLAIM_BATCH = 10;
/** Deliveries claimed per trip when the subscription has a batchHandler (one call takes them all). */
const CLAIM_BATCH_FOR_BATCHES = 100;
/**
 * A handled batch is acknowledged with the next claim; when no wake-up asks for one within this
 * time, a claim runs anyway to acknowledge it (and to pick up anything a notification missed).
 */
const ACK_DELAY_MS = 20;

/**
 * The outbox relay's whole batch in one autocommitted statement: claim the oldest unpublished rows
 * of a domain's outbox whose contract the domain declares (FOR UPDATE SKIP LOCKED), fan them out
 * into deliveries, mark them published and NOTIFY (delivered at commit). All of it commits or none
 * of it does. $3 lists the declared contracts as `type@version`.
 */
const relaySql = (table: string): string => `
WITH claimed AS (
  SELECT id, type, version, aggregate_id, actor, traceparent, tracestate, payload, occurred_at FROM ${table}
   WHERE published_at IS NULL AND (type || '@' || version) = ANY($3::text[])
   ORDER BY occurred_at, id
   LIMIT $1
   FOR UPDATE SKIP LOCKED
), marked AS (
  UPDATE ${table} o SET published_at = now() FROM claimed c WHERE o.id = c.id RETURNING o.id
), inserted AS (
  INSERT INTO ${S}.deliveries (consumer, event_id, type, source, occurred_at, payload, version, aggregate_id, actor, traceparent, tracestate)
  SELECT s.consumer, c.id, c.type, $2, c.occurred_at, c.payload, c.version, c.aggregate_id, c.actor, c.traceparent, c.tracestate
    FROM claimed c JOIN ${S}.subscriptions s ON s.event_type = c.type
   ORDER BY c.occurred_at, c.id, s.consumer
  ON CONFLICT (consumer, event_id) DO NOTHING
  RETURNING consumer
), notified AS (
  SELECT pg_notify('${CHANNEL}', consumer) FROM (SELECT DISTINCT consumer FROM inserted) d
)
SELECT (SELECT count(*) FROM marked)::int AS published, (SELECT count(*) FROM notified)::int AS notified`;

/**
 * Publishes up to `batchSize` rows of a domain's outbox (`table`: schema-qualified, quoted) whose
 * `type@version` is among `declared`, in one statement; resolves to the number of rows published.
 * Only the PostgreSQL bus has it.
 */
export type OutboxPublisher = (pool: pg.Pool, table: string, source: string, batchSize: number, declared: readonly string[]) => Promise<number>;
const outboxPublishers = new WeakMap<EventBus, OutboxPublisher>();
/** The one-statement relay of a PostgreSQL bus (undefined for any other bus). */
export const postgresOutboxPublisher = (bus: EventBus): OutboxPublisher | undefined => outboxPublishers.get(bus);

interface DeliveryRow extends DeliveryEventColumns {
  id: string;
  attempts: number;
}

/** Keeps one LISTEN connection open, reconnecting with backoff; tells the bus what it missed. */
class Listener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly workerId: number,
    private readonly logger: Logger,
    private readonly onNotify: (consumer: string) => void,
    private readonly onConnected: () => void,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.config, application_name: 'omnicart-events-listener' });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn({ err: error }, 'event bus listener lost its connection; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.onNotify(message.payload);
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [WORKER_LOCK_CLASS, this.workerId]);
      if (!rows[0]?.locked) this.logger.warn({ workerId: this.workerId }, 'another live worker has this worker id; its claims may be shared');
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    // Anything published while we were not listening is found by an immediate sweep.
    this.onConnected();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    const delay = Math.min(5_000, 100 * 2 ** this.failures++);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

class PgConsumer implements Subscription {
  private readonly inFlight = new Set<Promise<void>>();
  /** Claimed (leased) and not started yet. */
  private pending: DeliveryRow[] = [];
  /** Handled successfully, deleted with the next claim. */
  private acked: string[] = [];
  /** Set and cleared synchronously around the claim loop, so no wake-up falls in between. */
  private pumping = false;
  private claiming: Promise<void> | undefined;
  /**
   * Something may be waiting in the queue (a notification, a poll, a retry became due, or the last
   * claim came back full): the next free slot claims. Cleared by each claim.
   */
  private dirty = true;
  private again = false;
  private stopped = false;
  private ackTimer: NodeJS.Timeout | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly claimLimit: number;

  constructor(
    readonly options: NormalizedSubscription,
    private readonly pool: pg.Pool,
    private readonly workerId: number,
    private readonly logger: Logger,
    private readonly leaseMs: number,
    private readonly retry: RetryPolicy,
    private readonly onStopped: (consumer: PgConsumer) => void,
  ) {
    this.claimLimit = Math.max(options.batchHandler ? CLAIM_BATCH_FOR_BATCHES : CLAIM_BATCH, options.concurrency);
  }

  /** There may be new work (notification, poll, retry due): claim when a slot is free. */
  wake(): void {
    this.dirty = true;
    this.pumpSoon();
  }

  private pumpSoon(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.claiming = this.pump();
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped) {
          this.startPending();
          // No free slot (a finished handler pumps again), or nothing known to be waiting: acknowledge
          // what was handled a little later, with the next claim if a notification asks for one
          // first (one statement for both).
          if (this.inFlight.size >= this.options.concurrency || !this.dirty) {
            if (this.acked.length > 0) this.scheduleAck();
            break;
          }
          this.dirty = false;
          const rows = await this.claim();
          // A full batch: more may be waiting.
          if (rows.length >= this.claimLimit) this.dirty = true;
          if (rows.length === 0) break;
          this.pending = rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      // Database unavailable: the next poll or notification tries again.
      this.dirty = true;
      this.logger.warn({ err: error, consumer: this.options.consumer }, 'claiming events failed');
    } finally {
      this.pumping = false;
    }
  }

  /** Deletes the acknowledged deliveries and claims the next batch, in one statement. */
  private async claim(): Promise<DeliveryRow[]> {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    const acked = this.acked.splice(0);
    try {
      const { rows } = await this.pool.query<DeliveryRow>({
        name: 'omnicart_events_claim',
        text: CLAIM_SQL,
        values: [this.options.consumer, this.claimLimit, this.leaseMs, acked, this.workerId],
      });
      return rows;
    } catch (error) {
      this.acked.unshift(...acked);
      throw error;
    }
  }

  private scheduleAck(): void {
    if (this.ackTimer || this.stopped) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      if (this.stopped || this.acked.length === 0) return;
      // A free slot claims (and acknowledges); with every slot busy, only acknowledge.
      if (this.inFlight.size < this.options.concurrency) this.wake();
      else void this.flushAcks();
    }, ACK_DELAY_MS);
    this.ackTimer.unref();
  }

  private async flushAcks(): Promise<void> {
    const acked = this.acked.splice(0);
    try {
      await this.pool.query(`DELETE FROM ${S}.deliveries WHERE id = ANY($1::bigint[])`, [acked]);
    } catch (error) {
      this.acked.unshift(...acked);
      this.logger.warn({ err: error, consumer: this.options.consumer }, 'acknowledging events failed; retrying with the next claim');
    }
  }

  private startPending(): void {
    const { concurrency, batchHandler } = this.options;
    while (this.inFlight.size < concurrency && this.pending.length > 0) {
      if (batchHandler && this.pending.length > 1) {
        const free = concurrency - this.inFlight.size;
        this.run(this.handleBatch(this.pending.splice(0, Math.ceil(this.pending.length / free)), batchHandler));
      } else {
        this.run(this.handle(this.pending.shift()!));
      }
    }
  }

  private run(task: Promise<void>): void {
    const running = task.finally(() => {
      this.inFlight.delete(running);
      this.pumpSoon();
    });
    this.inFlight.add(running);
  }

  /** Several deliveries in one handler call; when it throws, each goes through `handler` alone. */
  private async handleBatch(rows: DeliveryRow[], batchHandler: (events: DomainEvent[]) => Promise<void>): Promise<void> {
    try {
      await batchHandler(rows.map(eventOfDelivery));
    } catch (error) {
      this.logger.warn({ err: error, consumer: this.options.consumer, count: rows.length }, 'batch handler failed; handling its events one by one');
      for (const row of rows) await this.handle(row);
      return;
    }
    for (const row of rows) this.acked.push(row.id);
    recordDelivery('postgres', this.options.consumer, 'handled', rows.length);
  }

  private async handle(row: DeliveryRow): Promise<void> {
    const event = eventOfDelivery(row);
    try {
      await this.options.handler(event);
    } catch (error) {
      await this.fail(row, event, error);
      return;
    }
    this.acked.push(row.id);
    recordDelivery('postgres', this.options.consumer, 'handled');
  }

  private async fail(row: DeliveryRow, event: DomainEvent, error: unknown): Promise<void> {
    const { consumer, maxAttempts } = this.options;
    const invalid = isInvalidEvent(error);
    const dead = invalid || row.attempts >= maxAttempts;
    const delay = retryDelayMs(row.attempts, this.retry);
    try {
      await this.pool.query(
        `UPDATE ${S}.deliveries SET dead = $2, last_error = $3, visible_at = now() + $4 * interval '1 millisecond', claimed_by = NULL,
                dead_at = CASE WHEN $2 THEN now() ELSE dead_at END
          WHERE id = $1`,
        [row.id, dead, errorMessage(error), dead ? 0 : delay],
      );
    } catch (updateError) {
      this.logger.warn({ err: updateError, consumer, eventId: event.id }, 'recording an event failure failed; it will be redelivered after its lease');
      return;
    }
    recordDelivery('postgres', consumer, dead ? 'dead_lettered' : 'retried');
    if (dead) {
      this.logger.error(
        { err: error, consumer, eventId: event.id, type: event.type, attempts: row.attempts },
        invalid ? 'event dead-lettered: it does not match its contract' : 'event dead-lettered after its last attempt',
      );
      return;
    }
    this.logger.warn({ err: error, consumer, eventId: event.id, type: event.type, attempts: row.attempts, retryInMs: delay }, 'event handler failed; will redeliver');
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.wake();
    }, delay + 5);
    timer.unref();
    this.retryTimers.add(timer);
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      for (const timer of this.retryTimers) clearTimeout(timer);
      this.retryTimers.clear();
      if (this.ackTimer) clearTimeout(this.ackTimer);
      this.ackTimer = undefined;
      this.onStopped(this);
    }
    await this.claiming;
    await Promise.allSettled([...this.inFlight]);
    // Acknowledge what was handled, and hand back what was claimed but not started.
    const acked = this.acked.splice(0);
    const unstarted = this.pending.splice(0).map((row) => row.id);
    if (acked.length === 0 && unstarted.length === 0) return;
    try {
      await this.pool.query(
        `WITH acked AS (DELETE FROM ${S}.deliveries WHERE id = ANY($1::bigint[]))
         UPDATE ${S}.deliveries SET visible_at = now(), attempts = attempts - 1, claimed_by = NULL WHERE id = ANY($2::bigint[])`,
        [acked, unstarted],
      );
    } catch (error) {
      this.logger.warn({ err: error, consumer: this.options.consumer }, 'releasing claimed events failed; they come back after their lease');
    }
  }
}

export async function createPostgresEventBus(options: CreateEventBusOptions): Promise<EventBus> {
  const { pool } = options;
  const pollMs = options.pollMs ?? 500;
  const logger = options.logger.child({ bus: 'postgres' });
  const leaseMs = options.leaseMs ?? 60_000;
  const retry = options.retry ?? {};
  await migrateDomain(pool, EVENTS_SCHEMA);

  const workerId = randomInt(1, 2 ** 31 - 1);
  const consumers = new Set<PgConsumer>();
  const wakeAll = () => {
    for (const consumer of consumers) consumer.wake();
  };
  let sweeping: Promise<void> | undefined;
  /** Frees the claims of dead workers (then everyone looks for work). */
  const sweep = (): Promise<void> =>
    (sweeping ??= pool
      .query<{ consumer: string }>(SWEEP_SQL)
      .then(({ rows }) => {
        if (rows.length) logger.warn({ deliveries: rows.length }, 'released the events of workers that died mid-delivery');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'sweeping dead workers\' claims failed'))
      .finally(() => {
        sweeping = undefined;
        wakeAll();
      }));
  const listener = new Listener(
    pool.options,
    workerId,
    logger,
    (name) => {
      for (const consumer of consumers) if (consumer.options.consumer === name) consumer.wake();
    },
    wakeAll,
  );
  let listening: Promise<void> | undefined;
  let poll: NodeJS.Timeout | undefined;
  let closed = false;

  const bus: EventBus = {
    kind: 'postgres',

    async publish(events: DomainEvent[], publishOptions: PublishOptions = {}) {
      if (closed) throw new Error('event bus is closed');
      if (events.length === 0) return;
      const wire = events.map(wireEvent);
      await (publishOptions.client ?? pool).query(PUBLISH_SQL, [JSON.stringify(wire)]);
    },

    async subscribe(subscribeOptions: SubscribeOptions) {
      if (closed) throw new Error('event bus is closed');
      const normalized = normalizeSubscription(subscribeOptions);
      await pool.query(
        `INSERT INTO ${S}.subscriptions (consumer, event_type) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [normalized.consumer, normalized.types],
      );
      const consumer = new PgConsumer(normalized, pool, workerId, logger, leaseMs, retry, (stopped) => consumers.delete(stopped));
      listening ??= listener.start();
      await listening;
      if (!poll) {
        poll = setInterval(() => void sweep(), pollMs);
        poll.unref();
      }
      // A restarted process takes over what its dead predecessor had claimed right away.
      await sweep();
      if (closed) throw new Error('event bus is closed');
      consumers.add(consumer);
      consumer.wake();
      return consumer;
    },

    async close() {
      if (closed) return;
      closed = true;
      if (poll) clearInterval(poll);
      await sweeping;
      await Promise.allSettled([...consumers].map((consumer) => consumer.stop()));
      await listener.close();
    },
  };
  outboxPublishers.set(bus, async (relayPool, table, source, batchSize, declared) => {
    if (closed) throw new Error('event bus is closed');
    const { rows } = await relayPool.query<{ published: number }>({
      name: `omnicart_relay_${table}`,
      text: relaySql(table),
      values: [batchSize, source, declared],
    });
    return rows[0]?.published ?? 0;
  });
  return bus;
}

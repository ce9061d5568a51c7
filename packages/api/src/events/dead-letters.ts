// Dead letters: the events a consumer gave up on, for an operator to list, inspect, replay or
// discard. One store for both buses: rows of events.deliveries with dead = true (the PostgreSQL bus
// parks them there; the RabbitMQ bus records its dead events there too, see rabbitmq-bus.ts).
//
// Replay hands the event back to that one consumer (never to the other consumers of its type),
// its attempts starting over: the PostgreSQL bus makes the row pending again (one UPDATE, so two
// operators replaying the same letter at once give one redelivery); RabbitMQ sends a copy to the
// consumer's queue while holding the row's lock, then deletes the row (the second replay waits for
// the lock and finds nothing). Discard keeps the row, with who, when and why, for audit.
import amqp, { type ChannelModel } from 'amqplib';
import type pg from 'pg';
import { migrateDomain } from '@omnicart/db';
import { EVENTS_SCHEMA } from '@omnicart/db/events';
import type { EventActor } from '@omnicart/contracts';
import { eventOfDelivery, parseEvent, type DeliveryEventColumns } from './delivery.js';
import { deadQueueName, recordDeadEvent } from './rabbitmq-bus.js';
import type { DomainEvent } from './types.js';

const S = `"${EVENTS_SCHEMA}"`;
const CHANNEL = 'omnicart_events';
const ATTEMPTS_HEADER = 'x-omnicart-attempts';
const ERROR_HEADER = 'x-omnicart-error';

export interface DeadLetterSummary {
  /** The delivery id (events.deliveries.id), as a string (bigint). */
  id: string;
  consumer: string;
  eventId: string;
  type: string;
  version: number | null;
  source: string;
  occurredAt: string;
  attempts: number;
  lastError: string | null;
  /** When it was parked (null for letters parked before this was recorded). */
  deadAt: string | null;
  replays: number;
}

export interface DeadLetter extends DeadLetterSummary {
  aggregateId: string | null;
  actor: EventActor | null;
  traceparent: string | null;
  tracestate: string | null;
  /** The event's payload as published. */
  data: Record<string, unknown>;
  /** When the consumer first got it (the delivery was written). */
  firstDeliveredAt: string;
  discardedAt: string | null;
  discardedBy: string | null;
  discardReason: string | null;
}

export interface DeadLetterFilter {
  consumer?: string | undefined;
  type?: string | undefined;
  /** Page size, 1..200. Default 50. */
  limit?: number | undefined;
  /** Keyset paging: letters with an id below this one (newest first). */
  before?: string | undefined;
}

export interface DeadLetterPage {
  letters: DeadLetterSummary[];
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: string | null;
}

export interface ConsumerDeadLetterCount {
  consumer: string;
  count: number;
  oldestDeadAt: string | null;
}

export type ReplayOutcome =
  | { status: 'replayed'; letter: DeadLetterSummary }
  /** No such letter, or already replayed or discarded (by someone else, at the same time). */
  | { status: 'gone' };

export type DiscardOutcome = { status: 'discarded'; letter: DeadLetter } | { status: 'gone' };

export interface DeadLetterStore {
  readonly bus: 'postgres' | 'rabbitmq';
  counts(): Promise<ConsumerDeadLetterCount[]>;
  list(filter?: DeadLetterFilter): Promise<DeadLetterPage>;
  /** Any dead letter, discarded ones included (for audit); undefined when there is none. */
  get(id: string): Promise<DeadLetter | undefined>;
  replay(id: string): Promise<ReplayOutcome>;
  /** Replays every listed letter of one consumer; resolves to how many. */
  replayConsumer(consumer: string): Promise<number>;
  discard(id: string, by: string, reason: string): Promise<DiscardOutcome>;
  /**
   * RabbitMQ: moves what the bus could not record (PostgreSQL was down) from these consumers'
   * `<consumer>.dead` queues into the store; resolves to how many. No-op on PostgreSQL.
   */
  collectDeadQueues(consumers: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

export interface DeadLetterStoreOptions {
  pool: pg.Pool;
  /** Set when the platform's bus is RabbitMQ (as for createEventBus). */
  rabbitmqUrl?: string | undefined;
  /** RabbitMQ queue-name prefix (EVENTS_NAMESPACE). */
  namespace?: string | undefined;
}

/** RabbitMQ replay: the consumer's queue does not exist (nothing was sent; the letter stays). */
export class ConsumerQueueMissingError extends Error {
  override readonly name = 'ConsumerQueueMissingError';
}

/** A delivery id: a positive bigint in decimal. */
export const isDeadLetterId = (value: string): boolean => /^[1-9][0-9]{0,18}$/.test(value);

interface Row extends DeliveryEventColumns {
  id: string;
  consumer: string;
  attempts: number;
  last_error: string | null;
  dead_at: Date | null;
  replays: number;
  created_at: Date;
  discarded_at: Date | null;
  discarded_by: string | null;
  discard_reason: string | null;
}

const SUMMARY_COLUMNS = 'id::text AS id, consumer, event_id, type, version, source, occurred_at, attempts, last_error, dead_at, replays';
const ALL_COLUMNS = `${SUMMARY_COLUMNS}, aggregate_id, actor, traceparent, tracestate, payload, created_at, discarded_at, discarded_by, discard_reason`;

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

function summaryOf(row: Row): DeadLetterSummary {
  return {
    id: row.id,
    consumer: row.consumer,
    eventId: row.event_id,
    type: row.type,
    version: row.version,
    source: row.source,
    occurredAt: row.occurred_at.toISOString(),
    attempts: row.attempts,
    lastError: row.last_error,
    deadAt: iso(row.dead_at),
    replays: row.replays,
  };
}

function letterOf(row: Row): DeadLetter {
  return {
    ...summaryOf(row),
    aggregateId: row.aggregate_id,
    actor: row.actor,
    traceparent: row.traceparent,
    tracestate: row.tracestate,
    data: row.payload,
    firstDeliveredAt: row.created_at.toISOString(),
    discardedAt: iso(row.discarded_at),
    discardedBy: row.discarded_by,
    discardReason: row.discard_reason,
  };
}

function checkId(id: string): void {
  if (!isDeadLetterId(id)) throw new RangeError(`"${id}" is not a dead-letter id (a positive integer)`);
}

export async function createDeadLetterStore(options: DeadLetterStoreOptions): Promise<DeadLetterStore> {
  const { pool } = options;
  await migrateDomain(pool, EVENTS_SCHEMA);
  const rabbitmqUrl = options.rabbitmqUrl;
  const queuePrefix = options.namespace ? `${options.namespace}.` : '';
  // One connection, opened on first use (only replays and collecting need the broker).
  let connection: Promise<ChannelModel> | undefined;
  const rabbit = (): Promise<ChannelModel> => {
    connection ??= amqp.connect(rabbitmqUrl!, { clientProperties: { connection_name: 'omnicart-dead-letters' } }).then(
      (model) => {
        model.on('error', () => undefined);
        model.on('close', () => (connection = undefined));
        return model;
      },
      (error: unknown) => {
        connection = undefined;
        throw error;
      },
    );
    return connection;
  };

  /** Sends the event to the consumer's own queue (default exchange), confirmed by the broker. */
  const sendToConsumer = async (row: Row): Promise<void> => {
    const channel = await (await rabbit()).createConfirmChannel();
    channel.on('error', () => undefined);
    try {
      // The default exchange drops a message for a queue that does not exist, confirm and all:
      // refuse instead, so the letter stays (a consumer renamed or never deployed here).
      const queue = queuePrefix + row.consumer;
      await channel.checkQueue(queue).catch(() => {
        throw new ConsumerQueueMissingError(`queue ${queue} does not exist: is ${row.consumer} still a consumer here? The letter stays.`);
      });
      const event = eventOfDelivery(row);
      const headers: Record<string, string | number> = {};
      if (event.traceparent) headers.traceparent = event.traceparent;
      if (event.tracestate) headers.tracestate = event.tracestate;
      if (event.version !== undefined) headers['x-omnicart-version'] = event.version;
      channel.sendToQueue(queue, Buffer.from(JSON.stringify(event)), {
        persistent: true,
        messageId: event.id,
        type: event.type,
        appId: event.source,
        contentType: 'application/json',
        timestamp: Math.floor(Date.now() / 1000),
        headers,
      });
      await channel.waitForConfirms();
    } finally {
      await channel.close().catch(() => undefined);
    }
  };

  /**
   * RabbitMQ replay inside `client`'s transaction: lock the rows, send, delete. One letter waits for
   * a concurrent replay's lock (and then finds it gone); a whole consumer skips rows being replayed.
   */
  const replayOnRabbit = async (client: pg.PoolClient, where: string, values: unknown[], lock: string): Promise<Row[]> => {
    const { rows } = await client.query<Row>(
      `SELECT ${ALL_COLUMNS} FROM ${S}.deliveries WHERE ${where} AND dead AND discarded_at IS NULL ORDER BY id ${lock}`,
      values,
    );
    for (const row of rows) await sendToConsumer(row);
    if (rows.length) await client.query(`DELETE FROM ${S}.deliveries WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
    return rows;
  };

  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  /** PostgreSQL replay: pending again, attempts from zero, visible now, the consumer woken. */
  const replayOnPostgres = async (where: string, values: unknown[]): Promise<Row[]> => {
    const { rows } = await pool.query<Row & { notified: unknown }>(
      `WITH replayed AS (
         UPDATE ${S}.deliveries SET dead = false, attempts = 0, visible_at = now(), claimed_by = NULL, replays = replays + 1
          WHERE ${where} AND dead AND discarded_at IS NULL
         RETURNING ${SUMMARY_COLUMNS})
       SELECT r.*, pg_notify('${CHANNEL}', r.consumer) AS notified FROM replayed r`,
      values,
    );
    return rows;
  };

  const replayWhere = (where: string, values: unknown[], lock: string): Promise<Row[]> =>
    rabbitmqUrl ? inTransaction((client) => replayOnRabbit(client, where, values, lock)) : replayOnPostgres(where, values);

  return {
    bus: rabbitmqUrl ? 'rabbitmq' : 'postgres',

    async counts() {
      const { rows } = await pool.query<{ consumer: string; count: number; oldest: Date | null }>(
        `SELECT consumer, count(*)::int AS count, min(dead_at) AS oldest FROM ${S}.deliveries
          WHERE dead AND discarded_at IS NULL GROUP BY consumer ORDER BY consumer`,
      );
      return rows.map((row) => ({ consumer: row.consumer, count: row.count, oldestDeadAt: iso(row.oldest) }));
    },

    async list(filter = {}) {
      const limit = filter.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new RangeError('limit must be an integer from 1 to 200');
      if (filter.before !== undefined) checkId(filter.before);
      const { rows } = await pool.query<Row>(
        `SELECT ${SUMMARY_COLUMNS} FROM ${S}.deliveries
          WHERE dead AND discarded_at IS NULL
            AND ($1::text IS NULL OR consumer = $1) AND ($2::text IS NULL OR type = $2) AND ($3::bigint IS NULL OR id < $3)
          ORDER BY id DESC LIMIT $4`,
        [filter.consumer ?? null, filter.type ?? null, filter.before ?? null, limit + 1],
      );
      const page = rows.slice(0, limit);
      return { letters: page.map(summaryOf), nextBefore: rows.length > limit ? page[page.length - 1]!.id : null };
    },

    async get(id) {
      checkId(id);
      const { rows } = await pool.query<Row>(`SELECT ${ALL_COLUMNS} FROM ${S}.deliveries WHERE id = $1 AND dead`, [id]);
      return rows[0] ? letterOf(rows[0]) : undefined;
    },

    async replay(id) {
      checkId(id);
      const [row] = await replayWhere('id = $1', [id], 'FOR UPDATE');
      return row ? { status: 'replayed', letter: summaryOf(row) } : { status: 'gone' };
    },

    async replayConsumer(consumer) {
      return (await replayWhere('consumer = $1', [consumer], 'FOR UPDATE SKIP LOCKED')).length;
    },

    async discard(id, by, reason) {
      checkId(id);
      const { rows } = await pool.query<Row>(
        `UPDATE ${S}.deliveries SET discarded_at = now(), discarded_by = $2, discard_reason = $3
          WHERE id = $1 AND dead AND discarded_at IS NULL
         RETURNING ${ALL_COLUMNS}`,
        [id, by, reason],
      );
      return rows[0] ? { status: 'discarded', letter: letterOf(rows[0]) } : { status: 'gone' };
    },

    async collectDeadQueues(consumers) {
      if (!rabbitmqUrl) return 0;
      let collected = 0;
      for (const consumer of consumers) {
        const queue = deadQueueName(queuePrefix + consumer);
        // A channel per queue: checking a queue that does not exist closes the channel.
        const channel = await (await rabbit()).createChannel();
        channel.on('error', () => undefined);
        try {
          const checked = await channel.checkQueue(queue).catch(() => undefined);
          if (!checked) continue;
          // What is there now, once: messages requeued below are not read again in this pass.
          const { messageCount } = checked;
          for (let i = 0; i < messageCount; i++) {
            const message = await channel.get(queue, { noAck: false });
            if (message === false) break;
            let event: DomainEvent;
            try {
              event = parseEvent(JSON.parse(message.content.toString('utf8')));
            } catch {
              channel.nack(message, false, true); // unreadable: stays in the dead queue, for a human
              continue;
            }
            const headers = message.properties.headers ?? {};
            const attempts = Number(headers[ATTEMPTS_HEADER]) || 1;
            await recordDeadEvent(pool, consumer, event, attempts, String(headers[ERROR_HEADER] ?? 'parked in the dead queue'));
            channel.ack(message);
            collected++;
          }
        } finally {
          await channel.close().catch(() => undefined);
        }
      }
      return collected;
    },

    async close() {
      const current = connection;
      connection = undefined;
      await current?.then((model) => model.close()).catch(() => undefined);
    },
  };
}

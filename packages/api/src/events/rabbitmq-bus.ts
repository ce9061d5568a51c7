// The RabbitMQ event bus: a durable topic exchange (routing key = event type) and a durable queue
// per consumer bound to its event types. Publishing goes through a confirm channel with persistent
// messages and resolves only when the broker confirmed every message. A failed handler's message
// is acknowledged only after a copy was confirmed into a delay queue (`<consumer>.retry.<ms>`,
// TTL = the backoff, dead-lettering back into the consumer's queue) or, at maxAttempts, into
// `<consumer>.dead`. The connection is re-established after a loss and every consumer reattached;
// unacknowledged messages are redelivered by the broker (at-least-once).
import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type pg from 'pg';
import type { Logger } from 'pino';
import { migrateDomain } from '@omnicart/db';
import { EVENTS_SCHEMA } from '@omnicart/db/events';
import { recordDelivery } from '../runtime/metrics.js';
import { traceBridge } from '../runtime/trace.js';
import { DEFAULT_EXCHANGE, errorMessage, isInvalidEvent, normalizeSubscription, parseEvent, retryDelayMs, wireEvent, type NormalizedSubscription } from './delivery.js';
import type { CreateEventBusOptions, DomainEvent, EventBus, RetryPolicy, SubscribeOptions, Subscription } from './types.js';

const ATTEMPTS_HEADER = 'x-omnicart-attempts';
const ERROR_HEADER = 'x-omnicart-error';

export const deadQueueName = (queue: string): string => `${queue}.dead`;

// A dead event is recorded where the PostgreSQL bus keeps its own (events.deliveries, dead), so
// both buses share one dead-letter store (dead-letters.ts). A discarded letter stays discarded.
const RECORD_DEAD_SQL = `
INSERT INTO "${EVENTS_SCHEMA}".deliveries (consumer, event_id, type, source, occurred_at, payload, version, aggregate_id, actor,
                                          traceparent, tracestate, attempts, dead, last_error, dead_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true, $13, now())
ON CONFLICT (consumer, event_id) DO UPDATE
   SET dead = true, attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, dead_at = now(), payload = EXCLUDED.payload
 WHERE deliveries.discarded_at IS NULL`;

/** Records a dead event in events.deliveries (the dead-letter store of both buses). */
export async function recordDeadEvent(pool: pg.Pool, consumer: string, event: DomainEvent, attempts: number, error: unknown): Promise<void> {
  await pool.query(RECORD_DEAD_SQL, [
    consumer,
    event.id,
    event.type,
    event.source,
    event.occurredAt,
    JSON.stringify(event.data),
    event.version ?? null,
    event.aggregateId ?? null,
    event.actor === undefined ? null : JSON.stringify(event.actor),
    event.traceparent ?? null,
    event.tracestate ?? null,
    attempts,
    errorMessage(error),
  ]);
}
export const retryQueueName = (queue: string, delayMs: number): string => `${queue}.retry.${delayMs}`;

/** Adds a heartbeat (so a dead broker is noticed) unless the URL sets one. */
function withHeartbeat(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', '10');
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Confirmed send to a queue through the default exchange. */
function sendConfirmed(channel: ConfirmChannel, queue: string, content: Buffer, headers: Record<string, unknown>, source: ConsumeMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      channel.sendToQueue(
        queue,
        content,
        { ...source.properties, headers, persistent: true, expiration: undefined },
        (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Headers for a re-sent copy: ours updated, the broker's dead-lettering history dropped. */
function copyHeaders(message: ConsumeMessage, attempts: number, error?: unknown): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message.properties.headers ?? {})) {
    if (key === 'x-death' || key.startsWith('x-first-death') || key.startsWith('x-last-death')) continue;
    headers[key] = value;
  }
  headers[ATTEMPTS_HEADER] = attempts;
  if (error !== undefined) headers[ERROR_HEADER] = errorMessage(error);
  return headers;
}

class RabbitConsumer implements Subscription {
  private channel: ConfirmChannel | undefined;
  private attachedTo: ChannelModel | undefined;
  private consumerTag: string | undefined;
  private attaching: Promise<void> = Promise.resolve();
  private reattachTimer: NodeJS.Timeout | undefined;
  private reattachFailures = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    readonly options: NormalizedSubscription,
    /** The consumer's queue: its name, namespaced. */
    private readonly queue: string,
    private readonly exchange: string,
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
    private readonly pool: pg.Pool,
    private readonly currentModel: () => ChannelModel | undefined,
    private readonly onStopped: (consumer: RabbitConsumer) => void,
  ) {}

  /** Declares the queues and bindings on a (new) connection and starts consuming. Idempotent. */
  attach(model: ChannelModel): Promise<void> {
    const attempt = this.attaching.catch(() => undefined).then(() => this.open(model));
    this.attaching = attempt;
    return attempt;
  }

  private async open(model: ChannelModel): Promise<void> {
    if (this.stopped || (this.channel && this.attachedTo === model)) return;
    const { consumer, types, concurrency } = this.options;
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: unknown) => this.logger.warn({ err: error, consumer }, 'consumer channel error'));
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.consumerTag = undefined;
      // A channel-level error (the connection may still be up): start over on a new channel.
      this.scheduleReattach();
    });
    try {
      await channel.prefetch(concurrency);
      await channel.assertExchange(this.exchange, 'topic', { durable: true });
      await channel.assertQueue(this.queue, { durable: true });
      await channel.assertQueue(deadQueueName(this.queue), { durable: true });
      for (const type of types) await channel.bindQueue(this.queue, this.exchange, type);
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
    this.channel = channel;
    this.attachedTo = model;
    const { consumerTag } = await channel.consume(
      this.queue,
      (message) => {
        if (!message) return; // cancelled by the broker (queue deleted): reattached on reconnect
        const running = this.handle(channel, message).finally(() => this.inFlight.delete(running));
        this.inFlight.add(running);
      },
      { noAck: false },
    );
    this.consumerTag = consumerTag;
    this.reattachFailures = 0;
    if (this.stopped) await this.closeChannel();
  }

  /** Retries attaching with backoff while the connection is up (a reconnect attaches anyway). */
  scheduleReattach(): void {
    if (this.stopped || this.reattachTimer) return;
    const delay = Math.min(30_000, 500 * 2 ** this.reattachFailures++);
    this.reattachTimer = setTimeout(() => {
      this.reattachTimer = undefined;
      const model = this.currentModel();
      if (!model || this.stopped) return;
      this.attach(model).catch((error: unknown) => {
        this.logger.error({ err: error, consumer: this.options.consumer }, 'attaching a consumer failed; retrying');
        this.scheduleReattach();
      });
    }, delay);
    this.reattachTimer.unref();
  }

  /** The connection is gone; its channel with it. The broker redelivers what was not acked. */
  detach(): void {
    this.channel = undefined;
    this.attachedTo = undefined;
    this.consumerTag = undefined;
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const { consumer, maxAttempts, handler } = this.options;
    const attempts = (Number(message.properties.headers?.[ATTEMPTS_HEADER]) || 0) + 1;
    let event: DomainEvent | undefined;
    let failure: unknown;
    let failed = false;
    try {
      event = parseEvent(JSON.parse(message.content.toString('utf8')));
      // The trace context travels in the headers too (what tracing tools read); the body wins.
      const headers = message.properties.headers ?? {};
      if (event.traceparent === undefined && typeof headers.traceparent === 'string') event.traceparent = headers.traceparent;
      if (event.tracestate === undefined && typeof headers.tracestate === 'string') event.tracestate = headers.tracestate;
    } catch (error) {
      failed = true;
      failure = new Error(`unreadable event: ${errorMessage(error)}`);
    }
    if (event) {
      try {
        await handler(event);
      } catch (error) {
        failed = true;
        failure = error;
      }
      if (!failed) {
        recordDelivery('rabbitmq', consumer, 'handled');
        try {
          channel.ack(message);
        } catch (error) {
          // The channel died with the connection: the broker redelivers (at-least-once).
          this.logger.warn({ err: error, consumer, eventId: event.id }, 'acknowledging an event failed; it will be redelivered');
        }
        return;
      }
    }
    const log = { err: failure, consumer, eventId: event?.id ?? message.properties.messageId, type: event?.type ?? message.fields.routingKey, attempts };
    try {
      const invalid = isInvalidEvent(failure);
      if (!event || invalid || attempts >= maxAttempts) {
        // Into the dead-letter store; only what it cannot take (an unreadable message, PostgreSQL
        // down) goes to `<consumer>.dead`, so nothing is lost either way.
        let recorded = false;
        if (event) {
          try {
            await recordDeadEvent(this.pool, consumer, event, attempts, failure);
            recorded = true;
          } catch (error) {
            this.logger.warn({ ...log, recordError: errorMessage(error) }, 'recording a dead event failed; parking it in the dead queue');
          }
        }
        if (!recorded) await sendConfirmed(channel, deadQueueName(this.queue), message.content, copyHeaders(message, attempts, failure), message);
        channel.ack(message);
        recordDelivery('rabbitmq', consumer, 'dead_lettered');
        this.logger.error(log, invalid ? 'event dead-lettered: it does not match its contract' : 'event dead-lettered after its last attempt');
        return;
      }
      const delay = retryDelayMs(attempts, this.retry);
      const queue = retryQueueName(this.queue, delay);
      await channel.assertQueue(queue, {
        durable: true,
        arguments: {
          'x-message-ttl': delay,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': this.queue,
          // Unused delay queues disappear on their own; every use re-declares (and so renews) it.
          'x-expires': delay * 2 + 60_000,
        },
      });
      await sendConfirmed(channel, queue, message.content, copyHeaders(message, attempts, failure), message);
      channel.ack(message);
      recordDelivery('rabbitmq', consumer, 'retried');
      this.logger.warn({ ...log, retryInMs: delay }, 'event handler failed; will redeliver');
    } catch (error) {
      // Could not park the copy: give the original back (or lose the channel, which does the same).
      this.logger.warn({ ...log, parkError: errorMessage(error) }, 'could not schedule a redelivery; requeueing');
      try {
        channel.nack(message, false, true);
      } catch {
        // channel closed: the broker requeues unacknowledged messages itself
      }
    }
  }

  private async closeChannel(): Promise<void> {
    const channel = this.channel;
    this.channel = undefined;
    if (!channel) return;
    try {
      if (this.consumerTag) await channel.cancel(this.consumerTag);
    } catch {
      // channel already gone
    }
    this.consumerTag = undefined;
    await Promise.allSettled([...this.inFlight]);
    await channel.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.stopped) {
      await Promise.allSettled([...this.inFlight]);
      return;
    }
    this.stopped = true;
    if (this.reattachTimer) clearTimeout(this.reattachTimer);
    this.reattachTimer = undefined;
    this.onStopped(this);
    await this.attaching.catch(() => undefined);
    await this.closeChannel();
    await Promise.allSettled([...this.inFlight]);
  }
}

/** Test hooks of a RabbitMQ bus (not part of EventBus): simulate a broker connection loss. */
export interface RabbitMqTestHooks {
  /** Destroys the socket as a network failure would; resolves once the bus noticed. */
  dropConnection(): Promise<void>;
  /** Resolves when the bus is connected (again). */
  connected(): Promise<void>;
}
const testHooks = new WeakMap<EventBus, RabbitMqTestHooks>();
export const rabbitMqTestHooks = (bus: EventBus): RabbitMqTestHooks | undefined => testHooks.get(bus);

export async function createRabbitMqEventBus(options: CreateEventBusOptions & { url: string }): Promise<EventBus> {
  const logger = options.logger.child({ bus: 'rabbitmq' });
  const namespace = options.namespace;
  const exchange = options.exchange ?? (namespace ? `${namespace}.${DEFAULT_EXCHANGE}` : DEFAULT_EXCHANGE);
  const queuePrefix = namespace ? `${namespace}.` : '';
  const retry = options.retry ?? {};
  const publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
  const url = withHeartbeat(options.url);
  // Dead events are recorded in schema events (the dead-letter store both buses share).
  await migrateDomain(options.pool, EVENTS_SCHEMA);

  const consumers = new Set<RabbitConsumer>();
  let model: ChannelModel | undefined;
  let publisher: ConfirmChannel | undefined;
  let closed = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let waiters: Array<() => void> = [];

  const openPublisher = async (current: ChannelModel): Promise<void> => {
    const channel = await current.createConfirmChannel();
    channel.on('error', (error: unknown) => logger.warn({ err: error }, 'publisher channel error'));
    channel.on('close', () => {
      if (publisher !== channel) return;
      publisher = undefined;
      // A channel-level error (the connection is still up): open a new channel.
      if (!closed && model === current) openPublisher(current).catch((error: unknown) => logger.warn({ err: error }, 'reopening the publisher channel failed'));
    });
    await channel.assertExchange(exchange, 'topic', { durable: true });
    publisher = channel;
  };

  const connect = async (): Promise<void> => {
    const current = await amqp.connect(url, { clientProperties: { connection_name: 'omnicart-events' } });
    current.on('error', (error: unknown) => logger.warn({ err: error }, 'RabbitMQ connection error'));
    current.on('close', () => {
      if (model !== current) return;
      model = undefined;
      publisher = undefined;
      for (const consumer of consumers) consumer.detach();
      if (closed) return;
      logger.warn('RabbitMQ connection lost; reconnecting');
      scheduleReconnect();
    });
    model = current;
    try {
      await openPublisher(current);
      for (const consumer of consumers) {
        await consumer.attach(current).catch((error: unknown) => {
          logger.error({ err: error, consumer: consumer.options.consumer }, 'reattaching a consumer failed; retrying');
          consumer.scheduleReattach();
        });
      }
    } catch (error) {
      if (model === current) model = undefined;
      await current.close().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await current.close().catch(() => undefined);
      return;
    }
    failures = 0;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer) return;
    const delay = Math.min(5_000, 100 * 2 ** failures++);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect()
        .then(() => logger.info('RabbitMQ connection re-established'))
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'RabbitMQ reconnect failed');
          scheduleReconnect();
        });
    }, delay);
    reconnectTimer.unref();
  };

  // Fail fast at start: a configured but unreachable broker is a deployment error.
  await connect();

  const bus: EventBus = {
    kind: 'rabbitmq',

    async publish(events: DomainEvent[]) {
      if (closed) throw new Error('event bus is closed');
      if (events.length === 0) return;
      const channel = publisher;
      if (!channel) throw new Error('RabbitMQ is not connected; events not published');
      const confirms = events.map(
        (event) =>
          new Promise<void>((resolve, reject) => {
            const { id, type, source, traceparent, tracestate, version } = event;
            // W3C trace context and the contract version also as headers, where tracing tools and
            // broker-side tooling look for them; the body carries the whole envelope.
            const headers: Record<string, string | number> = {};
            if (traceparent) headers.traceparent = traceparent;
            if (tracestate) headers.tracestate = tracestate;
            if (version !== undefined) headers['x-omnicart-version'] = version;
            // With OpenTelemetry on, the publish happens in the trace stored with the event (the
            // amqplib instrumentation's send span is then a child of the producer, not a new root).
            const publishOne = () =>
              channel.publish(
                exchange,
                type,
                Buffer.from(JSON.stringify(wireEvent(event))),
                {
                  persistent: true,
                  messageId: id,
                  type,
                  appId: source,
                  contentType: 'application/json',
                  timestamp: Math.floor(Date.now() / 1000),
                  headers,
                },
                (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
              );
            try {
              const bridge = traceBridge();
              if (bridge) bridge.withRemoteParent(traceparent, tracestate, publishOne);
              else publishOne();
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          }),
      );
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`RabbitMQ did not confirm ${events.length} event(s) within ${publishTimeoutMs} ms`)), publishTimeoutMs);
      });
      try {
        await Promise.race([Promise.all(confirms), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async subscribe(subscribeOptions: SubscribeOptions) {
      if (closed) throw new Error('event bus is closed');
      const normalized = normalizeSubscription(subscribeOptions);
      const consumer = new RabbitConsumer(
        normalized,
        queuePrefix + normalized.consumer,
        exchange,
        retry,
        logger,
        options.pool,
        () => model,
        (stopped) => consumers.delete(stopped),
      );
      consumers.add(consumer);
      // Not connected right now: the reconnect attaches it.
      if (model) {
        try {
          await consumer.attach(model);
        } catch (error) {
          consumers.delete(consumer);
          throw error;
        }
      }
      return consumer;
    },

    async close() {
      if (closed) return;
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      await Promise.allSettled([...consumers].map((consumer) => consumer.stop()));
      const current = model;
      model = undefined;
      publisher = undefined;
      await current?.close().catch(() => undefined);
      for (const resolve of waiters) resolve();
      waiters = [];
    },
  };

  testHooks.set(bus, {
    dropConnection() {
      const current = model;
      if (!current) return Promise.resolve();
      const noticed = new Promise<void>((resolve) => current.once('close', () => resolve()));
      const stream = (current.connection as unknown as { stream?: { destroy(error?: Error): void } }).stream;
      stream?.destroy(new Error('simulated connection loss'));
      return noticed;
    },
    connected() {
      if (model && publisher) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  });
  return bus;
}

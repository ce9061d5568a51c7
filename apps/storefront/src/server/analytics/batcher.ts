import type { BehaviourEvent } from './events';

/**
 * The in-process queue between the storefront's pages and BFF routes and `analytics.ingest`.
 * Recording is one synchronous push (never awaited by a render or a mutation); the queue is sent
 * every `flushIntervalMs` (1 s) or as soon as `batchSize` (50) events wait. At flush the events are
 * grouped by the access token they were recorded with (analytics takes the customer from it;
 * anonymous events travel together), in chunks of at most `batchSize`.
 *
 * Failures never reach a page: they are logged (at most once per `logEveryMs`). When analytics cannot
 * be reached (network error, timeout, 5xx, 429) that chunk and the rest of the flush go back to the
 * front of the queue and the next attempt waits longer (doubling up to `maxBackoffMs`); the queue is bounded (`maxQueue`), and when full the oldest events
 * are dropped and counted (`stats().dropped`). A 401 (the shopper's access token expired while
 * queued) is sent again without a token (the event stays, without its customer). Any other 4xx is
 * not retried (counted as `rejected`).
 */

export type SendBatch = (accessToken: string | undefined, events: BehaviourEvent[]) => Promise<void>;

export interface BatcherOptions {
  send: SendBatch;
  flushIntervalMs?: number;
  batchSize?: number;
  maxQueue?: number;
  /** The HTTP status of a failed send (undefined: no answer). */
  statusOf?: (error: unknown) => number | undefined;
  log?: (message: string, error: unknown) => void;
  /** Longest wait between attempts while analytics fails (default 30 s). */
  maxBackoffMs?: number;
  logEveryMs?: number;
  now?: () => number;
}

interface Queued {
  event: BehaviourEvent;
  accessToken: string | undefined;
}

export interface BatcherStats {
  queued: number;
  sent: number;
  dropped: number;
  rejected: number;
  failures: number;
}

const retryable = (status: number | undefined) => status === undefined || status === 429 || status >= 500;

export class EventBatcher {
  private queue: Queued[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private lastLog = -Infinity;
  private readonly counts = { sent: 0, dropped: 0, rejected: 0, failures: 0 };
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly logEveryMs: number;
  private backoffMs = 0;

  constructor(private readonly options: BatcherOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.batchSize = Math.min(options.batchSize ?? 50, 100); // ingest takes at most 100 per call
    this.maxQueue = options.maxQueue ?? 5000;
    this.logEveryMs = options.logEveryMs ?? 30_000;
  }

  /** Queues events (synchronous, never throws); a full queue drops its oldest. */
  enqueue(events: BehaviourEvent | BehaviourEvent[], accessToken?: string): void {
    for (const event of Array.isArray(events) ? events : [events]) this.queue.push({ event, accessToken: accessToken || undefined });
    this.trim();
    if (this.queue.length >= this.batchSize && this.backoffMs === 0) void this.flush();
    else this.schedule();
  }

  stats(): BatcherStats {
    return { queued: this.queue.length, ...this.counts };
  }

  /** Sends what is queued now (one flush at a time; a flush asked for during one follows it). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.clearTimer();
    this.flushing = this.sendAll().finally(() => {
      this.flushing = null;
      if (this.queue.length) this.schedule();
    });
    return this.flushing;
  }

  /** Stops the timer (tests, shutdown); queued events stay. */
  stop(): void {
    this.clearTimer();
  }

  private trim(): void {
    const over = this.queue.length - this.maxQueue;
    if (over > 0) {
      this.queue.splice(0, over);
      this.counts.dropped += over;
    }
  }

  private schedule(): void {
    if (this.timer || !this.queue.length) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.flushIntervalMs + this.backoffMs);
    // Never keeps a process alive on its own.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async sendAll(): Promise<void> {
    const taken = this.queue;
    this.queue = [];
    const groups = new Map<string, { accessToken: string | undefined; events: BehaviourEvent[] }>();
    for (const item of taken) {
      const key = item.accessToken ?? '';
      const group = groups.get(key) ?? { accessToken: item.accessToken, events: [] };
      group.events.push(item.event);
      groups.set(key, group);
    }
    const retry: Queued[] = [];
    const chunks: Array<{ accessToken: string | undefined; events: BehaviourEvent[] }> = [];
    for (const group of groups.values()) {
      for (let start = 0; start < group.events.length; start += this.batchSize) chunks.push({ accessToken: group.accessToken, events: group.events.slice(start, start + this.batchSize) });
    }
    // One call at a time: a struggling analytics gets one request per attempt, not a burst.
    let failed = false;
    for (const chunk of chunks) {
      if (failed || (await this.sendChunk(chunk.accessToken, chunk.events)) === 'retry') {
        failed = true;
        retry.push(...chunk.events.map((event) => ({ event, accessToken: chunk.accessToken })));
      }
    }
    this.backoffMs = failed ? Math.min(this.options.maxBackoffMs ?? 30_000, Math.max(this.flushIntervalMs, this.backoffMs * 2)) : 0;
    if (retry.length) {
      // Back in front of what arrived meanwhile, oldest first; the bound still holds.
      this.queue = [...retry, ...this.queue];
      this.trim();
    }
  }

  private async sendChunk(accessToken: string | undefined, events: BehaviourEvent[]): Promise<'done' | 'retry'> {
    try {
      await this.options.send(accessToken, events);
      this.counts.sent += events.length;
      return 'done';
    } catch (error) {
      const status = this.options.statusOf?.(error);
      if (status === 401 && accessToken) return this.sendChunk(undefined, events);
      this.counts.failures += 1;
      this.report(`analytics ingest failed (${status ?? 'no answer'}); ${retryable(status) ? 'kept for the next flush' : `${events.length} events dropped`}`, error);
      if (retryable(status)) return 'retry';
      this.counts.rejected += events.length;
      return 'done';
    }
  }

  private report(message: string, error: unknown): void {
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastLog < this.logEveryMs) return;
    this.lastLog = now;
    const stats = this.stats();
    (this.options.log ?? ((text, cause) => console.warn(text, cause instanceof Error ? cause.message : cause)))(
      `${message} (queued ${stats.queued}, dropped so far ${stats.dropped})`,
      error,
    );
  }
}

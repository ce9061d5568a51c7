import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';
import { newTraceparent, runWithWork } from './trace.js';

/**
 * The one way a domain runs work on a timer (sweepers, expiry, recovery loops). Each run starts
 * `everyMs` (± jitter, so replicas started together drift apart) after the previous one ended,
 * never overlaps itself, runs in its own trace, logs a failure instead of crashing, and stops
 * cleanly (the run in progress finishes). With `exclusive`, a PostgreSQL advisory lock keeps two
 * replicas from running it at the same moment: whoever does not get the lock skips that round.
 */
export interface JobDefinition {
  /** Lower-case dotted name, `<domain>.<what>`, e.g. `inventory.reservation-sweeper`. */
  name: string;
  /** Pause between the end of one run and the start of the next; 0 or less disables the job. */
  everyMs: number;
  /** One run. What it resolves to is logged at debug level. */
  run(): Promise<unknown>;
  /** Only one replica at a time (advisory lock on this pool, keyed by the job's name). */
  exclusive?: boolean;
  /** Fraction of `everyMs` the pause varies by, both ways. Default 0.1. */
  jitter?: number;
  /** Run once right at start (default false: the first run comes after the first pause). */
  runAtStart?: boolean;
}

export interface RunningJob {
  readonly name: string;
  /** One run now (or the one in progress); tests drive jobs with it. Resolves to false when another replica held the lock. */
  runOnce(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface JobHost {
  logger: Logger;
  /** Needed by exclusive jobs. */
  pool?: pg.Pool;
  /** The actor events written by the job carry (the domain's service name). */
  service: string;
}

/** Two 32-bit keys for pg_try_advisory_lock from the job's name (stable across replicas and releases). */
function lockKeys(name: string): [number, number] {
  const digest = createHash('sha256').update(`omnicart.job:${name}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

export function startJob(definition: JobDefinition, host: JobHost): RunningJob {
  const { name } = definition;
  const logger = host.logger.child({ job: name });
  const jitter = Math.min(Math.max(definition.jitter ?? 0.1, 0), 1);
  if (definition.exclusive && !host.pool) throw new Error(`job ${name}: exclusive jobs need a pool`);
  const [classKey, objectKey] = lockKeys(name);
  let running: Promise<boolean> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = definition.everyMs <= 0;
  let failing = false;

  async function locked(work: () => Promise<unknown>): Promise<{ ran: boolean; result?: unknown }> {
    if (!definition.exclusive || !host.pool) return { ran: true, result: await work() };
    const client = await host.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [classKey, objectKey]);
      if (!rows[0]?.locked) return { ran: false };
      try {
        return { ran: true, result: await work() };
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [classKey, objectKey]).catch((error: Error) => (broken = error));
      }
    } finally {
      // A connection whose unlock failed may still hold the lock: discard it rather than pool it.
      client.release(broken);
    }
  }

  function runOnce(): Promise<boolean> {
    running ??= runWithWork({ traceparent: newTraceparent(), tracestate: null, actor: { type: 'service', id: host.service } }, async () => {
      const started = performance.now();
      try {
        const { ran, result } = await locked(() => definition.run());
        if (failing) logger.info('job works again');
        failing = false;
        if (ran && logger.isLevelEnabled('debug')) logger.debug({ result, ms: Math.round(performance.now() - started) }, 'job ran');
        return ran;
      } catch (error) {
        // Logged once per failure streak at warn, then at debug, so an outage does not flood the log.
        if (!failing) logger.warn({ err: error }, 'job run failed; will retry');
        else logger.debug({ err: error }, 'job run failed again');
        failing = true;
        return true;
      }
    }).finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    const spread = definition.everyMs * jitter;
    const delay = Math.max(1, Math.round(definition.everyMs - spread + Math.random() * 2 * spread));
    timer = setTimeout(() => {
      timer = undefined;
      void runOnce().finally(schedule);
    }, delay);
    timer.unref();
  }

  if (definition.runAtStart && !stopped) void runOnce().finally(schedule);
  else schedule();

  return {
    name,
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { EventBus } from './types.js';

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
  pollMs?: number;
  batchSize?: number;
}

export interface OutboxRelay {
  /** Publish soon (call after committing a transaction that wrote outbox rows). */
  kick(): void;
  stop(): Promise<void>;
}

// PLACEHOLDER until the events helper lands the real relay.
export function startOutboxRelay(_options: OutboxRelayOptions): OutboxRelay {
  return { kick() {}, async stop() {} };
}

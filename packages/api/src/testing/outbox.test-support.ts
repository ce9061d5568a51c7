import type pg from 'pg';
import { expect } from 'vitest';
import { checkEventData, contractKey, type EventContract } from '@omnicart/contracts';

/** One row of a domain's outbox, as a test reads it. */
export interface OutboxRow {
  id: string;
  type: string;
  version: number;
  aggregateId: string;
  actor: { type: string; id: string } | null;
  traceparent: string | null;
  payload: Record<string, unknown>;
}

/** The outbox rows of `schema` about `aggregateId` (oldest first), optionally of one type. */
export async function outboxRows(pool: pg.Pool, schema: string, aggregateId: string, type?: string): Promise<OutboxRow[]> {
  const { rows } = await pool.query<OutboxRow>(
    `SELECT id, type, version, aggregate_id AS "aggregateId", actor, traceparent, payload
       FROM "${schema}".outbox_events WHERE aggregate_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY occurred_at, id`,
    [aggregateId, type ?? null],
  );
  return rows;
}

/** Every row matches the declared contract of its type@version (what consumers will check). */
export function expectDeclared(rows: OutboxRow[], contracts: readonly EventContract[]): void {
  for (const row of rows) {
    const contract = contracts.find((candidate) => candidate.type === row.type && candidate.version === row.version);
    expect(contract, `${row.type}@${row.version} is declared (${contracts.map(contractKey).join(', ')})`).toBeDefined();
    const checked = checkEventData(contract!, row.payload);
    expect(checked.ok ? '' : checked.reason, `${row.type} payload`).toBe('');
  }
}

import { auditChanges, type AuditChange, type AuditRecorded, type EventContract, type auditRecordedSchema } from '@omnicart/contracts';
import { outboxEvent, type OutboxEventRow } from '../events/outbox.js';
import { currentWork } from './trace.js';

export { auditChanges, type AuditChange };

/** What a domain says about a change; who and which request come from the unit of work. */
export type AuditFacts = Omit<AuditRecorded, 'actorEmail' | 'requestId'>;

/**
 * The outbox row of an audit entry: write it in the same transaction as the change (beside the
 * domain's own events), so the entry exists exactly when the change does. The actor (envelope),
 * their e-mail and the request id are those of the current request; a job or a consumer records
 * its service as the actor.
 */
export function auditEvent(contract: EventContract<string, typeof auditRecordedSchema>, facts: AuditFacts): OutboxEventRow {
  const work = currentWork();
  return outboxEvent(contract, { ...facts, actorEmail: work?.actorEmail ?? null, requestId: work?.requestId ?? null });
}

import { auditChanges, type AuditChange, type AuditRecorded, type EventContract, type auditRecordedSchema } from '@omnicart/contracts';
import { outboxEvent, type OutboxEventRow, type OutboxWriteOptions } from '../events/outbox.js';
import { currentWork } from './trace.js';

export { auditChanges, type AuditChange };

/** What a domain says about a change; who and which request come from the unit of work. */
export type AuditFacts = Omit<AuditRecorded, 'actorEmail' | 'requestId'>;

/**
 * The outbox row of an audit entry: write it in the same transaction as the change (beside the
 * domain's own events), so the entry exists exactly when the change does. The actor (envelope),
 * their e-mail and the request id are those of the current request; a job or a consumer records
 * its service as the actor. `options.actor` names another actor (e.g. an invitee who is not signed
 * in yet), `actorEmail` their e-mail.
 */
export function auditEvent(
  contract: EventContract<string, typeof auditRecordedSchema>,
  facts: AuditFacts,
  options: OutboxWriteOptions & { actorEmail?: string | null } = {},
): OutboxEventRow {
  const work = currentWork();
  const { actorEmail, ...envelope } = options;
  return outboxEvent(contract, { ...facts, actorEmail: actorEmail === undefined ? (work?.actorEmail ?? null) : actorEmail, requestId: work?.requestId ?? null }, envelope);
}

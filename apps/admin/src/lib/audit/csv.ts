import type { AuditEntry } from './types';
import { csvRow } from '../csv';
import { fieldLabel, valueText } from './format';

export const AUDIT_CSV_HEADER = csvRow(['Entry id', 'Occurred at', 'Actor type', 'Actor id', 'Actor email', 'Domain', 'Entity type', 'Entity id', 'Label', 'Action', 'Changes', 'Request id']);

/** One entry per row; its changes in one cell, "Field: before → after" per line. */
export function auditCsvRow(entry: AuditEntry): string {
  const changes = entry.changes.map((change) => `${fieldLabel(change.field)}: ${valueText(change.before, change.field)} → ${valueText(change.after, change.field)}`).join('\n');
  return csvRow([
    entry.id,
    entry.occurredAt,
    entry.actor.type,
    entry.actor.id,
    entry.actor.email,
    entry.domain,
    entry.entityType,
    entry.entityId,
    entry.label,
    entry.action,
    changes,
    entry.requestId,
  ]);
}

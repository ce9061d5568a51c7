import type { AuditEntityType } from '@omnicart/contracts';
import { AUDIT_ENTITY_LABELS } from '@omnicart/contracts';

/** "stock_set" → "Stock set", "role_changed" → "Role changed". */
export function actionLabel(action: string): string {
  const words = action.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "amountRefunded" → "Amount refunded", "lowStockThreshold" → "Low stock threshold". */
export function fieldLabel(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A before or after value as text: "—" for none, JSON for structured values. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export const entityTypeLabel = (type: AuditEntityType): string => AUDIT_ENTITY_LABELS[type];

/** Who: the staff member's e-mail, a service's name, or "unknown". */
export function actorLabel(actor: { type: 'user' | 'service' | null; id: string | null; email: string | null }): string {
  if (actor.email) return actor.email;
  if (actor.type === 'service' && actor.id) return `service: ${actor.id}`;
  return actor.id ?? 'unknown';
}

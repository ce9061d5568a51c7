import type { AuditEntityType } from '@omnicart/contracts';
import { AUDIT_ENTITY_LABELS } from '@omnicart/contracts';
import { money } from '@/lib/format';

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

/**
 * Fields the services record in cents (the store's currency, USD): shown as money, so a price change
 * reads "$30.00 → $27.50", not "3000 → 2750".
 */
const CENTS_FIELDS = new Set(['price', 'amountRefunded', 'total', 'shippingFlatCents', 'freeShippingThresholdCents']);

/** A before or after value as text: "—" for none, money for cents fields, JSON for structured values. */
export function valueText(value: unknown, field?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field && CENTS_FIELDS.has(field) && typeof value === 'number' && Number.isInteger(value)) return money(value);
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

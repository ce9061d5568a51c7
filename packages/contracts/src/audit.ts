import { z } from 'zod';
import { defineEvent, type EventContract } from './events.js';

/**
 * The audit trail's shared shape. Every domain that takes writes from staff or integrations
 * records an `<domain>.audit_recorded` event in the same transaction as the change (through its
 * transactional outbox, so an entry is never lost nor written for a change that rolled back); the
 * audit domain keeps them in its own append-only read model. Browser-safe: the admin links
 * entries to their entities with `auditEntityHref`.
 */
export const AUDIT_ENTITY_TYPES = ['product', 'category', 'stock', 'order', 'customer', 'staff', 'invitation', 'setting', 'promotion'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const AUDIT_ENTITY_LABELS: Record<AuditEntityType, string> = {
  product: 'Product',
  category: 'Category',
  stock: 'Stock',
  order: 'Order',
  customer: 'Customer',
  staff: 'Staff member',
  invitation: 'Staff invitation',
  setting: 'Setting',
  promotion: 'Promotion',
};

/** JSON values as they were before and after (null for a field that did not exist). */
const auditValue: z.ZodType<unknown> = z.unknown();

export const auditChangeSchema = z.object({
  field: z.string().min(1).max(100),
  before: auditValue,
  after: auditValue,
});
export type AuditChange = z.output<typeof auditChangeSchema>;

export const auditRecordedSchema = z.object({
  entityType: z.enum(AUDIT_ENTITY_TYPES),
  entityId: z.string().min(1).max(200),
  /** What happened, a verb in the past tense: `created`, `updated`, `archived`, `refunded`, … */
  action: z.string().regex(/^[a-z][a-z_]*$/).max(60),
  /** A human label of the entity at the time (a product's name, an order's number, an e-mail). */
  label: z.string().max(300),
  /** The fields that changed, before and after (empty for an action without field changes). */
  changes: z.array(auditChangeSchema).max(200),
  /** Who, beyond the envelope's actor id: their e-mail at the time (null for a service). */
  actorEmail: z.string().max(320).nullable(),
  /** The request that made the change (the gateway's X-Request-Id), null outside a request. */
  requestId: z.string().max(200).nullable(),
});
export type AuditRecorded = z.output<typeof auditRecordedSchema>;

/** A domain's audit contract: `<domain>.audit_recorded` v1, aggregate = the entity id. */
export function auditContract<const TDomain extends string>(domain: TDomain): EventContract<`${TDomain}.audit_recorded`, typeof auditRecordedSchema> {
  return defineEvent({
    type: `${domain}.audit_recorded` as `${TDomain}.audit_recorded`,
    version: 1,
    aggregate: 'entityId',
    description: `A staff member or an integration changed something ${domain} owns: who, what, the fields before and after, the request id (written in the same transaction as the change).`,
    schema: auditRecordedSchema,
  });
}

/** Where the admin shows an entity (null when it has no page of its own). */
export function auditEntityHref(entityType: AuditEntityType, entityId: string): string | null {
  switch (entityType) {
    case 'product':
      return `/products/${encodeURIComponent(entityId)}`;
    case 'category':
      return '/products/categories';
    case 'stock':
      return `/inventory/${encodeURIComponent(entityId)}`;
    case 'order':
      return `/orders/${encodeURIComponent(entityId)}`;
    case 'customer':
      return `/customers/${encodeURIComponent(entityId)}`;
    case 'staff':
    case 'invitation':
      return '/staff';
    case 'setting':
      return '/settings';
    case 'promotion':
      return `/promotions/${encodeURIComponent(entityId)}`;
  }
}

/** Deep equality for JSON values (the diff must not report `{a:1}` → `{a:1}` as a change). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * The changed fields between two snapshots (only `fields`, in that order). Dates become ISO
 * strings and undefined becomes null, so the entry is plain JSON. `before` null: a creation
 * (every non-null field of `after`); `after` null: a removal.
 */
export function auditChanges<T extends Record<string, unknown>>(before: T | null, after: T | null, fields: readonly (keyof T & string)[]): AuditChange[] {
  const plain = (value: unknown): unknown => (value === undefined ? null : value instanceof Date ? value.toISOString() : value);
  const changes: AuditChange[] = [];
  for (const field of fields) {
    const was = before ? plain(before[field]) : null;
    const is = after ? plain(after[field]) : null;
    if (!sameJson(was, is)) changes.push({ field, before: was, after: is });
  }
  return changes;
}

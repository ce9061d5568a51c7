import { describe, expect, it } from 'vitest';
import { auditChanges, auditContract, auditEntityHref, auditRecordedSchema } from './audit.js';

describe('auditChanges', () => {
  const before = { name: 'Tee', price: 1000, attributes: { colour: 'red' }, updatedAt: new Date('2026-01-01T00:00:00Z') };

  it('lists only the fields that changed, in the order asked, as plain JSON', () => {
    const after = { ...before, price: 1200, attributes: { colour: 'red' }, updatedAt: new Date('2026-01-02T00:00:00Z') };
    expect(auditChanges(before, after, ['name', 'price', 'attributes', 'updatedAt'])).toEqual([
      { field: 'price', before: 1000, after: 1200 },
      { field: 'updatedAt', before: '2026-01-01T00:00:00.000Z', after: '2026-01-02T00:00:00.000Z' },
    ]);
  });

  it('compares nested values deeply', () => {
    expect(auditChanges(before, { ...before, attributes: { colour: 'blue' } }, ['attributes'])).toEqual([
      { field: 'attributes', before: { colour: 'red' }, after: { colour: 'blue' } },
    ]);
    expect(auditChanges({ list: [1, 2] }, { list: [1, 2, 3] }, ['list'])).toHaveLength(1);
    expect(auditChanges({ list: [1, 2] }, { list: [1, 2] }, ['list'])).toEqual([]);
  });

  it('records a creation (before null) and a removal (after null)', () => {
    expect(auditChanges(null, { name: 'Tee', brand: undefined }, ['name', 'brand'])).toEqual([{ field: 'name', before: null, after: 'Tee' }]);
    expect(auditChanges({ name: 'Tee' }, null, ['name'])).toEqual([{ field: 'name', before: 'Tee', after: null }]);
  });
});

describe('auditContract', () => {
  it('names the event after its domain and keys it by the entity', () => {
    const contract = auditContract('catalog');
    expect(contract.type).toBe('catalog.audit_recorded');
    expect(contract.source).toBe('catalog');
    expect(contract.aggregate).toBe('entityId');
  });

  it('refuses an unknown entity type or a malformed action', () => {
    const entry = { entityType: 'product', entityId: 'x', action: 'updated', label: 'Tee', changes: [], actorEmail: null, requestId: null };
    expect(auditRecordedSchema.safeParse(entry).success).toBe(true);
    expect(auditRecordedSchema.safeParse({ ...entry, entityType: 'planet' }).success).toBe(false);
    expect(auditRecordedSchema.safeParse({ ...entry, action: 'Drop Table' }).success).toBe(false);
  });
});

describe('auditEntityHref', () => {
  it('links entities that have a page, escaping the id', () => {
    expect(auditEntityHref('order', 'a/b')).toBe('/orders/a%2Fb');
    expect(auditEntityHref('stock', 'TEE-RED-M')).toBe('/inventory/TEE-RED-M');
    expect(auditEntityHref('setting', 'store')).toBe('/settings');
  });
});

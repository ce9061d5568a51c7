import { describe, expect, it } from 'vitest';
import { actionLabel, actorLabel, fieldLabel, valueText } from './format';
import { auditListQuery, parseAuditListParams } from './list-params';

describe('audit formatting', () => {
  it('names actions, fields and values for people', () => {
    expect(actionLabel('role_changed')).toBe('Role changed');
    expect(fieldLabel('lowStockThreshold')).toBe('Low stock threshold');
    expect(valueText(null)).toBe('—');
    expect(valueText(false)).toBe('false');
    expect(valueText({ amount: 100, currency: 'USD' })).toBe('{"amount":100,"currency":"USD"}');
    // Cents fields read as money; the same number elsewhere stays a number.
    expect(valueText(2750, 'price')).toBe('$27.50');
    expect(valueText(500, 'amountRefunded')).toBe('$5.00');
    expect(valueText(2750, 'onHand')).toBe('2750');
    expect(actorLabel({ type: 'service', id: 'orders', email: null })).toBe('service: orders');
    expect(actorLabel({ type: 'user', id: 'u1', email: 'a@b.test' })).toBe('a@b.test');
  });
});

describe('audit list parameters', () => {
  it('keeps what the URL says that the service accepts, drops the rest, and writes it back without defaults', () => {
    const state = parseAuditListParams({ actorEmail: ' admin@omnicart.test ', entityType: 'widget', entityId: 'HPH-1', from: '2026-12-01', to: '2026-11-01', page: '2', pageSize: '7' });
    expect(state).toEqual({ actorEmail: 'admin@omnicart.test', entityId: 'HPH-1', from: '2026-12-01', page: 2, pageSize: 20 });
    expect(auditListQuery(state, { page: 1 })).toBe('?actorEmail=admin%40omnicart.test&entityId=HPH-1&from=2026-12-01');
    expect(parseAuditListParams({ entityType: 'order', to: '2026-02-30' })).toEqual({ entityType: 'order', page: 1, pageSize: 20 });
  });
});

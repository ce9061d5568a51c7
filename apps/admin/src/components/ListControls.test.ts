import { describe, expect, it } from 'vitest';
import { listTotalText } from './ListControls';

const orders = { one: 'order', many: 'orders', none: 'No orders yet.' };

describe('listTotalText', () => {
  it('counts, says whether a filter matched, and which rows are shown', () => {
    expect(listTotalText(orders, { total: 1234, page: 2, pageSize: 20 }, false)).toBe('1,234 orders · showing 21–40');
    expect(listTotalText(orders, { total: 1, page: 1, pageSize: 20 }, true)).toBe('1 order match · showing 1–1');
    expect(listTotalText(orders, { total: 45, page: 3, pageSize: 20 }, false)).toBe('45 orders · showing 41–45');
  });

  it('tells an empty filter from an empty list', () => {
    expect(listTotalText(orders, { total: 0, page: 1, pageSize: 20 }, true)).toBe('No orders match these filters.');
    expect(listTotalText(orders, { total: 0, page: 1, pageSize: 20 }, false)).toBe('No orders yet.');
  });
});

import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../forms';
import { STOCK_CSV_HEADER, stockCsvRow } from './csv';
import { adjustStockForm } from './forms';
import { movementCursor, parseStockListParams, skuFromPath, stockListQuery } from './list-params';

describe('stock table URL state', () => {
  it('reads a SKU prefix, the low-stock filter, sort and page, and drops what inventory would refuse', () => {
    expect(parseStockListParams({ q: 'HPH-', lowStock: '1', sort: 'available_asc', page: '2', pageSize: '50' })).toEqual({
      q: 'HPH-',
      lowStock: true,
      sort: 'available_asc',
      page: 2,
      pageSize: 50,
    });
    expect(parseStockListParams({ q: 'a b', lowStock: 'yes', sort: 'price', pageSize: '30' })).toEqual({ sort: 'sku_asc', page: 1, pageSize: 20 });
  });

  it('writes back only what differs from the defaults', () => {
    expect(stockListQuery(parseStockListParams({ lowStock: '1' }), { page: 3 })).toBe('?lowStock=1&page=3');
  });

  it('accepts a SKU path and a digits cursor only', () => {
    expect(skuFromPath('HPH-00001')).toBe('HPH-00001');
    expect(skuFromPath('..%2Fetc')).toBeUndefined();
    expect(movementCursor({ cursor: '1234' })).toBe('1234');
    expect(movementCursor({ cursor: 'abc' })).toBeUndefined();
  });
});

describe('stock adjustment form', () => {
  it('takes the new number on hand, a reason and an optional threshold', () => {
    expect(adjustStockForm.parse({ onHand: ' 0 ', reason: ' stock count ', lowStockThreshold: '' })).toEqual({ onHand: 0, reason: 'stock count', lowStockThreshold: undefined });
    expect(adjustStockForm.parse({ onHand: '12', reason: 'delivery', lowStockThreshold: '3' })).toEqual({ onHand: 12, reason: 'delivery', lowStockThreshold: 3 });
  });

  it('refuses a missing reason, a negative or fractional count and a threshold out of range, each beside its field', () => {
    const result = adjustStockForm.safeParse({ onHand: '-1', reason: ' ', lowStockThreshold: '100001' });
    expect(fieldErrorsOf(result.error!)).toEqual({
      onHand: 'The new number on hand is a whole number of units, like 12',
      reason: 'Say why the stock changes (kept in the history)',
      lowStockThreshold: 'The low-stock threshold is at most 100,000',
    });
    expect(fieldErrorsOf(adjustStockForm.safeParse({ onHand: '', reason: 'x', lowStockThreshold: '' }).error!)).toEqual({ onHand: 'Enter the new number on hand' });
  });
});

describe('the stock CSV', () => {
  it('writes one row per SKU with the low-stock verdict the table shows', () => {
    expect(STOCK_CSV_HEADER).toBe('SKU,On hand,Reserved,Available,Low-stock threshold,Low on stock,Updated at\r\n');
    const level = { sku: 'HPH-1', onHand: 8, reserved: 3, available: 5, lowStockThreshold: 5, updatedAt: '2026-12-07T10:00:00.000Z' };
    expect(stockCsvRow(level)).toBe('HPH-1,8,3,5,5,Yes,2026-12-07T10:00:00.000Z\r\n');
    expect(stockCsvRow({ ...level, available: 6, onHand: 9 })).toContain(',No,');
  });
});

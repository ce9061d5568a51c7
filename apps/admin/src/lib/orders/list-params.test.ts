import { describe, expect, it } from 'vitest';
import { exportQuery, orderListQuery, parseOrderListParams } from './list-params';

describe('parseOrderListParams', () => {
  it('defaults to the newest 20 orders, page 1', () => {
    expect(parseOrderListParams({})).toEqual({ sort: 'created_desc', page: 1, pageSize: 20 });
  });

  it('reads every filter, the sort and the page from the URL', () => {
    const state = parseOrderListParams({
      q: ' OC-0001 ',
      status: 'paid',
      from: '2026-01-01',
      to: '2026-01-31',
      customerId: '0B7A2E4C-1D2F-4A5B-8C9D-0E1F2A3B4C5D',
      minTotal: '10',
      maxTotal: '$1,250.5',
      sort: 'total_desc',
      page: '3',
      pageSize: '50',
    });
    expect(state).toEqual({
      q: 'OC-0001',
      status: 'paid',
      from: '2026-01-01',
      to: '2026-01-31',
      customerId: '0b7a2e4c-1d2f-4a5b-8c9d-0e1f2a3b4c5d',
      minTotal: 1000,
      maxTotal: 125050,
      sort: 'total_desc',
      page: 3,
      pageSize: 50,
    });
  });

  it('drops what it cannot use instead of failing: unknown status or sort, impossible dates, odd page sizes, garbage amounts', () => {
    expect(parseOrderListParams({ status: 'lost', sort: 'random', from: '2026-02-30', to: 'yesterday', pageSize: '25', page: '-1', minTotal: '1e3', customerId: 'x' })).toEqual({
      sort: 'created_desc',
      page: 1,
      pageSize: 20,
    });
  });

  it('takes the first of repeated parameters and swaps reversed ranges', () => {
    expect(parseOrderListParams({ status: ['paid', 'refunded'], from: '2026-03-10', to: '2026-03-01', minTotal: '50', maxTotal: '5' })).toMatchObject({
      status: 'paid',
      from: '2026-03-01',
      to: '2026-03-10',
      minTotal: 500,
      maxTotal: 5000,
    });
  });
});

describe('orderListQuery', () => {
  it('round-trips through the URL, leaving defaults out', () => {
    const state = parseOrderListParams({ q: 'a b', status: 'paid', minTotal: '12.5', page: '2' });
    const query = orderListQuery(state);
    expect(query).toBe('?q=a+b&status=paid&minTotal=12.50&page=2');
    expect(parseOrderListParams(Object.fromEntries(new URLSearchParams(query)))).toEqual(state);
  });

  it('overrides the page for pager links and drops paging for the export', () => {
    const state = parseOrderListParams({ status: 'paid', page: '4', pageSize: '50', sort: 'total_asc' });
    expect(orderListQuery(state, { page: 5 })).toBe('?status=paid&sort=total_asc&pageSize=50&page=5');
    expect(orderListQuery(state, { page: 1 })).toBe('?status=paid&sort=total_asc&pageSize=50');
    expect(exportQuery(state)).toBe('?status=paid&sort=total_asc');
  });
});

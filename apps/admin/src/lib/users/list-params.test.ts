import { describe, expect, it } from 'vitest';
import { parseUserListParams, userListInput, userListQuery } from './list-params';

describe('user list URL state', () => {
  it('reads the filters, sort and page from the URL and drops what it does not know', () => {
    const state = parseUserListParams({ q: ' sam ', staffRole: 'order_manager', disabled: 'yes', sort: 'email_asc', page: '3', pageSize: '50' });
    expect(state).toEqual({ q: 'sam', staffRole: 'order_manager', disabled: 'yes', sort: 'email_asc', page: 3, pageSize: 50 });
    expect(parseUserListParams({ staffRole: 'admin', disabled: 'maybe', sort: 'x', page: '-1', pageSize: '7' })).toEqual({ sort: 'created_desc', page: 1, pageSize: 20 });
  });

  it('writes back only what differs from the defaults', () => {
    const state = parseUserListParams({ q: 'sam', disabled: 'no' });
    expect(userListQuery(state)).toBe('?q=sam&disabled=no');
    expect(userListQuery(state, { page: 2 })).toBe('?q=sam&disabled=no&page=2');
  });

  it('turns the disabled filter into the boolean identity takes', () => {
    expect(userListInput(parseUserListParams({ disabled: 'no' }))).toEqual({ disabled: false, sort: 'created_desc', page: 1, pageSize: 20 });
    expect(userListInput(parseUserListParams({}))).toEqual({ sort: 'created_desc', page: 1, pageSize: 20 });
  });
});

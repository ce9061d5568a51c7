import { ADMIN_PAGE_SIZES, STAFF_ROLES, type AdminPageSize, type StaffRole } from '@omnicart/contracts';
import { first, queryString, type SearchParams } from '../url-state';
import { USER_SORTS, type UserSort } from './types';

export const DEFAULT_USER_PAGE_SIZE: AdminPageSize = 20;
export const DEFAULT_USER_SORT: UserSort = 'created_desc';

/** The staff and customer lists' state, exactly what the URL says (unknown or malformed values dropped). */
export interface UserListState {
  q?: string;
  /** Staff list only. */
  staffRole?: StaffRole;
  /** 'yes': only disabled accounts; 'no': only active ones; absent: both. */
  disabled?: 'yes' | 'no';
  sort: UserSort;
  page: number;
  pageSize: AdminPageSize;
}

export function parseUserListParams(params: SearchParams): UserListState {
  const sort = first(params, 'sort');
  const page = Number(first(params, 'page'));
  const pageSize = Number(first(params, 'pageSize'));
  const staffRole = first(params, 'staffRole');
  const disabled = first(params, 'disabled');
  const state: UserListState = {
    sort: (USER_SORTS as readonly string[]).includes(sort ?? '') ? (sort as UserSort) : DEFAULT_USER_SORT,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    pageSize: (ADMIN_PAGE_SIZES as readonly number[]).includes(pageSize) ? (pageSize as AdminPageSize) : DEFAULT_USER_PAGE_SIZE,
  };
  // identity takes at most 100 characters of search text.
  const q = first(params, 'q')?.slice(0, 100);
  if (q) state.q = q;
  if (staffRole && (STAFF_ROLES as readonly string[]).includes(staffRole)) state.staffRole = staffRole as StaffRole;
  if (disabled === 'yes' || disabled === 'no') state.disabled = disabled;
  return state;
}

/** The state as a query string (defaults left out); `overrides` for pager links. */
export function userListQuery(state: UserListState, overrides: Partial<UserListState> = {}): string {
  const merged = { ...state, ...overrides };
  return queryString(
    { q: merged.q, staffRole: merged.staffRole, disabled: merged.disabled, sort: merged.sort, pageSize: merged.pageSize, page: merged.page },
    { sort: DEFAULT_USER_SORT, pageSize: DEFAULT_USER_PAGE_SIZE, page: 1 },
  );
}

/** What identity's list procedures take for this state. */
export function userListInput(state: UserListState): { q?: string; staffRole?: StaffRole; disabled?: boolean; sort: UserSort; page: number; pageSize: AdminPageSize } {
  const { q, staffRole, disabled, sort, page, pageSize } = state;
  return { ...(q ? { q } : {}), ...(staffRole ? { staffRole } : {}), ...(disabled ? { disabled: disabled === 'yes' } : {}), sort, page, pageSize };
}

export const isFiltered = (state: UserListState): boolean => Boolean(state.q || state.staffRole || state.disabled);

import { ADMIN_PAGE_SIZES, AUDIT_ENTITY_TYPES, type AdminPageSize, type AuditEntityType } from '@omnicart/contracts';
import { first, isoDate, queryString, type SearchParams } from '../url-state';

export const DEFAULT_AUDIT_PAGE_SIZE: AdminPageSize = 20;

/** The audit log's filters, exactly what the URL says (unknown or malformed values dropped). */
export interface AuditListState {
  actorEmail?: string;
  entityType?: AuditEntityType;
  entityId?: string;
  /** Days YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  page: number;
  pageSize: AdminPageSize;
}

export function parseAuditListParams(params: SearchParams): AuditListState {
  const page = Number(first(params, 'page'));
  const pageSize = Number(first(params, 'pageSize'));
  const entityType = first(params, 'entityType');
  const state: AuditListState = {
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
    pageSize: (ADMIN_PAGE_SIZES as readonly number[]).includes(pageSize) ? (pageSize as AdminPageSize) : DEFAULT_AUDIT_PAGE_SIZE,
  };
  // The service takes at most 320 characters of e-mail and 200 of entity id.
  const actorEmail = first(params, 'actorEmail')?.slice(0, 320);
  const entityId = first(params, 'entityId')?.slice(0, 200);
  const from = isoDate(first(params, 'from'));
  const to = isoDate(first(params, 'to'));
  if (actorEmail) state.actorEmail = actorEmail;
  if (entityType && (AUDIT_ENTITY_TYPES as readonly string[]).includes(entityType)) state.entityType = entityType as AuditEntityType;
  if (entityId) state.entityId = entityId;
  // A reversed range would match nothing: keep `from`, drop `to`.
  if (from) state.from = from;
  if (to && (!from || to >= from)) state.to = to;
  return state;
}

/** The state as a query string (defaults left out); `overrides` for pager links. */
export function auditListQuery(state: AuditListState, overrides: Partial<AuditListState> = {}): string {
  const merged = { ...state, ...overrides };
  return queryString(
    { actorEmail: merged.actorEmail, entityType: merged.entityType, entityId: merged.entityId, from: merged.from, to: merged.to, pageSize: merged.pageSize, page: merged.page },
    { pageSize: DEFAULT_AUDIT_PAGE_SIZE, page: 1 },
  );
}

/** What `audit.list` takes for this state. */
export function auditListInput(state: AuditListState) {
  const { actorEmail, entityType, entityId, from, to, page, pageSize } = state;
  return {
    ...(actorEmail ? { actorEmail } : {}),
    ...(entityType ? { entityType } : {}),
    ...(entityId ? { entityId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    page,
    pageSize,
  };
}

export const isFiltered = (state: AuditListState): boolean => Boolean(state.actorEmail || state.entityType || state.entityId || state.from || state.to);

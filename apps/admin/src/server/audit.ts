import 'server-only';
import type { AuditEntityType } from '@omnicart/contracts';
import type { AuditEntry, EntityHistoryData } from '@/lib/audit/types';
import { auditListInput, type AuditListState } from '@/lib/audit/list-params';
import { getAdminContext } from './context';
import type { Services } from './services';

/** The audit entries matching the log's filters, one page of 100 at a time (the CSV export). */
export async function* auditPages(api: Services, state: Omit<AuditListState, 'page' | 'pageSize'>, maxPages = 10_000): AsyncGenerator<AuditEntry[]> {
  for (let page = 1; page <= maxPages; page++) {
    const answer = await api.audit.list.query(auditListInput({ ...state, page, pageSize: 100 }));
    if (answer.items.length > 0) yield answer.items;
    if (page * answer.pageSize >= answer.total || answer.items.length === 0) return;
  }
}

/** How many of an entity's latest entries its page shows (the audit log has the rest). */
export const ENTITY_HISTORY_SHOWN = 10;

/**
 * An entity's latest audit entries for its page (components/audit/EntityHistory.tsx shows them):
 * hidden from staff without `audit:read`; an audit service that does not answer leaves the rest of
 * the page working.
 */
export async function entityHistory(entityType: AuditEntityType, entityId: string): Promise<EntityHistoryData> {
  const { staff, api } = await getAdminContext();
  if (!staff?.permissions.includes('audit:read')) return { state: 'hidden' };
  try {
    return { state: 'ok', page: await api.audit.forEntity.query({ entityType, entityId, page: 1, pageSize: ENTITY_HISTORY_SHOWN }) };
  } catch {
    return { state: 'unavailable' };
  }
}

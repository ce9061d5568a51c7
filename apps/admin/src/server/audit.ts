import 'server-only';
import type { AuditEntityType } from '@omnicart/contracts';
import type { AuditEntry, EntityHistoryData } from '@/lib/audit/types';
import { auditListInput, type AuditListState } from '@/lib/audit/list-params';
import { getAdminContext } from './context';
import type { Services } from './services';

/** Entries per export page: a few hundred rows per round trip keeps memory flat and the walk quick. */
const EXPORT_PAGE = 500;

/**
 * The audit entries matching the log's filters, newest first, page by page (for the CSV export:
 * never every row at once), through `audit.export`'s keyset pages: each page costs the same however
 * deep, so 100,000 entries stream in one pass. Stops after `maxPages` pages.
 */
export async function* auditPages(api: Services, state: Omit<AuditListState, 'page' | 'pageSize'>, maxPages = 10_000): AsyncGenerator<AuditEntry[]> {
  const { page: _page, pageSize: _pageSize, ...filters } = auditListInput({ ...state, page: 1, pageSize: 10 });
  let after: string | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await api.audit.export.query({ ...filters, limit: EXPORT_PAGE, ...(after ? { after } : {}) });
    if (answer.items.length > 0) yield answer.items;
    if (!answer.nextCursor) return;
    after = answer.nextCursor;
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

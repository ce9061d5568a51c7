import 'server-only';
import type { AuditEntry } from '@/lib/audit/types';
import { auditListInput, type AuditListState } from '@/lib/audit/list-params';
import type { Services } from './services';

/** The audit entries matching the log's filters, one page of 100 at a time (the CSV export). */
export async function* auditPages(api: Services, state: Omit<AuditListState, 'page' | 'pageSize'>, maxPages = 10_000): AsyncGenerator<AuditEntry[]> {
  for (let page = 1; page <= maxPages; page++) {
    const answer = await api.audit.list.query(auditListInput({ ...state, page, pageSize: 100 }));
    if (answer.items.length > 0) yield answer.items;
    if (page * answer.pageSize >= answer.total || answer.items.length === 0) return;
  }
}

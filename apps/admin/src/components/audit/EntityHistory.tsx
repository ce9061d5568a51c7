import type { AuditEntityType } from '@omnicart/contracts';
import Link from 'next/link';
import type { EntityHistoryData } from '@/lib/audit/types';
import { AuditEntries } from './AuditEntries';

/**
 * An entity's own history from the audit log, for its page (order, customer, stock of a SKU,
 * product): the latest changes, newest first, and a link to all of them in the log. The page loads
 * `history` with `entityHistory(entityType, entityId)` (server/audit.ts: components only get data
 * as props); nothing shows for a staff member without `audit:read`.
 */
export function EntityHistory({ entityType, entityId, history, title = 'Change history' }: { entityType: AuditEntityType; entityId: string; history: EntityHistoryData; title?: string }) {
  if (history.state === 'hidden') return null;
  const headingId = `history-${entityType}`;
  const all = `/audit?entityType=${encodeURIComponent(entityType)}&entityId=${encodeURIComponent(entityId)}`;
  return (
    <section className="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId} style={{ margin: 0, fontSize: 'var(--oc-font-size-lg, 1.125rem)' }}>
        {title}
      </h2>
      {history.state === 'unavailable' ? (
        <p role="status">The audit log is unavailable right now; the history shows again once it answers.</p>
      ) : history.page.total === 0 ? (
        <p className="muted">No changes by staff recorded yet.</p>
      ) : (
        <>
          <AuditEntries entries={history.page.items} caption={title} showEntity={false} />
          {history.page.total > history.page.items.length ? (
            <p>
              <Link href={all}>All {history.page.total.toLocaleString('en-US')} changes in the audit log</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

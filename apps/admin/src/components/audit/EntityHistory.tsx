import type { AuditEntityType } from '@omnicart/contracts';
import Link from 'next/link';
import { getAdminContext } from '@/server/context';
import { AuditEntries } from './AuditEntries';

/** How many of an entity's latest entries its page shows (the audit log has the rest). */
const SHOWN = 10;

/**
 * An entity's own history from the audit log, for its page (order, customer, stock of a SKU,
 * product): the latest changes, newest first, with a link to all of them in the audit log. Shows
 * nothing to a staff member without `audit:read`; an unavailable audit service leaves the rest of
 * the page working.
 */
export async function EntityHistory({ entityType, entityId, title = 'Change history' }: { entityType: AuditEntityType; entityId: string; title?: string }) {
  const { staff, api } = await getAdminContext();
  if (!staff?.permissions.includes('audit:read')) return null;
  const headingId = `history-${entityType}`;
  const all = `/audit?entityType=${encodeURIComponent(entityType)}&entityId=${encodeURIComponent(entityId)}`;
  let page;
  try {
    page = await api.audit.forEntity.query({ entityType, entityId, page: 1, pageSize: SHOWN });
  } catch {
    page = null;
  }
  return (
    <section className="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId} style={{ margin: 0, fontSize: 'var(--oc-font-size-lg, 1.125rem)' }}>
        {title}
      </h2>
      {page === null ? (
        <p role="status">The audit log is unavailable right now; the history shows again once it answers.</p>
      ) : page.total === 0 ? (
        <p className="muted">No changes by staff recorded yet.</p>
      ) : (
        <>
          <AuditEntries entries={page.items} caption={title} showEntity={false} />
          {page.total > page.items.length ? (
            <p>
              <Link href={all}>All {page.total.toLocaleString('en-US')} changes in the audit log</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

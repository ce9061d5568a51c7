import { AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES } from '@omnicart/contracts';
import type { Metadata } from 'next';
import { AuditEntries } from '@/components/audit/AuditEntries';
import { Pager } from '@/components/Pager';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import styles from '@/components/lists.module.css';
import { auditListInput, auditListQuery, isFiltered, parseAuditListParams } from '@/lib/audit/list-params';
import type { SearchParams } from '@/lib/url-state';
import { sectionById } from '@/sections';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: sectionById('audit').label };

/**
 * The audit log: every change by staff or an integration, newest first. Filters (actor e-mail,
 * entity type and id, days) and the page in the URL (a plain GET form), the total, a CSV export of
 * the filter. Read only: entries cannot be edited or deleted, here or through any API.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('audit');
  const state = parseAuditListParams(await searchParams);
  const result = await orForbidden(api.audit.list.query(auditListInput(state)));
  const filtered = isFiltered(state);
  const exportQuery = auditListQuery({ ...state, page: 1, pageSize: 20 });

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Audit log</h1>
        <a className="oc-button oc-button--secondary oc-button--sm" href={`/audit/export.csv${exportQuery}`} download>
          Export CSV{filtered ? ' (current filter)' : ''}
        </a>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Every change made by staff or an integration, as the service that owns it recorded it. Entries cannot be edited or deleted.
      </p>

      <form method="get" action="/audit" className={`panel ${styles.filters}`} role="search" aria-label="Filter the audit log">
        <label className={styles.wide}>
          Staff e-mail
          <input className="oc-input" type="email" name="actorEmail" defaultValue={state.actorEmail} placeholder="someone@example.com" autoComplete="off" />
        </label>
        <label>
          Entity type
          <select className="oc-select" name="entityType" defaultValue={state.entityType ?? ''}>
            <option value="">Any</option>
            {AUDIT_ENTITY_TYPES.map((type) => (
              <option key={type} value={type}>
                {AUDIT_ENTITY_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Entity id
          <input className="oc-input" type="text" name="entityId" defaultValue={state.entityId} placeholder="Id or SKU" autoComplete="off" />
        </label>
        <label>
          From (UTC day)
          <input className="oc-input" type="date" name="from" defaultValue={state.from} />
        </label>
        <label>
          To (UTC day)
          <input className="oc-input" type="date" name="to" defaultValue={state.to} />
        </label>
        <PageSizeField value={state.pageSize} />
        <FilterButtons filtered={filtered} clearHref="/audit" />
      </form>

      <ListTotal noun={{ one: 'change', many: 'changes', none: 'No changes recorded yet.' }} result={result} filtered={filtered} />
      {result.items.length ? <AuditEntries entries={result.items} caption="Audit log" /> : null}
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(page) => `/audit${auditListQuery(state, { page })}`} label="Audit log pages" />
    </div>
  );
}

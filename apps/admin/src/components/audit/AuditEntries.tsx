import type { AuditEntry } from '@/lib/audit/types';
import { auditEntityHref } from '@omnicart/contracts';
import Link from 'next/link';
import { actionLabel, actorLabel, entityTypeLabel, fieldLabel, valueText } from '@/lib/audit/format';
import { dateTime } from '@/lib/format';
import styles from './audit.module.css';

/** Audit entries as a table: when, who, the entity (linked to its page), the action, each changed field before → after. */
export function AuditEntries({ entries, caption, showEntity = true }: { entries: readonly AuditEntry[]; caption: string; showEntity?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="oc-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            {showEntity ? <th scope="col">Entity</th> : null}
            <th scope="col">Action</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const href = auditEntityHref(entry.entityType, entry.entityId);
            return (
              <tr key={entry.id} data-testid="audit-entry">
                <td className={styles.nowrap}>
                  <time dateTime={entry.occurredAt}>{dateTime(entry.occurredAt)}</time>
                </td>
                <td>{actorLabel(entry.actor)}</td>
                {showEntity ? (
                  <td>
                    <span className="muted">{entityTypeLabel(entry.entityType)}</span>
                    <br />
                    {href ? <Link href={href}>{entry.label || entry.entityId}</Link> : entry.label || entry.entityId}
                  </td>
                ) : null}
                <th scope="row">{actionLabel(entry.action)}</th>
                <td>
                  {entry.changes.length ? (
                    <ul className={styles.changes}>
                      {entry.changes.map((change) => (
                        <li key={change.field}>
                          <span className={styles.field}>{fieldLabel(change.field)}</span>: <del className={styles.before}>{valueText(change.before, change.field)}</del>
                          {' → '}
                          <ins className={styles.after}>{valueText(change.after, change.field)}</ins>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

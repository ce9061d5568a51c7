import { delta } from '@/lib/reports/format';
import styles from './reports.module.css';

/**
 * One figure of a report with its change against the previous period: the arrow is decorative,
 * the words say it ("up 12.3%"), and the previous value is written beside it.
 */
export function Figure({
  label,
  value,
  current,
  previous,
  previousValue,
  kind = 'relative',
}: {
  label: string;
  value: string;
  current: number | null;
  previous?: number | null | undefined;
  previousValue?: string | undefined;
  kind?: 'relative' | 'points';
}) {
  const change = previous === undefined ? null : delta(current, previous, kind);
  return (
    <div className={styles.figure}>
      <dt className={styles.figureLabel}>{label}</dt>
      <dd className={styles.figureValue}>{value}</dd>
      {change ? (
        <dd className={`${styles.figureChange} ${styles[change.direction] ?? ''}`}>
          <span aria-hidden="true">{change.short}</span>
          <span className="oc-visually-hidden">{change.text}</span>
          {previousValue ? <span className="muted"> vs {previousValue}</span> : null}
        </dd>
      ) : null}
    </div>
  );
}

/** A delta in a table cell: "▲ 12.3%" with the words for screen readers. */
export function DeltaCell({ current, previous, kind = 'relative' }: { current: number | null; previous: number | null | undefined; kind?: 'relative' | 'points' }) {
  const change = delta(current, previous ?? null, kind);
  return (
    <td className={`num ${styles.deltaCell} ${styles[change.direction] ?? ''}`}>
      <span aria-hidden="true">{change.short}</span>
      <span className="oc-visually-hidden">{change.text}</span>
    </td>
  );
}

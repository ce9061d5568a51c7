import { changeBetween } from '@/lib/change';
import figure from '@/components/reports/reports.module.css';
import styles from './Dashboard.module.css';

/** One figure with its change against the previous period (arrow plus words: not colour alone). */
export function Kpi({ label, value, current, previous, comparedTo }: { label: string; value: string; current: number; previous?: number; comparedTo?: string }) {
  const change = previous === undefined ? null : changeBetween(current, previous);
  return (
    <div className={figure.figure}>
      <dt className={figure.figureLabel}>{label}</dt>
      <dd className={styles.kpiValue}>{value}</dd>
      {change ? (
        <dd className={`${figure.figureChange} ${figure[change.direction] ?? ''}`}>
          <span aria-hidden="true">{change.symbol} </span>
          {change.text} {comparedTo ? <span className="muted">vs {comparedTo}</span> : null}
        </dd>
      ) : null}
    </div>
  );
}

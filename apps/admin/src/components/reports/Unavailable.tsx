import styles from './reports.module.css';

/** Analytics did not answer: say so in place of the figures (the rest of the page stays usable). */
export function ReportsUnavailable({ title = 'Reports unavailable', children }: { title?: string; children?: React.ReactNode }) {
  return (
    <div className={`panel ${styles.unavailable}`} role="status">
      <p style={{ margin: 0 }}>
        <strong>{title}</strong>
      </p>
      <p className="muted" style={{ margin: 0 }}>
        {children ?? 'The analytics service did not answer. The figures will be back when it does; try again in a moment.'}
      </p>
    </div>
  );
}

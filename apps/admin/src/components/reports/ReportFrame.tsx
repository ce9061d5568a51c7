import Link from 'next/link';
import { GRANULARITY_LABELS, RANGE_PRESETS, RANGE_PRESET_LABELS, granularitiesFor, previousPeriod, rangeQuery, type ReportRange } from '@/lib/reports/range';
import { rangeLabel } from '@/lib/reports/format';
import styles from './reports.module.css';

export interface CsvLink {
  href: string;
  label?: string;
}

/**
 * Every report page's frame: the title, the range bar (presets as links, a plain GET form for a
 * custom range, the granularity where it applies, comparison on/off: all in the URL, so a report
 * is a shareable link that works without JavaScript), which days it covers in which time zone,
 * and its **Download CSV** links.
 */
export function ReportFrame({
  title,
  path,
  range,
  timeZone,
  description,
  csv,
  granularity = true,
  extra = {},
  children,
}: {
  title: string;
  /** The page's own path (/reports/sales). */
  path: string;
  range: ReportRange;
  /** The time zone the report answered in (its days are that zone's days). */
  timeZone: string;
  description: string;
  csv: CsvLink[];
  granularity?: boolean;
  /** What else picks the page's rows (kept by the preset links; `by` gets a "Rank by" field). */
  extra?: Record<string, string>;
  children: React.ReactNode;
}) {
  const previous = previousPeriod(range);
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link href={`/reports${rangeQuery(range, {}, false)}`}>Reports</Link>
      </nav>
      <div className="page-header">
        <h1 className="page-title">{title}</h1>
        <div className="oc-cluster">
          {csv.map((link) => (
            <a key={link.href} className="oc-button oc-button--secondary oc-button--sm" href={link.href} download>
              {link.label ?? 'Download CSV'}
            </a>
          ))}
        </div>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {description}
      </p>
      <RangeBar path={path} range={range} granularity={granularity} extra={extra} />
      <p className={styles.meta} data-testid="report-period">
        <span>
          <strong>{rangeLabel(range)}</strong>
        </span>
        {range.compare ? <span>compared with {rangeLabel(previous)}</span> : <span>no comparison</span>}
        <span>Days in {timeZone}</span>
      </p>
      {children}
    </div>
  );
}

export function RangeBar({ path, range, granularity = true, extra = {} }: { path: string; range: ReportRange; granularity?: boolean; extra?: Record<string, string> }) {
  const granularities = granularitiesFor(range);
  return (
    <div className={`panel ${styles.rangeBar}`}>
      <nav aria-label="Date range presets" className={styles.presets}>
        {RANGE_PRESETS.map((preset) => (
          <Link
            key={preset}
            href={`${path}${rangeQuery({ ...range, preset }, extra, false)}`}
            className={`oc-button oc-button--sm ${range.preset === preset ? 'oc-button--primary' : 'oc-button--secondary'}`}
            aria-current={range.preset === preset ? 'page' : undefined}
          >
            {RANGE_PRESET_LABELS[preset]}
          </Link>
        ))}
      </nav>
      <form method="get" action={path} className={styles.rangeForm} aria-label="Custom range">
        <input type="hidden" name="range" value="custom" />
        <label>
          From
          <input className="oc-input" type="date" name="from" defaultValue={range.from} required />
        </label>
        <label>
          To
          <input className="oc-input" type="date" name="to" defaultValue={range.to} required />
        </label>
        {granularity ? (
          <label>
            Granularity
            <select className="oc-select" name="granularity" defaultValue={range.granularity}>
              {granularities.map((value) => (
                <option key={value} value={value}>
                  {GRANULARITY_LABELS[value]}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {extra.by ? (
          <label>
            Rank by
            <select className="oc-select" name="by" defaultValue={extra.by}>
              <option value="revenue">Revenue</option>
              <option value="units">Units</option>
            </select>
          </label>
        ) : null}
        <label>
          Compare with
          <select className="oc-select" name="compare" defaultValue={range.compare ? '1' : '0'}>
            <option value="1">The previous period</option>
            <option value="0">Nothing</option>
          </select>
        </label>
        <button type="submit" className="oc-button oc-button--secondary oc-button--sm">
          Show range
        </button>
      </form>
    </div>
  );
}

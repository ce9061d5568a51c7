import { Figure } from '@/components/reports/Figure';
import { ReportTable, numericColumns } from '@/components/reports/ReportTable';
import { RankedBarChart } from '@/components/reports/charts';
import styles from '@/components/reports/reports.module.css';
import { count, percent, rangeLabel } from '@/lib/reports/format';
import type { SearchReport, SearchRow } from '@/lib/reports/types';

function QueryTable({ rows, caption, testId, corrected }: { rows: SearchRow[]; caption: string; testId: string; corrected?: boolean }) {
  return (
    <ReportTable
      label={caption}
      columns={[{ label: 'Query' }, ...(corrected ? [{ label: 'Corrected to' }] : []), ...numericColumns('Searches', 'No results', 'Clicks', 'Click-through')]}
      testId={testId}
    >
      {rows.map((row) => (
        <tr key={row.query} data-key={row.query}>
          <th scope="row">{row.query}</th>
          {corrected ? <td>{row.correctedTo ?? '–'}</td> : null}
          <td className="num">{count(row.searches)}</td>
          <td className="num">{count(row.zeroResults)}</td>
          <td className="num">{count(row.clicks)}</td>
          <td className="num">{percent(row.clickThrough)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

export function SearchReportBody({ report }: { report: SearchReport }) {
  const { current, previous } = report;
  const totals = current.totals;
  const before = previous?.totals ?? null;
  const summary = current.topQueries.length
    ? `Top searches, ${rangeLabel(current.period)}: ${current.topQueries
        .slice(0, 3)
        .map((row) => `“${row.query}” ${count(row.searches)}`)
        .join(', ')}.`
    : 'No searches in this range.';
  return (
    <>
      <dl className={styles.figures}>
        <Figure label="Searches" value={count(totals.searches)} current={totals.searches} previous={before?.searches} previousValue={before ? count(before.searches) : undefined} />
        <Figure label="Searches with no results" value={count(totals.zeroResults)} current={totals.zeroResults} previous={before?.zeroResults} previousValue={before ? count(before.zeroResults) : undefined} />
        <Figure label="Corrected searches" value={count(totals.corrected)} current={totals.corrected} previous={before?.corrected} previousValue={before ? count(before.corrected) : undefined} />
        <Figure label="Clicks from search" value={count(totals.clicks)} current={totals.clicks} previous={before?.clicks} previousValue={before ? count(before.clicks) : undefined} />
        <Figure label="Click-through rate" value={percent(totals.clickThrough)} current={totals.clickThrough} previous={before ? before.clickThrough : undefined} kind="points" />
      </dl>
      <section aria-labelledby="top-queries" className="panel">
        <h2 id="top-queries" className={styles.title}>
          Top queries
        </h2>
        {current.topQueries.length ? (
          <>
            <RankedBarChart bars={current.topQueries.slice(0, 10).map((row) => ({ label: row.query, value: row.searches }))} summary={summary} format="count" name="Searches" compare={false} />
            <QueryTable rows={current.topQueries} caption="Top queries" testId="report-table" />
          </>
        ) : (
          <p>No searches in this range.</p>
        )}
      </section>
      <section aria-labelledby="zero-results" className="panel">
        <h2 id="zero-results" className={styles.title}>
          Searches with no results
        </h2>
        {current.zeroResultQueries.length ? <QueryTable rows={current.zeroResultQueries} caption="Queries that found no products" testId="zero-results-table" /> : <p>Every search found something.</p>}
      </section>
      <section aria-labelledby="corrected" className="panel">
        <h2 id="corrected" className={styles.title}>
          Corrected queries
        </h2>
        {current.correctedQueries.length ? <QueryTable rows={current.correctedQueries} caption="Queries with a typo correction" testId="corrected-table" corrected /> : <p>No query needed a correction.</p>}
      </section>
    </>
  );
}

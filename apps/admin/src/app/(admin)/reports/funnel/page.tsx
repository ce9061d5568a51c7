import type { Metadata } from 'next';
import { DeltaCell, Figure } from '@/components/reports/Figure';
import { ReportFrame } from '@/components/reports/ReportFrame';
import { ReportsUnavailable } from '@/components/reports/Unavailable';
import { FunnelChart } from '@/components/reports/charts';
import styles from '@/components/reports/reports.module.css';
import { reportCsvHref } from '@/lib/reports/csv-link';
import { count, percent, rangeLabel } from '@/lib/reports/format';
import { conversionRate, funnelRows } from '@/lib/reports/funnel';
import type { FunnelReport } from '@/lib/reports/types';
import type { SearchParams } from '@/lib/url-state';
import { requireSection } from '@/server/guard';
import { loadReport } from '@/server/reports';

export const metadata: Metadata = { title: 'Conversion funnel' };

/**
 * Sessions → product view → add to cart → checkout started → order placed, with each step's
 * conversion (k ÷ k−1), overall conversion (k ÷ sessions) and drop-off, as PostHog defines them.
 */
export default async function FunnelReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('reports');
  const { range, timeZone, result } = await loadReport(api, 'funnel', await searchParams);
  return (
    <ReportFrame
      title="Conversion funnel"
      path="/reports/funnel"
      range={range}
      timeZone={timeZone}
      granularity={false}
      description="Sessions that reached each step within the session: step conversion is a step ÷ the step before, overall conversion a step ÷ sessions, drop-off who left between two steps."
      csv={[{ href: reportCsvHref('funnel', range) }]}
    >
      {result.status === 'unavailable' ? <ReportsUnavailable /> : <FunnelBody report={result.report} />}
    </ReportFrame>
  );
}

function FunnelBody({ report }: { report: FunnelReport }) {
  const steps = funnelRows(report.current.steps, report.previous?.steps);
  const showPrevious = report.previous !== null;
  const first = steps[0];
  const last = steps[steps.length - 1];
  const summary = `Conversion funnel, ${rangeLabel(report.current.period)}: ${steps.map((step) => `${step.label} ${count(step.count)}`).join(', ')}; overall conversion ${percent(
    first?.count ? last?.overallConversion : null,
  )}.`;
  const chart = steps.map((step) => ({ label: step.label, count: step.count, previous: step.previous?.count ?? null }));
  return (
    <>
      <dl className={styles.figures}>
        <Figure label="Sessions" value={count(first?.count ?? 0)} current={first?.count ?? 0} previous={showPrevious ? (first?.previous?.count ?? 0) : undefined} />
        <Figure label="Orders placed" value={count(last?.count ?? 0)} current={last?.count ?? 0} previous={showPrevious ? (last?.previous?.count ?? 0) : undefined} />
        <Figure
          label="Overall conversion"
          value={percent(conversionRate(report.current.steps))}
          current={conversionRate(report.current.steps)}
          previous={showPrevious ? conversionRate(report.previous?.steps) : undefined}
          kind="points"
        />
      </dl>
      <section aria-labelledby="funnel-steps" className="panel">
        <h2 id="funnel-steps" className={styles.title}>
          Steps
        </h2>
        <FunnelChart steps={chart} summary={summary} compare={showPrevious} />
        <div className="table-scroll">
          <table className="data-table" data-testid="report-table">
            <caption className="oc-visually-hidden">Funnel steps</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col" className="num">
                  Sessions
                </th>
                <th scope="col" className="num">
                  Step conversion
                </th>
                <th scope="col" className="num">
                  Overall conversion
                </th>
                <th scope="col" className="num">
                  Drop-off
                </th>
                <th scope="col" className="num">
                  Drop-off rate
                </th>
                {showPrevious ? (
                  <>
                    <th scope="col" className="num">
                      Previous sessions
                    </th>
                    <th scope="col" className="num">
                      Change
                    </th>
                  </>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step.step} data-key={step.step}>
                  <th scope="row">{step.label}</th>
                  <td className="num">{count(step.count)}</td>
                  <td className="num">{percent(step.stepConversion)}</td>
                  <td className="num">{percent(step.overallConversion)}</td>
                  <td className="num">{count(step.dropOff)}</td>
                  <td className="num">{percent(step.dropOffRate)}</td>
                  {showPrevious ? (
                    <>
                      <td className="num">{step.previous ? count(step.previous.count) : '–'}</td>
                      <DeltaCell current={step.count} previous={step.previous?.count ?? 0} />
                    </>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

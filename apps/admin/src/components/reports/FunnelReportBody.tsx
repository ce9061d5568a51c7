import { DeltaCell, Figure } from '@/components/reports/Figure';
import { ReportTable, compareColumns, numericColumns } from '@/components/reports/ReportTable';
import { FunnelChart } from '@/components/reports/charts';
import styles from '@/components/reports/reports.module.css';
import { count, percent, rangeLabel } from '@/lib/reports/format';
import { conversionRate, funnelRows } from '@/lib/reports/funnel';
import type { FunnelReport } from '@/lib/reports/types';

export function FunnelReportBody({ report }: { report: FunnelReport }) {
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
        <ReportTable
          label="Funnel steps"
          columns={[
            { label: 'Step' },
            ...numericColumns('Sessions', 'Step conversion', 'Overall conversion', 'Drop-off', 'Drop-off rate'),
            ...compareColumns(showPrevious, 'Previous sessions', 'Change'),
          ]}
          testId="report-table"
        >
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
        </ReportTable>
      </section>
    </>
  );
}

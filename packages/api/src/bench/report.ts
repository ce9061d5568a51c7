/**
 * The bench's table: figures per scenario, the ratio to the pg ceiling and the targets from the
 * issue (list and detail ≥ 50 % of the pg ceiling with p99 ≤ 25 ms, search ≥ 25 %; login and the
 * ceilings are reported only). Pure functions, so the formatting is unit-tested without timing.
 */

/**
 * `*-origin`: the same requests with `Cache-Control: no-cache`, so the gateway's micro-cache is
 * bypassed and the service answers every one. Held to the same targets as the cached rows, so
 * the table shows what the platform does on a cache miss too.
 */
export type ScenarioKind =
  | 'ceiling-bare'
  | 'ceiling-pg'
  | 'list'
  | 'list-origin'
  | 'search'
  | 'search-origin'
  | 'detail'
  | 'detail-origin'
  | 'login';

export interface Measurement {
  name: string;
  kind: ScenarioKind;
  /** Mean requests per second over the measured window. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests answered (any status). */
  requests: number;
  /** Responses outside 2xx, connection errors and timeouts. */
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface Target {
  minRatio: number;
  maxP99Ms?: number;
}

const LIST_AND_DETAIL: Target = { minRatio: 0.5, maxP99Ms: 25 };
const SEARCH: Target = { minRatio: 0.25 };

export const TARGETS: Partial<Record<ScenarioKind, Target>> = {
  list: LIST_AND_DETAIL,
  'list-origin': LIST_AND_DETAIL,
  detail: LIST_AND_DETAIL,
  'detail-origin': LIST_AND_DETAIL,
  search: SEARCH,
  'search-origin': SEARCH,
};

export type Verdict = 'pass' | 'FAIL' | 'report';

export interface Row extends Measurement {
  /** requestsPerSecond / pg ceiling requestsPerSecond. */
  ratioToPg: number | null;
  target: string;
  verdict: Verdict;
}

export function describeTarget(target: Target | undefined): string {
  if (!target) return '—';
  const ratio = `≥ ${Math.round(target.minRatio * 100)} % of pg`;
  return target.maxP99Ms === undefined ? ratio : `${ratio}, p99 ≤ ${target.maxP99Ms} ms`;
}

export function evaluate(measurements: Measurement[]): Row[] {
  const pg = measurements.find((m) => m.kind === 'ceiling-pg');
  return measurements.map((m) => {
    const ratioToPg = pg && pg.requestsPerSecond > 0 ? m.requestsPerSecond / pg.requestsPerSecond : null;
    const target = TARGETS[m.kind];
    let verdict: Verdict = 'report';
    if (target) {
      // Error responses are not throughput: a scenario that answered errors fails its target.
      const clean = m.non2xx === 0 && m.errors === 0 && m.timeouts === 0;
      const fastEnough = ratioToPg !== null && ratioToPg >= target.minRatio;
      const tailOk = target.maxP99Ms === undefined || m.p99Ms <= target.maxP99Ms;
      verdict = clean && fastEnough && tailOk ? 'pass' : 'FAIL';
    }
    return { ...m, ratioToPg, target: describeTarget(target), verdict };
  });
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatTable(rows: Row[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs pg', 'non-2xx/err', 'target', 'result'];
  const body = rows.map((row) => [
    row.name,
    row.requestsPerSecond.toFixed(0),
    row.p50Ms.toFixed(1),
    row.p99Ms.toFixed(1),
    row.ratioToPg === null ? '—' : `${(row.ratioToPg * 100).toFixed(0)} %`,
    `${row.non2xx}/${row.errors + row.timeouts}`,
    row.target,
    row.verdict,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const numeric = new Set([1, 2, 3, 4, 5]);
  const line = (cells: string[]) => `| ${cells.map((cell, column) => pad(cell, widths[column] ?? 0, numeric.has(column))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

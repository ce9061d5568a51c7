/**
 * Reads the two formats browsers send CSP violations in: `application/csp-report`
 * (`{"csp-report": {...}}`, from `report-uri`) and `application/reports+json` (an array of
 * `{type: "csp-violation", body: {...}}`, from `report-to`), into short log lines.
 */
export interface CspViolation {
  directive: string;
  blocked: string;
  document: string;
  source?: string;
  line?: number;
}

/** A URL without its query and fragment (they may hold search terms or tokens); keywords such as `inline` as they are. */
function withoutQuery(value: unknown): string {
  const text = typeof value === 'string' ? value.slice(0, 500) : '';
  return text.replace(/[?#].*$/, '');
}

function violationOf(body: Record<string, unknown>): CspViolation {
  const directive = body['effective-directive'] ?? body['effectiveDirective'] ?? body['violated-directive'] ?? body['violatedDirective'];
  const line = body['line-number'] ?? body['lineNumber'];
  const source = withoutQuery(body['source-file'] ?? body['sourceFile']);
  return {
    directive: typeof directive === 'string' ? directive.slice(0, 100) : 'unknown',
    blocked: withoutQuery(body['blocked-uri'] ?? body['blockedURL']),
    document: withoutQuery(body['document-uri'] ?? body['documentURL']),
    ...(source ? { source } : {}),
    ...(typeof line === 'number' ? { line } : {}),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The violations in a report body; nothing for anything else (malformed JSON included). At most 20. */
export function summarizeCspReports(text: string): CspViolation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (isObject(parsed) && isObject(parsed['csp-report'])) return [violationOf(parsed['csp-report'])];
  if (Array.isArray(parsed)) {
    return parsed
      .filter((report): report is { type: string; body: Record<string, unknown> } => isObject(report) && report.type === 'csp-violation' && isObject(report.body))
      .slice(0, 20)
      .map((report) => violationOf(report.body));
  }
  return [];
}

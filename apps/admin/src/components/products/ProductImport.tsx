'use client';
import { Alert, Button } from '@omnicart/ui';
import { useEffect, useRef, useState } from 'react';
import type { ImportApplyAnswer, ImportPreviewAnswer } from '@/server/catalog-actions';
import styles from './catalog.module.css';

type Preview = Extract<ImportPreviewAnswer, { ok: true }>['preview'];
type RowError = Preview['errors'][number];

const SHOWN_ROWS = 200;
const POLL_MS = 400;

/**
 * Choose a file → the catalog validates every row (nothing written) → the preview: counts, every error
 * with its line, what each row would do → Apply (disabled while there are errors) → one transaction.
 * Progress: while the apply runs, the page polls the catalog's count of rows written (it comes from the
 * replica doing the work; when another answers, the bar shows no number until the end).
 */
export function ProductImport({ preview: runPreview, apply: runApply }: { preview: (csv: string) => Promise<ImportPreviewAnswer>; apply: (csv: string, importId: string) => Promise<ImportApplyAnswer> }) {
  const [fileName, setFileName] = useState<string | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reading' | 'validating' | 'applying' | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<{ message: string; errors?: RowError[] } | null>(null);
  const [result, setResult] = useState<Extract<ImportApplyAnswer, { ok: true }> | null>(null);
  const [progress, setProgress] = useState<{ processed: number; total: number } | null>(null);
  const poller = useRef<ReturnType<typeof setInterval> | null>(null);

  useEffect(() => () => void (poller.current && clearInterval(poller.current)), []);

  async function choose(file: File | undefined) {
    setPreview(null);
    setProblem(null);
    setResult(null);
    setProgress(null);
    if (!file) return;
    setFileName(file.name);
    setBusy('reading');
    const text = await file.text();
    setCsv(text);
    setBusy('validating');
    const answer = await runPreview(text);
    setBusy(null);
    if (answer.ok) setPreview(answer.preview);
    else setProblem({ message: answer.message });
  }

  async function apply() {
    if (!csv || !preview) return;
    const importId = crypto.randomUUID();
    const total = preview.counts.create + preview.counts.update;
    setBusy('applying');
    setProblem(null);
    setProgress({ processed: 0, total });
    poller.current = setInterval(async () => {
      const response = await fetch(`/products/import/progress?id=${importId}`, { cache: 'no-store' }).catch(() => null);
      const body = response?.ok ? ((await response.json()) as { state: string; processed: number; total: number }) : null;
      if (body && body.state !== 'unknown' && body.total > 0) setProgress({ processed: body.processed, total: body.total });
    }, POLL_MS);
    const answer = await runApply(csv, importId);
    if (poller.current) clearInterval(poller.current);
    poller.current = null;
    setBusy(null);
    if (answer.ok) {
      setProgress({ processed: total, total });
      setResult(answer);
      setPreview(null);
    } else {
      setProgress(null);
      setProblem({ message: answer.message, ...(answer.errors ? { errors: answer.errors } : {}) });
    }
  }

  const errors = problem?.errors ?? preview?.errors ?? [];
  const percent = progress && progress.total > 0 ? Math.round((progress.processed / progress.total) * 100) : progress ? 100 : 0;
  return (
    <>
      <section className="panel stack-form" aria-labelledby="upload-title">
        <h2 id="upload-title" className="section-title">
          Choose a file
        </h2>
        <label htmlFor="product-csv">Product CSV file</label>
        <input id="product-csv" name="file" type="file" accept=".csv,text/csv" className="oc-input" disabled={busy !== null} onChange={(event) => void choose(event.target.files?.[0])} aria-describedby="upload-hint" />
        <p id="upload-hint" className="muted">
          Checked as soon as you choose it; nothing is written until you apply.
        </p>
      </section>

      <div aria-live="polite" role="status">
        {busy === 'reading' || busy === 'validating' ? <p>Checking {fileName}…</p> : null}
        {problem ? <Alert tone="error">{problem.message}</Alert> : null}
        {result ? (
          <Alert tone="success">
            Imported {fileName}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged.
          </Alert>
        ) : null}
      </div>

      {progress ? (
        <section className="panel" aria-labelledby="progress-title">
          <h2 id="progress-title" className="section-title">
            {busy === 'applying' ? 'Applying…' : 'Applied'}
          </h2>
          <div
            className={styles.progress}
            role="progressbar"
            aria-labelledby="progress-title"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${progress.processed} of ${progress.total} rows written`}
          >
            <div className={styles.progressBar} style={{ width: `${percent}%` }} />
          </div>
          <p className="muted">
            {progress.processed} of {progress.total} rows written (one transaction: if anything fails, none of them are kept).
          </p>
        </section>
      ) : null}

      {preview ? (
        <section className="panel stack" aria-labelledby="preview-title">
          <h2 id="preview-title" className="section-title">
            Preview of {fileName}
          </h2>
          <p>
            {preview.total} rows: {preview.counts.create} to create, {preview.counts.update} to update, {preview.counts.unchanged} unchanged
            {preview.counts.invalid ? `, ${preview.counts.invalid} with errors` : ''}.
          </p>
          {errors.length ? <Alert tone="error">Fix the {errors.length === 1 ? 'error' : `${errors.length} errors`} below in the file and choose it again: nothing can be applied while there are errors.</Alert> : null}
          <div>
            <Button type="button" onClick={() => void apply()} disabled={errors.length > 0 || busy !== null || preview.counts.create + preview.counts.update === 0} loading={busy === 'applying'}>
              Apply import
            </Button>
            {errors.length === 0 && preview.counts.create + preview.counts.update === 0 ? <p className="muted">Nothing to change: every row matches the catalog.</p> : null}
          </div>
        </section>
      ) : null}

      {errors.length ? (
        <section className="panel" aria-labelledby="errors-title">
          <h2 id="errors-title" className="section-title">
            Errors
          </h2>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="oc-visually-hidden">Errors in the file, by line</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((error, index) => (
                  <tr key={`${error.line}-${error.field}-${index}`}>
                    <td className={styles.errorLine}>Line {error.line}</td>
                    <td>{error.field}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {preview && preview.rows.length ? (
        <section className="panel" aria-labelledby="rows-title">
          <h2 id="rows-title" className="section-title">
            Rows
          </h2>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="oc-visually-hidden">What each valid row does</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Name</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.slice(0, SHOWN_ROWS).map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td>{row.sku}</td>
                    <td>{row.name}</td>
                    <td>{row.action === 'update' ? `update (${row.changed.join(', ')})` : row.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.rows.length > SHOWN_ROWS ? <p className="muted">The first {SHOWN_ROWS} of {preview.rows.length} rows.</p> : null}
        </section>
      ) : null}
    </>
  );
}

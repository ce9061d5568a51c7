import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateServiceDocument, renderYaml, type ServiceDocumentSpec } from './generate.js';

/** The repository root (same depth from src/openapi and dist/openapi). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** data/docs/ at the repository root. */
export const DOCS_DIR = join(REPO_ROOT, 'data', 'docs');

export interface RenderedDocument {
  file: string;
  path: string;
  text: string;
}

export function renderDocuments(specs: ServiceDocumentSpec[], dir = DOCS_DIR): RenderedDocument[] {
  return specs.map((spec) => ({ file: spec.file, path: join(dir, spec.file), text: renderYaml(generateServiceDocument(spec)) }));
}

export interface DocumentDrift {
  file: string;
  summary: string;
}

/** Compares generated text with the committed files; an empty list means no drift. */
export function findDrift(documents: RenderedDocument[]): DocumentDrift[] {
  const drift: DocumentDrift[] = [];
  for (const document of documents) {
    if (!existsSync(document.path)) {
      drift.push({ file: document.file, summary: 'missing (never generated)' });
      continue;
    }
    const committed = readFileSync(document.path, 'utf8');
    if (committed !== document.text) drift.push({ file: document.file, summary: diffSummary(committed, document.text) });
  }
  return drift;
}

/** A short line diff: how many lines differ and the first few, with line numbers. */
export function diffSummary(committed: string, generated: string, maxLines = 12): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  // Trim the common head and tail, then show what is left on each side.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const lines = [`differs from line ${head + 1}: ${removed.length} committed line(s) vs ${added.length} generated line(s)`];
  for (const line of removed.slice(0, maxLines / 2)) lines.push(`    - ${line}`);
  if (removed.length > maxLines / 2) lines.push(`    - … ${removed.length - maxLines / 2} more`);
  for (const line of added.slice(0, maxLines / 2)) lines.push(`    + ${line}`);
  if (added.length > maxLines / 2) lines.push(`    + … ${added.length - maxLines / 2} more`);
  return lines.join('\n');
}

#!/usr/bin/env node
// Writes the event catalogue (data/architecture/events.md) from the declared contracts, or with
// --check fails (exit 1) when the committed file differs from what the code generates.
//   node packages/api/dist/cli/events.js           (npm run events:catalogue)
//   node packages/api/dist/cli/events.js --check   (npm run check:events)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE_FILE, renderCatalogue } from '../platform/index.js';
import { REPO_ROOT } from '../openapi/files.js';

const args = process.argv.slice(2);
if (args.some((arg) => arg !== '--check')) {
  console.error(`Unknown argument(s): ${args.join(' ')}\nUsage: events [--check]`);
  process.exit(2);
}
const path = join(REPO_ROOT, CATALOGUE_FILE);
const generated = renderCatalogue();
if (args.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  } catch {
    // missing: reported below
  }
  if (committed !== generated) {
    console.error(`${CATALOGUE_FILE} differs from what the event contracts generate. Run \`npm run events:catalogue\` and commit it.`);
    process.exit(1);
  }
  console.log(`${CATALOGUE_FILE} is up to date.`);
} else {
  writeFileSync(path, generated);
  console.log(`wrote ${CATALOGUE_FILE}`);
}

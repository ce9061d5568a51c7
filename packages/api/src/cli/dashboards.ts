#!/usr/bin/env node
// Writes the Grafana dashboards (k8s/observability/dashboards/*.json) from platform/dashboards.ts,
// or with --check fails (exit 1) when the committed files differ. With --queries it prints every
// panel query (Grafana variables replaced) as JSON lines, for scripts/check-observability.mjs to
// hand to promtool.
//   node packages/api/dist/cli/dashboards.js           (npm run dashboards)
//   node packages/api/dist/cli/dashboards.js --check   (part of npm run check:observability)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../openapi/files.js';
import { DASHBOARDS_DIR, concreteQuery, dashboardQueries, renderDashboards } from '../platform/dashboards.js';

const args = process.argv.slice(2);
if (args.length > 1 || args.some((arg) => arg !== '--check' && arg !== '--queries')) {
  console.error(`Unknown argument(s): ${args.join(' ')}\nUsage: dashboards [--check | --queries]`);
  process.exit(2);
}
if (args.includes('--queries')) {
  for (const query of dashboardQueries()) console.log(JSON.stringify({ ...query, expr: concreteQuery(query.expr) }));
  process.exit(0);
}
const files = renderDashboards();
const dir = join(REPO_ROOT, DASHBOARDS_DIR);
if (args.includes('--check')) {
  const stale: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    let committed = '';
    try {
      committed = readFileSync(join(REPO_ROOT, file), 'utf8').replace(/\r\n/g, '\n');
    } catch {
      // missing: stale
    }
    if (committed !== text) stale.push(file);
  }
  let present: string[] = [];
  try {
    present = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    // no directory: every file is missing, reported above
  }
  const extra = present.map((name) => `${DASHBOARDS_DIR}/${name}`).filter((file) => !(file in files));
  if (stale.length || extra.length) {
    if (stale.length) console.error(`${stale.join(', ')} differ from what packages/api/src/platform/dashboards.ts generates.`);
    if (extra.length) console.error(`${extra.join(', ')} no longer generated: delete them.`);
    console.error('Run `npm run dashboards` and commit the result.');
    process.exit(1);
  }
  console.log(`generated dashboards are up to date (${Object.keys(files).length} files).`);
} else {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(REPO_ROOT, file), text);
    console.log(`wrote ${file}`);
  }
}

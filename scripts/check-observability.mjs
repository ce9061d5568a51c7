// Checks k8s/observability without a cluster: the Prometheus configuration (promtool check config),
// the recording and alerting rules (promtool check rules), their unit tests (promtool test rules
// tests/*.yml), and the generated Grafana dashboards: up to date with packages/api/src/platform/
// dashboards.ts (drift) and every panel query parsing as PromQL (each wrapped into a temporary
// recording rule for promtool check rules). That every query names metrics the code defines is a
// vitest test (packages/api/src/platform/dashboards.test.ts). Needs the built @omnicart/api.
//
// promtool comes with Debian's `prometheus` package (.ci/run installs it). Without it the promtool
// steps fail when CI=true and are skipped, with a message, otherwise.
//
// Debian builds Prometheus without Kubernetes service discovery, so its promtool rejects
// `kubernetes_sd_configs`. The config is checked from a copy in which each such block is replaced by
// an empty `static_configs`; everything else (relabelling regexes, rule files, alerting) is checked as is.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'k8s', 'observability');
const { parse, stringify } = createRequire(join(root, 'packages', 'api', 'package.json'))('yaml');
const problems = [];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  return result;
}

function step(title, command, args, options) {
  const result = run(command, args, options);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status === 0) {
    console.log(`ok   ${title}`);
  } else {
    problems.push(`${title} failed:\n${output}`);
    console.log(`FAIL ${title}`);
  }
  return result;
}

// 1. The dashboards match their generator (no promtool needed).
step('dashboards are up to date (node packages/api/dist/cli/dashboards.js --check)', process.execPath, [join(root, 'packages/api/dist/cli/dashboards.js'), '--check']);

// 2. promtool.
/** promtool on the PATH (or PROMTOOL), else undefined. */
function findPromtool() {
  const candidates = process.env.PROMTOOL ? [process.env.PROMTOOL] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((entry) => join(entry, 'promtool'));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const promtool = findPromtool();
if (!promtool) {
  const message = 'promtool not found: install Debian\'s prometheus package (apt-get install -y --no-install-recommends prometheus)';
  if (process.env.CI === 'true') {
    problems.push(`${message}; CI must check the Prometheus config, rules, rule tests and dashboard queries.`);
  } else {
    console.log(`skip promtool checks (${message}; CI runs them).`);
  }
} else {
  const work = mkdtempSync(join(tmpdir(), 'omnicart-observability-'));
  try {
    // The config, with Kubernetes discovery swapped for an empty static target list (see above).
    cpSync(join(dir, 'rules'), join(work, 'rules'), { recursive: true });
    const config = parse(readFileSync(join(dir, 'prometheus.yml'), 'utf8'));
    let swapped = 0;
    for (const job of config.scrape_configs ?? []) {
      if (job.kubernetes_sd_configs) {
        if (!job.kubernetes_sd_configs.every((sd) => sd.role === 'pod')) problems.push(`prometheus.yml job ${job.job_name}: expected role: pod discovery`);
        delete job.kubernetes_sd_configs;
        job.static_configs = [{ targets: [] }];
        swapped++;
      }
    }
    if (swapped === 0) problems.push('prometheus.yml: no job discovers pods through kubernetes_sd_configs');
    writeFileSync(join(work, 'prometheus.yml'), stringify(config));
    step('promtool check config k8s/observability/prometheus.yml', promtool, ['check', 'config', join(work, 'prometheus.yml')]);

    const ruleFiles = readdirSync(join(dir, 'rules')).filter((name) => name.endsWith('.yml')).map((name) => join(dir, 'rules', name));
    step('promtool check rules k8s/observability/rules/*.yml', promtool, ['check', 'rules', ...ruleFiles]);

    const tests = readdirSync(join(dir, 'tests')).filter((name) => name.endsWith('.yml')).map((name) => join(dir, 'tests', name));
    if (tests.length === 0) problems.push('k8s/observability/tests has no promtool rule tests');
    else step('promtool test rules k8s/observability/tests/*.yml', promtool, ['test', 'rules', ...tests], { cwd: join(dir, 'tests') });

    // Every dashboard query, as a recording rule promtool parses.
    const listed = run(process.execPath, [join(root, 'packages/api/dist/cli/dashboards.js'), '--queries']);
    if (listed.status !== 0) {
      problems.push(`listing the dashboard queries failed:\n${listed.stderr}`);
    } else {
      const queries = listed.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
      const rules = queries.map((query, index) => ({ record: `dashboard_query_${index}`, expr: query.expr, labels: { dashboard: query.dashboard } }));
      writeFileSync(join(work, 'dashboard-queries.yml'), stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
      const checked = step(`promtool check rules on the ${queries.length} dashboard queries`, promtool, ['check', 'rules', join(work, 'dashboard-queries.yml')]);
      if (checked.status !== 0) {
        // Name the panel of the first query promtool could not parse.
        const index = /dashboard_query_(\d+)/.exec(`${checked.stdout}${checked.stderr}`)?.[1];
        const bad = index === undefined ? undefined : queries[Number(index)];
        if (bad) problems.push(`the failing query is on ${bad.dashboard} / ${bad.panel}: ${bad.expr}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (problems.length) {
  console.error(`\ncheck:observability found ${problems.length} problem(s):\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
console.log(promtool ? '\nk8s/observability is consistent.' : '\nk8s/observability dashboards are up to date (promtool checks skipped).');

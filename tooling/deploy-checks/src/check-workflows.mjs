// `npm run check:workflows`: validates .github/workflows/*.yml and .github/actions/*/action.yml
// offline. actionlint is a Go binary we cannot install; @action-validator/core (npm, WebAssembly)
// checks each file against SchemaStore's github-workflow / github-action JSON schemas and resolves
// `needs`. Our own checks on top: YAML parses; `needs` exist and have no cycle; every
// `npm run <script>` names a root package.json script; every `bash|node <file>` and local action
// (`uses: ./...`) exists; remote actions carry a ref; a job deploying to the `production`
// environment runs only after one deploying to `staging`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';

function flattenErrors(errors, out = []) {
  for (const error of errors ?? []) {
    if (error.states?.length) {
      // oneOf/anyOf: the branch with the fewest complaints is what the author meant.
      const best = [...error.states].sort((a, b) => a.errors.length - b.errors.length)[0];
      flattenErrors(best.errors, out);
    } else out.push(`${error.path ?? ''} ${error.detail ?? error.title}`.trim());
  }
  return out;
}

/** Commands a `run:` script starts that must exist in the repository. */
function runProblems(script, packageScripts, root) {
  const problems = [];
  for (const [, name] of script.matchAll(/\bnpm run ([\w:.-]+)/g)) if (!(name in packageScripts)) problems.push(`npm run ${name}: no such script in package.json`);
  for (const [, file] of script.matchAll(/\b(?:bash|node|sh)\s+((?:\.{0,2}\/)?[\w./-]+\.(?:mjs|js|sh)|\.ci\/run)\b/g)) {
    if (!existsSync(join(root, file))) problems.push(`${file}: no such file`);
  }
  return problems;
}

function stepsProblems(steps, where, packageScripts, root) {
  const problems = [];
  for (const [index, step] of (steps ?? []).entries()) {
    const at = `${where} step ${step?.name ?? index + 1}`;
    if (typeof step?.run === 'string') problems.push(...runProblems(step.run, packageScripts, root).map((problem) => `${at}: ${problem}`));
    if (typeof step?.uses === 'string') {
      if (step.uses.startsWith('./')) {
        if (!existsSync(join(root, step.uses, 'action.yml')) && !existsSync(join(root, step.uses, 'action.yaml'))) problems.push(`${at}: local action ${step.uses} does not exist`);
      } else if (!step.uses.startsWith('docker://') && !/@[\w.-]+$/.test(step.uses)) problems.push(`${at}: ${step.uses} must name a version (owner/action@v1 or a commit)`);
    }
  }
  return problems;
}

/** Checks every workflow and local action under `root`/.github. Returns { problems, summary }. */
export function checkWorkflows({ root }) {
  const problems = [];
  const packageScripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  const workflowsDir = join(root, '.github', 'workflows');
  const actionsDir = join(root, '.github', 'actions');
  const workflows = existsSync(workflowsDir) ? readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(workflowsDir, name)) : [];
  const actions = existsSync(actionsDir) ? readdirSync(actionsDir).map((name) => join(actionsDir, name, 'action.yml')).filter((path) => existsSync(path)) : [];
  if (!workflows.length) problems.push('.github/workflows: no workflow');

  for (const [file, isWorkflow] of [...workflows.map((file) => [file, true]), ...actions.map((file) => [file, false])]) {
    const where = relative(root, file);
    const text = readFileSync(file, 'utf8');
    let document;
    try {
      document = parse(text);
    } catch (error) {
      problems.push(`${where}: ${error.message.split('\n')[0]}`);
      continue;
    }
    const state = isWorkflow ? validateWorkflow(text) : validateAction(text);
    problems.push(...flattenErrors(state.errors).map((error) => `${where}: schema: ${error}`));
    if (!isWorkflow) {
      problems.push(...stepsProblems(document?.runs?.steps, where, packageScripts, root));
      continue;
    }
    const jobs = document?.jobs ?? {};
    const needsOf = (name) => [jobs[name]?.needs ?? []].flat();
    for (const [name, job] of Object.entries(jobs)) {
      for (const need of needsOf(name)) if (!(need in jobs)) problems.push(`${where}: job ${name} needs ${need}, which does not exist`);
      problems.push(...stepsProblems(job?.steps, `${where}: job ${name}`, packageScripts, root));
    }
    const upstream = (name, seen = new Set()) => {
      for (const need of needsOf(name)) {
        if (seen.has(need) || !(need in jobs)) continue;
        seen.add(need);
        upstream(need, seen);
      }
      return seen;
    };
    for (const name of Object.keys(jobs)) if (upstream(name).has(name)) problems.push(`${where}: job ${name} needs itself (a cycle)`);
    const environmentOf = (name) => (typeof jobs[name]?.environment === 'string' ? jobs[name].environment : jobs[name]?.environment?.name);
    for (const name of Object.keys(jobs).filter((job) => environmentOf(job) === 'production')) {
      if (![...upstream(name)].some((job) => environmentOf(job) === 'staging')) problems.push(`${where}: job ${name} deploys to production without a staging deployment before it`);
    }
  }
  const summary = `workflows: ${workflows.length} workflow(s) and ${actions.length} local action(s) valid against the GitHub workflow/action schemas; needs, scripts, files and action refs resolve; production after staging`;
  return { problems, summary };
}

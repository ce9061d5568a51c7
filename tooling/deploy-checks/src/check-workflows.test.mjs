// Breaks a copy of .github/ in each way check:workflows must catch, and proves it reports each one.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWorkflows } from './check-workflows.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'omnicart-workflows-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let copies = 0;

function problemsAfter(...edits) {
  const root = join(scratch, String(copies++));
  cpSync(join(repo, '.github'), join(root, '.github'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(root, 'package.json'));
  // The files the workflows run.
  mkdirSync(join(root, '.ci'));
  writeFileSync(join(root, '.ci', 'run'), '');
  for (const [file, from, to = ''] of edits) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`the test's edit does not apply: ${file} has no ${JSON.stringify(from)}`);
    writeFileSync(path, text.replace(from, to));
  }
  return checkWorkflows({ root }).problems;
}

describe('npm run check:workflows', () => {
  it('passes the committed workflows', () => {
    expect(problemsAfter()).toEqual([]);
  });

  it('reports schema errors: a misspelt key and a wrong type', () => {
    const problems = problemsAfter(['.github/workflows/ci.yml', '    runs-on: ubuntu-24.04\n    timeout-minutes: 60', '    runs-onn: ubuntu-24.04\n    timeout-minutes: sixty']);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^\.github\/workflows\/ci\.yml: schema: .*runs-onn/)]));
  });

  it('reports a job that needs a job that does not exist, and a cycle', () => {
    const problems = problemsAfter(['.github/workflows/release.yml', '    needs: [plan, images]', '    needs: [plan, image]'], ['.github/workflows/release.yml', '  plan:\n    runs-on: ubuntu-24.04', '  plan:\n    needs: deploy-production\n    runs-on: ubuntu-24.04']);
    expect(problems).toContain('.github/workflows/release.yml: job deploy-staging needs image, which does not exist');
    expect(problems).toContain('.github/workflows/release.yml: job plan needs itself (a cycle)');
  });

  it('reports a script or a file that does not exist, an unpinned action and a missing local action', () => {
    const problems = problemsAfter(
      ['.github/workflows/release.yml', 'run: npm run check:k8s', 'run: npm run check:k8z'],
      ['.github/workflows/release.yml', 'node .github/scripts/release-plan.mjs', 'node .github/scripts/release-plans.mjs'],
      ['.github/workflows/ci.yml', 'uses: actions/checkout@v4', 'uses: actions/checkout'],
      ['.github/workflows/release.yml', 'uses: ./.github/actions/deploy', 'uses: ./.github/actions/deploy-it'],
    );
    expect(problems).toContain('.github/workflows/release.yml: job plan step The manifests are valid: npm run check:k8z: no such script in package.json');
    expect(problems).toContain('.github/workflows/release.yml: job plan step Images and Deployments from the platform registry: .github/scripts/release-plans.mjs: no such file');
    expect(problems).toContain('.github/workflows/ci.yml: job test step 1: actions/checkout must name a version (owner/action@v1 or a commit)');
    expect(problems).toContain('.github/workflows/release.yml: job deploy-staging step 2: local action ./.github/actions/deploy-it does not exist');
  });

  it('reports a production deployment that does not wait for staging', () => {
    const problems = problemsAfter(['.github/workflows/release.yml', '    needs: [plan, deploy-staging]', '    needs: [plan, images]']);
    expect(problems).toContain('.github/workflows/release.yml: job deploy-production deploys to production without a staging deployment before it');
  });
});

// `npm run check:workflows`: the GitHub workflows and local actions are valid (schemas, needs, the
// scripts and files they run, production after staging). The work is in
// tooling/deploy-checks/src/check-workflows.mjs. Exits 1 listing every problem.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { checkWorkflows } = await import(pathToFileURL(join(root, 'tooling', 'deploy-checks', 'src', 'check-workflows.mjs')).href);
const { problems, summary } = checkWorkflows({ root });
if (problems.length) {
  console.error(`workflows: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(summary);

// `npm run check:k8s`: renders every k8s/ overlay and validates every object (schemas and the
// platform's rules). The work is in tooling/deploy-checks/src/check-k8s.mjs (its header lists the
// checks; kustomize.mjs there says which kustomize features are implemented). Needs the built
// @omnicart/api (npm test builds first). Exits 1 listing every problem.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { checkK8s } = await import(pathToFileURL(join(root, 'tooling', 'deploy-checks', 'src', 'check-k8s.mjs')).href);
const platform = await import(pathToFileURL(join(root, 'packages', 'api', 'dist', 'platform', 'index.js')).href);
const { problems, summary } = await checkK8s({ k8sDir: join(root, 'k8s'), platform, generatedRoot: root });
if (problems.length) {
  console.error(`k8s manifests: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(summary);

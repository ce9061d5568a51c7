// Prints the release workflow's plan as GitHub step outputs, derived from the platform registry so a new
// domain is built, pinned and rolled out without editing a workflow:
// - images: one per service — every domain of the registry and the gateway (the root Dockerfile's
//   `runtime` stage built with SERVICE=<name>), and each Next.js app (its own Dockerfile); each entry is
//   a matrix row { image (the repository it is pushed to), name (its name in k8s/base), file, target,
//   buildArgs, cache };
// - deployments: the Deployments whose rollout to wait for (every image's, and the collector);
// - version: the image tag.
// Needs the built @omnicart/api. Usage: node .github/scripts/release-plan.mjs <version>
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { serviceImages } = await import(pathToFileURL(join(root, 'packages', 'api', 'dist', 'platform', 'index.js')).href);
const version = (process.argv[2] ?? '').replace(/^v/, '');
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error(`release-plan: "${process.argv[2] ?? ''}" is not a version (1.2.3 or v1.2.3)`);
  process.exit(1);
}
const images = serviceImages();
for (const stage of new Set(images.map((image) => `${image.dockerfile}#${image.target}`))) {
  const [dockerfile, target] = stage.split('#');
  if (!existsSync(join(root, dockerfile)) || !new RegExp(`^FROM .+ AS ${target}$`, 'm').test(readFileSync(join(root, dockerfile), 'utf8'))) {
    console.error(`release-plan: ${dockerfile} has no stage ${target}`);
    process.exit(1);
  }
}
const matrix = images.map((image) => ({
  image: image.repository,
  name: image.name,
  file: image.dockerfile,
  target: image.target,
  buildArgs: Object.entries(image.buildArgs).map(([key, value]) => `${key}=${value}`).join('\n'),
  // The services' images share the root Dockerfile's build stage: one build cache for all of them.
  cache: image.dockerfile === 'Dockerfile' ? 'omnicart-services' : image.repository,
}));
console.log(`images=${JSON.stringify(matrix)}`);
console.log(`deployments=${JSON.stringify([...images.map((image) => image.deployment), 'otel-collector'])}`);
console.log(`version=${version}`);

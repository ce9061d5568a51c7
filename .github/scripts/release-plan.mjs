// Prints the release workflow's plan as GitHub step outputs: the images to build (one for every API
// service — the registry's domains and the gateway run the same omnicart/api image, the service
// chosen by its first argument — and one per Next.js app) and the Deployments whose rollout to wait
// for (every registry service but the development-only Stripe simulator, both apps, the collector).
// Needs the built @omnicart/api. Usage: node .github/scripts/release-plan.mjs <version>
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { SERVICE_NAMES } = await import(pathToFileURL(join(root, 'packages', 'api', 'dist', 'platform', 'index.js')).href);
const version = (process.argv[2] ?? '').replace(/^v/, '');
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error(`release-plan: "${process.argv[2] ?? ''}" is not a version (1.2.3 or v1.2.3)`);
  process.exit(1);
}
const images = [
  { image: 'api', file: 'Dockerfile', target: 'runtime', serves: SERVICE_NAMES.filter((name) => name !== 'stripe-simulator') },
  { image: 'storefront', file: 'apps/storefront/Dockerfile', target: 'runtime', serves: ['storefront'] },
  { image: 'admin', file: 'apps/admin/Dockerfile', target: 'runtime', serves: ['admin'] },
];
for (const { file, target } of images) {
  if (!existsSync(join(root, file)) || !new RegExp(`^FROM .+ AS ${target}$`, 'm').test(readFileSync(join(root, file), 'utf8'))) {
    console.error(`release-plan: ${file} has no stage ${target}`);
    process.exit(1);
  }
}
const deployments = [...images.flatMap((image) => image.serves), 'otel-collector'];
console.log(`images=${JSON.stringify(images.map(({ serves: _serves, ...image }) => image))}`);
console.log(`deployments=${JSON.stringify(deployments)}`);
console.log(`version=${version}`);

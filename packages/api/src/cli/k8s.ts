#!/usr/bin/env node
// Writes the generated Kubernetes manifests (k8s/base/domains.yaml, service-urls.yaml, network-policies.yaml,
// the images pinned in k8s/overlays/prod/kustomization.yaml) from the platform registry, or with --check fails
// (exit 1) when the committed files differ.
//   node packages/api/dist/cli/k8s.js           (npm run k8s)
//   node packages/api/dist/cli/k8s.js --check   (part of npm run check:k8s)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../openapi/files.js';
import { renderK8s } from '../platform/k8s.js';

const args = process.argv.slice(2);
if (args.some((arg) => arg !== '--check')) {
  console.error(`Unknown argument(s): ${args.join(' ')}\nUsage: k8s [--check]`);
  process.exit(2);
}
const stale: string[] = [];
let rendered: Record<string, string>;
try {
  rendered = renderK8s((file) => readFileSync(join(REPO_ROOT, file), 'utf8'));
} catch (error) {
  console.error(`k8s: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
for (const [file, text] of Object.entries(rendered)) {
  const path = join(REPO_ROOT, file);
  if (args.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
    } catch {
      // missing: stale
    }
    if (committed !== text) stale.push(file);
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${file}`);
  }
}
if (stale.length) {
  console.error(`${stale.join(', ')} differ from what the platform registry generates. Run \`npm run k8s\` and commit them.`);
  process.exit(1);
}
if (args.includes('--check')) console.log('generated k8s manifests are up to date.');

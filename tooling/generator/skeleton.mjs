#!/usr/bin/env node
// node tooling/generator/skeleton.mjs <user|product> [target-dir]
// Writes a standalone service skeleton (see index.mjs); called by data/code_skeletons/*.sh.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SKELETONS, generateSkeleton } from './index.mjs';

const [kind, target] = process.argv.slice(2);
if (!kind || !(kind in SKELETONS)) {
  console.error(`usage: skeleton.mjs <${Object.keys(SKELETONS).join('|')}> [target-dir]`);
  process.exit(2);
}
const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = resolve(target ?? `./${kind}_service`);
try {
  const files = generateSkeleton({ root, kind, target: folder });
  console.log(`Created the ${kind} service skeleton in ${folder}:`);
  for (const file of files) console.log(`  ${file}`);
  console.log(`\nNext: cd ${folder} && npm install && npm test && npm run build && npm start   (GET /healthz)`);
} catch (error) {
  console.error(`Nothing was written: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

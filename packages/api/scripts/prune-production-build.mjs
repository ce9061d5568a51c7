#!/usr/bin/env node
// Removes the development tools from a built packages/api/dist so the production image ships
// only what services run. The Dockerfile runs it; scripts/check-production-build.mjs runs the
// same list against a copy and proves every service still starts without these files.
//   node packages/api/scripts/prune-production-build.mjs [dist-dir]      (default: ../dist)
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Paths under dist/ that exist for development only. A path ending in `/` is a folder; any other
 * path is a module, removed with its `.d.ts` and source maps.
 * - bench/, testing/: `npm run bench` and the test harness.
 * - stripe-simulator/, cli/stripe-simulator: the Stripe simulator (its own image: the Dockerfile's
 *   `stripe-simulator` target).
 * - dev-inbox/, cli/dev-inbox: the local mail and SMS inbox (SMTP server, Twilio-shaped API).
 * - cli/start: `npm start`'s all-in-one launcher, which hosts the simulator and the dev inbox;
 *   cli/replicas: `npm run start:replicas`, two of it behind local balancers.
 * - cli/openapi, cli/events, cli/k8s: generators of checked-in documents.
 */
export const DEVELOPMENT_ONLY = ['bench/', 'testing/', 'stripe-simulator/', 'cli/stripe-simulator', 'dev-inbox/', 'cli/dev-inbox', 'cli/start', 'cli/replicas', 'cli/openapi', 'cli/events', 'cli/k8s'];

const MODULE_SUFFIXES = ['.js', '.js.map', '.d.ts', '.d.ts.map'];

/** Deletes the development-only files under `dist`; returns the paths it removed. */
export function pruneProductionBuild(dist) {
  if (!existsSync(join(dist, 'cli', 'service.js'))) throw new Error(`${dist} is not a built packages/api/dist (no cli/service.js)`);
  const removed = [];
  for (const entry of DEVELOPMENT_ONLY) {
    const paths = entry.endsWith('/') ? [entry] : MODULE_SUFFIXES.map((suffix) => entry + suffix);
    for (const path of paths) {
      if (!existsSync(join(dist, path))) continue;
      rmSync(join(dist, path), { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
  try {
    const removed = pruneProductionBuild(dist);
    console.log(`pruned ${removed.length} development-only paths from ${dist}: ${removed.join(', ')}`);
  } catch (error) {
    console.error(`prune-production-build: ${error.message}`);
    process.exit(1);
  }
}

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * The package root (`packages/db`). This module lives in `src/` during tests and in `dist/`
 * once built; both sit one level below the root, and `prisma/` ships next to both.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Folder holding one sub-folder per domain: `<domain>/schema.prisma` and `<domain>/migrations/`. */
export const PRISMA_ROOT = join(PACKAGE_ROOT, 'prisma');

/** The monorepo root (`packages/db/../..`): embedded data folders live under `<repo>/.omnicart/`. */
export const REPO_ROOT = join(PACKAGE_ROOT, '..', '..');

// Generates one Prisma Client per domain schema, offline.
// `prisma generate` never runs the schema engine, but the CLI checks that a binary exists;
// the engine cannot be downloaded on our machines, so point it at any existing file.
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const domains = readdirSync(join(root, 'prisma'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'prisma', entry.name, 'schema.prisma')))
  .map((entry) => entry.name);

for (const domain of domains) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', join('prisma', domain, 'schema.prisma')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}
console.log(`generated Prisma clients: ${domains.join(', ')}`);

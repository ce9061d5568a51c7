#!/usr/bin/env node
// npm run gen:domain -- <name> [--port <n>] [--summary "<one line>"] [--doc <file.yaml>] [--no-build]
//
// Scaffolds a domain in the platform's shape (tooling/generator): its folder packages/api/src/<name>
// (manifest, module, config, router, schemas, service, repository, events, clients, http, openapi,
// README, a unit and an integration test), its Prisma schema folder packages/db/prisma/<name> (the
// schema and a first migration with its outbox table) and its one registry line
// (packages/api/src/platform/registry.ts). Then, unless --no-build, it generates the Prisma client,
// builds, and regenerates what derives from the registry: the OpenAPI document (data/docs), the
// event catalogue (data/architecture/events.md) and the k8s manifests (k8s/base/domains.yaml,
// service-urls.yaml, network-policies.yaml, and the pin of its own image omnicart/<name> in
// k8s/overlays/prod: the release workflow builds that image from the registry). The result builds and passes typecheck, lint, boundaries, drift and its own
// tests without edits (CI proves it: scripts/check-generator.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentFileOf, generateDomain, nextPort } from '../tooling/generator/index.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parse(argv) {
  const options = { build: true };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-build') options.build = false;
    else if (arg === '--port' || arg === '--summary' || arg === '--doc') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      options[arg.slice(2)] = value;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else rest.push(arg);
  }
  if (rest.length !== 1) throw new Error('give exactly one domain name');
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 1024 || port > 65_535)) throw new Error('--port: a port between 1024 and 65535');
  return { name: rest[0], port, summary: options.summary, doc: options.doc, build: options.build };
}

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

let options;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  console.error(`gen:domain: ${error.message}\nusage: npm run gen:domain -- <name> [--port <n>] [--summary "<one line>"] [--doc <file.yaml>] [--no-build]`);
  process.exit(2);
}

let written;
try {
  written = generateDomain({
    root,
    name: options.name,
    port: options.port ?? nextPort(root),
    ...(options.summary ? { summary: options.summary } : {}),
    docFile: options.doc ?? documentFileOf(options.name),
  });
} catch (error) {
  console.error(`gen:domain: nothing was written:\n${error.message}`);
  process.exit(1);
}
console.log(`Scaffolded the ${options.name} domain:\n${written.map((file) => `  ${file}`).join('\n')}`);

if (options.build) {
  try {
    run('npm', ['run', 'generate', '--workspace', '@omnicart/db', '--silent']);
    run('npx', ['turbo', 'run', 'build', '--filter=@omnicart/api...', '--output-logs=errors-only']);
    run(process.execPath, ['packages/api/dist/cli/openapi.js']);
    run(process.execPath, ['packages/api/dist/cli/events.js']);
    run(process.execPath, ['packages/api/dist/cli/k8s.js']);
  } catch (error) {
    console.error(`\ngen:domain: the domain is written, but ${error.message}. Fix it and run: npm run build && npm run openapi && npm run events:catalogue && npm run k8s`);
    process.exit(1);
  }
}
console.log(`
Next:
  - the domain runs with the platform (npm start): port ${options.port ?? '(next free)'}, REST /api/v1/${options.name}, tRPC /trpc/${options.name}
  - its tests: npx vitest run src/${options.name} (in packages/api; the integration test needs PostgreSQL)
  - grow it: schemas.ts and router.ts, service.ts, repository.ts with the Prisma schema and a new migration,
    events in events.ts, consumers/ and jobs/ declared in index.ts (see packages/api/README.md)`);

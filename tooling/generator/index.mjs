// OmniCart's generator: one set of templates (templates/) for two products —
//   generateDomain:   a domain inside the repository, in the platform's shape (npm run gen:domain)
//   generateSkeleton: a standalone service in the same shape (data/code_skeletons/*.sh)
// The skeleton's models.ts and routes.ts are rendered from the domain's schemas.ts and router.ts
// templates (with `standalone` set), so the two cannot drift apart.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), 'templates');

/**
 * `{{name}}` is replaced by vars.name; `{{#flag}}…{{/flag}}` is kept when vars.flag is truthy,
 * `{{^flag}}…{{/flag}}` when it is not. An unknown variable is an error (a template typo must not
 * produce a silently broken file).
 */
export function render(template, vars) {
  const sections = template.replace(/\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g, (_all, kind, flag, body) =>
    (kind === '#') === Boolean(vars[flag]) ? body : '',
  );
  return sections.replace(/\{\{(\w+)\}\}/g, (_all, key) => {
    if (!(key in vars)) throw new Error(`template variable "${key}" is not set`);
    return String(vars[key]);
  });
}

const template = (path) => readFileSync(join(TEMPLATES, path), 'utf8');
const pascal = (text) => text.replace(/(^|[-_])([a-z0-9])/g, (_all, _sep, char) => char.toUpperCase());
const title = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * What the scaffolded service keeps: its one entity and that entity's fields, as the snippets the
 * templates need (zod, examples, Prisma, SQL, the event payload).
 */
export const ENTITIES = {
  item: {
    entity: 'item',
    entities: 'items',
    inputFields: "    name: text().trim().min(1, { message: 'Name is required' }).max(200, { message: 'Name must be at most 200 characters' }).meta({ example: 'First item' }),",
    outputFields: "    name: z.string().meta({ example: 'First item' }),",
    exampleFields: "name: 'First item'",
    exampleJson: '"name": "First item"',
    badInput: "name: ''",
    exampleError: 'name: Name is required',
    eventFields: 'name: z.string()',
    eventPayload: 'name: input.name',
    rowFields: 'name: row.name',
    prismaFields: '  name      String',
    sqlColumns: '    "name" TEXT NOT NULL,',
  },
  user: {
    entity: 'user',
    entities: 'users',
    inputFields: [
      "    email: text().trim().toLowerCase().max(254).pipe(z.email({ message: 'Invalid email address' })).meta({ example: 'jane@example.com' }),",
      "    name: text().trim().min(1, { message: 'Name is required' }).max(100, { message: 'Name must be at most 100 characters' }).meta({ example: 'Jane Doe' }),",
    ].join('\n'),
    outputFields: ["    email: z.string().meta({ format: 'email', example: 'jane@example.com' }),", "    name: z.string().meta({ example: 'Jane Doe' }),"].join('\n'),
    exampleFields: "email: 'jane@example.com', name: 'Jane Doe'",
    exampleJson: '"email": "jane@example.com", "name": "Jane Doe"',
    badInput: "email: 'not-an-email', name: ''",
    exampleError: 'email: Invalid email address',
    eventFields: 'email: z.string(), name: z.string()',
    eventPayload: 'email: input.email, name: input.name',
    rowFields: 'email: row.email, name: row.name',
    prismaFields: '  email     String   @unique\n  name      String',
    sqlColumns: '    "email" TEXT NOT NULL,\n    "name" TEXT NOT NULL,',
  },
  product: {
    entity: 'product',
    entities: 'products',
    inputFields: [
      "    sku: text().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'SKU may contain letters, digits, \".\", \"_\" and \"-\"').meta({ example: 'HPH-00001' }),",
      "    name: text().trim().min(1, { message: 'Name is required' }).max(200).meta({ example: 'Sonora Headphones' }),",
      "    priceAmount: z.number().int().min(0).max(100_000_000).describe('Price in integer cents').meta({ example: 12999 }),",
    ].join('\n'),
    outputFields: ["    sku: z.string().meta({ example: 'HPH-00001' }),", "    name: z.string().meta({ example: 'Sonora Headphones' }),", "    priceAmount: z.number().int().meta({ example: 12999 }),"].join(
      '\n',
    ),
    exampleFields: "sku: 'HPH-00001', name: 'Sonora Headphones', priceAmount: 12999",
    exampleJson: '"sku": "HPH-00001", "name": "Sonora Headphones", "priceAmount": 12999',
    badInput: "sku: '', name: 'x', priceAmount: -1",
    exampleError: 'sku: Too small: expected string to have >=1 characters',
    eventFields: 'sku: z.string(), name: z.string(), priceAmount: z.number().int()',
    eventPayload: 'sku: input.sku, name: input.name, priceAmount: input.priceAmount',
    rowFields: 'sku: row.sku, name: row.name, priceAmount: row.priceAmount',
    prismaFields: '  sku         String   @unique\n  name        String\n  priceAmount Int      @map("price_amount")',
    sqlColumns: '    "sku" TEXT NOT NULL,\n    "name" TEXT NOT NULL,\n    "price_amount" INTEGER NOT NULL,',
  },
};

function entityVars(kind) {
  const spec = ENTITIES[kind];
  if (!spec) throw new Error(`unknown entity ${kind}`);
  return { ...spec, Entity: pascal(spec.entity), exampleId: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11' };
}

function writeAll(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return Object.keys(files);
}

// ---------------------------------------------------------------------------------------------
// A domain inside the repository

const DOMAIN_NAME = /^[a-z][a-z0-9]{1,30}$/;
const RESERVED = new Set(['runtime', 'events', 'gateway', 'openapi', 'platform', 'cli', 'bench', 'testing', 'generated', 'stripe', 'admin', 'storefront', 'api', 'db']);
export const REGISTRY = 'packages/api/src/platform/registry.ts';
const REGISTRY_MARKER = '  // gen:domain registers new domains above this line.';

/** `orders` → `order_service_api.yaml`, `analytics` → `analytics_service_api.yaml` (as the published ones read). */
export const documentFileOf = (name) => `${name.endsWith('ics') || !name.endsWith('s') ? name : name.slice(0, -1)}_service_api.yaml`;

/** Problems that stop `name` from becoming a domain of the repository at `root` (empty: it can). */
export function domainProblems(root, name) {
  if (!DOMAIN_NAME.test(name)) return [`"${name}" is not a domain name: lower-case letters and digits, starting with a letter (2-31 characters)`];
  if (RESERVED.has(name)) return [`"${name}" is reserved (a layer or an app of the platform)`];
  const taken = [
    [`packages/api/src/${name}`, 'its code folder'],
    [`packages/db/prisma/${name}`, 'its Prisma schema folder'],
  ].filter(([path]) => existsSync(join(root, path)));
  const registered = readFileSync(join(root, REGISTRY), 'utf8').includes(`'../${name}/index.js'`);
  return [
    ...taken.map(([path, what]) => `${path} exists already (${what})`),
    ...(registered ? [`${name} is registered already in ${REGISTRY}`] : []),
    ...(readFileSync(join(root, REGISTRY), 'utf8').includes(REGISTRY_MARKER) ? [] : [`${REGISTRY} lacks the line gen:domain inserts above ("${REGISTRY_MARKER.trim()}")`]),
  ];
}

/** The next free default port after every registered domain's (4101, 4102, ... → max + 1). */
export function nextPort(root) {
  const src = join(root, 'packages/api/src');
  const ports = readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(src, entry.name, 'index.ts')))
    .flatMap((entry) => [...readFileSync(join(src, entry.name, 'index.ts'), 'utf8').matchAll(/^\s*port: (\d+),/gm)].map((match) => Number(match[1])));
  return Math.max(4100, ...ports) + 1;
}

/** Timestamp of a migration folder name, UTC, to the second (Prisma's format). */
const migrationStamp = (date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);

/**
 * Writes the domain's folder, its Prisma schema folder and its registry line. Returns the files it
 * wrote (relative to root). Writes nothing when `domainProblems` finds any.
 */
export function generateDomain({ root, name, port = nextPort(root), summary, docFile = documentFileOf(name), now = new Date() }) {
  const problems = domainProblems(root, name);
  // The summary lands inside single-quoted TypeScript strings (index.ts, openapi.ts): a quote, a
  // backslash or a line break there would scaffold a domain that does not compile.
  if (summary !== undefined && /['\\\r\n]/.test(summary)) problems.push("--summary: ' (write ’ instead), \\ and line breaks would break the generated TypeScript strings");
  if (problems.length) throw new Error(problems.join('\n'));
  const vars = {
    ...entityVars('item'),
    name,
    Name: pascal(name),
    Title: title(name),
    title: name,
    port,
    docFile,
    restPrefix: name,
    summary: summary ?? `${title(name)}: scaffolded by gen:domain.`,
    standalone: false,
  };
  const code = `packages/api/src/${name}`;
  const files = {
    [`${code}/index.ts`]: render(template('domain/index.ts.tmpl'), vars),
    [`${code}/module.ts`]: render(template('domain/module.ts.tmpl'), vars),
    [`${code}/config.ts`]: render(template('domain/config.ts.tmpl'), vars),
    [`${code}/router.ts`]: render(template('domain/router.ts.tmpl'), vars),
    [`${code}/schemas.ts`]: render(template('domain/schemas.ts.tmpl'), vars),
    [`${code}/service.ts`]: render(template('domain/service.ts.tmpl'), vars),
    [`${code}/repository.ts`]: render(template('domain/repository.ts.tmpl'), vars),
    [`${code}/events.ts`]: render(template('domain/events.ts.tmpl'), vars),
    [`${code}/clients.ts`]: render(template('domain/clients.ts.tmpl'), vars),
    [`${code}/http.ts`]: render(template('domain/http.ts.tmpl'), vars),
    [`${code}/openapi.ts`]: render(template('domain/openapi.ts.tmpl'), vars),
    [`${code}/README.md`]: render(template('domain/README.md.tmpl'), vars),
    [`${code}/service.test.ts`]: render(template('domain/service.test.ts.tmpl'), vars),
    [`${code}/${name}.integration.test.ts`]: render(template('domain/integration.test.ts.tmpl'), vars),
    [`packages/db/prisma/${name}/schema.prisma`]: render(template('prisma/schema.prisma.tmpl'), vars),
    [`packages/db/prisma/${name}/migrations/migration_lock.toml`]: render(template('prisma/migration_lock.toml.tmpl'), vars),
    [`packages/db/prisma/${name}/migrations/${migrationStamp(now)}_init/migration.sql`]: render(template('prisma/migration.sql.tmpl'), vars),
  };
  const written = writeAll(root, files);
  const registry = join(root, REGISTRY);
  const text = readFileSync(registry, 'utf8');
  writeFileSync(registry, text.replace(REGISTRY_MARKER, `  (await import('../${name}/index.js')).manifest,\n${REGISTRY_MARKER}`));
  return [...written, REGISTRY, ...documentDomain(root, vars)];
}

export const COMPONENT_BREAKDOWN = 'data/architecture/omnicart_component_breakdown.md';
export const DOCS_INDEX = 'data/docs/README.md';

/**
 * The design documents name every domain (platform/documents.test.ts checks it): a section in the
 * component breakdown, before the gateway's (the domains come first), and a row in the OpenAPI index,
 * after the last document's row.
 */
function documentDomain(root, vars) {
  const breakdownFile = join(root, COMPONENT_BREAKDOWN);
  const breakdown = readFileSync(breakdownFile, 'utf8');
  const gateway = breakdown.indexOf('\n## gateway\n');
  if (gateway < 0) throw new Error(`${COMPONENT_BREAKDOWN}: no "## gateway" section to put the new domain before`);
  writeFileSync(breakdownFile, `${breakdown.slice(0, gateway + 1)}${render(template('docs/component-section.md.tmpl'), vars)}${breakdown.slice(gateway + 1)}`);

  const indexFile = join(root, DOCS_INDEX);
  const lines = readFileSync(indexFile, 'utf8').split('\n');
  const lastRow = lines.findLastIndex((line) => /^\| \[`[a-z0-9_]+\.yaml`\]/.test(line));
  if (lastRow < 0) throw new Error(`${DOCS_INDEX}: no table of OpenAPI documents to add the new one to`);
  lines.splice(lastRow + 1, 0, render(template('docs/docs-index-row.md.tmpl'), vars).trimEnd());
  writeFileSync(indexFile, lines.join('\n'));
  return [COMPONENT_BREAKDOWN, DOCS_INDEX];
}

// ---------------------------------------------------------------------------------------------
// A standalone service skeleton

/** The two skeletons the seed documents ask for. */
export const SKELETONS = {
  user: { name: 'users', entity: 'user', port: 4201, summary: 'Accounts: create a user (email and name).', packageName: 'user-service' },
  product: { name: 'products', entity: 'product', port: 4202, summary: 'The catalog: create a product (SKU, name, price in cents).', packageName: 'product-service' },
};

/** Version ranges the skeleton installs: the ones this repository builds with. */
function versions(root) {
  const api = JSON.parse(readFileSync(join(root, 'packages/api/package.json'), 'utf8'));
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return {
    trpcVersion: api.dependencies['@trpc/server'],
    zodVersion: api.dependencies.zod,
    typesNodeVersion: api.devDependencies['@types/node'],
    vitestVersion: api.devDependencies.vitest,
    typescriptVersion: rootManifest.devDependencies.typescript,
  };
}

/** Why `target` cannot receive a skeleton (null: it can). */
export function skeletonProblem(target) {
  if (!existsSync(target)) return null;
  const entries = readdirSync(target);
  return entries.length ? `${target} is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}): choose a new or empty folder` : null;
}

/** Writes the skeleton of `kind` into `target` (a new or empty folder). Returns the files written. */
export function generateSkeleton({ root, kind, target }) {
  const skeleton = SKELETONS[kind];
  if (!skeleton) throw new Error(`unknown skeleton "${kind}" (known: ${Object.keys(SKELETONS).join(', ')})`);
  const problem = skeletonProblem(target);
  if (problem) throw new Error(problem);
  const vars = {
    ...entityVars(skeleton.entity),
    ...versions(root),
    name: skeleton.name,
    Name: pascal(skeleton.name),
    Title: title(skeleton.name),
    title: skeleton.name,
    kind,
    port: skeleton.port,
    restPrefix: ENTITIES[skeleton.entity].entities,
    summary: skeleton.summary,
    packageName: skeleton.packageName,
    docFile: documentFileOf(skeleton.name),
    standalone: true,
  };
  const files = {
    'src/main.ts': render(template('skeleton/main.ts.tmpl'), vars),
    'src/models.ts': render(template('domain/schemas.ts.tmpl'), vars),
    'src/routes.ts': render(template('domain/router.ts.tmpl'), vars),
    'src/service.ts': render(template('domain/service.ts.tmpl'), vars),
    'src/trpc.ts': render(template('skeleton/trpc.ts.tmpl'), vars),
    'src/routes.test.ts': render(template('skeleton/routes.test.ts.tmpl'), vars),
    'package.json': render(template('skeleton/package.json.tmpl'), vars),
    'tsconfig.json': render(template('skeleton/tsconfig.json.tmpl'), vars),
    'tsconfig.build.json': render(template('skeleton/tsconfig.build.json.tmpl'), vars),
    Dockerfile: render(template('skeleton/Dockerfile.tmpl'), vars),
    'README.md': render(template('skeleton/README.md.tmpl'), vars),
    '.gitignore': render(template('skeleton/gitignore.tmpl'), vars),
    '.dockerignore': render(template('skeleton/dockerignore.tmpl'), vars),
  };
  mkdirSync(target, { recursive: true });
  return writeAll(target, files);
}

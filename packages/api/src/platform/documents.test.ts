import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../openapi/files.js';
import { compileRouteTable } from '../runtime/rest.js';
import { gatewayRouting } from './gateway.js';
import { loadServiceDocumentSpecs } from './openapi.js';
import { DOMAINS } from './registry.js';

/**
 * The design documents under data/ are maintained documents: what they say about services, events,
 * calls, tables, REST routes and test suites is compared here with the code (the registry's
 * manifests, the generated event catalogue, the domains' tRPC clients, the migrations, the
 * routers' REST meta, the Playwright spec files). Each checker returns its problems, so a test can
 * also prove that a doctored document is caught.
 */

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const BREAKDOWN = 'data/architecture/omnicart_component_breakdown.md';
const CATALOGUE = 'data/architecture/events.md';
const TESTING_PLAN = 'data/deployment_testing/automated_testing_plan.md';
const DOCS_INDEX = 'data/docs/README.md';
const APPS = ['storefront', 'admin'] as const;
const FACT_LINES = ['Publishes', 'Consumes', 'Calls', 'Tables'] as const;
type FactLine = (typeof FACT_LINES)[number];

/** The `## <name>` sections of a markdown text, by the heading's first word. */
function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const name = part.split(/\s/, 1)[0] as string;
    sections.set(name, part);
  }
  return sections;
}

/** The backticked names of a `- <Label>: …` line; [] for `none`; undefined when the line is missing. */
function listLine(section: string, label: string): string[] | undefined {
  const line = new RegExp(`^- ${label}: (.*)$`, 'm').exec(section)?.[1];
  if (line === undefined) return undefined;
  if (line.trim() === 'none') return [];
  return [...line.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
}

function sameSet(label: string, listed: string[] | undefined, actual: Iterable<string>): string[] {
  if (listed === undefined) return [`no "- ${label}:" line`];
  const expected = new Set(actual);
  const problems: string[] = [];
  const duplicates = listed.filter((name, index) => listed.indexOf(name) !== index);
  if (duplicates.length) problems.push(`${label} lists twice: ${duplicates.join(', ')}`);
  const missing = [...expected].filter((name) => !listed.includes(name));
  const extra = listed.filter((name) => !expected.has(name));
  if (missing.length) problems.push(`${label} misses ${missing.join(', ')}`);
  if (extra.length) problems.push(`${label} lists ${extra.join(', ')}, which the code does not have`);
  return problems;
}

/** Every non-test .ts file under a directory. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return entry.endsWith('.ts') && !entry.endsWith('.test.ts') ? [path] : [];
  });
}

/** The domains a domain's code makes typed tRPC clients of: `deps.client<Router>('<domain>')`, comments aside. */
function clientTargetsOf(domain: string): Set<string> {
  const targets = new Set<string>();
  for (const file of sourceFiles(join(REPO_ROOT, 'packages/api/src', domain))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue;
      for (const match of line.matchAll(/\bclient<\w+>\('([a-z][a-z0-9]*)'\)/g)) targets.add(match[1] as string);
    }
  }
  return targets;
}

/** The tables a domain's SQL migrations create (and do not drop later). */
function tablesOf(domain: string): Set<string> {
  const dir = join(REPO_ROOT, 'packages/db/prisma', domain, 'migrations');
  const tables = new Set<string>();
  for (const migration of readdirSync(dir).sort()) {
    const file = join(dir, migration, 'migration.sql');
    if (!existsSync(file)) continue;
    const sql = readFileSync(file, 'utf8');
    for (const match of sql.matchAll(/^\s*CREATE TABLE (?:IF NOT EXISTS )?(?:"?\w+"?\.)?"?(\w+)"?/gim)) tables.add(match[1] as string);
    for (const match of sql.matchAll(/^\s*DROP TABLE (?:IF EXISTS )?(?:"?\w+"?\.)?"?(\w+)"?/gim)) tables.delete(match[1] as string);
  }
  return tables;
}

/** The domains an app's BFF asks `serviceClients` for (src/server/services.ts). */
function appServiceClients(app: string): Set<string> {
  const source = read(`apps/${app}/src/server/services.ts`);
  const names = new Set<string>();
  for (const match of source.matchAll(/serviceClients<[^>]*>\(\s*\[([^\]]*)\]/g)) {
    for (const name of (match[1] as string).matchAll(/'([a-z]+)'/g)) names.add(name[1] as string);
  }
  return names;
}

interface DomainFacts {
  name: string;
  publishes: string[];
  consumes: string[];
  calls: Set<string>;
  tables: Set<string>;
}

interface CatalogueRow {
  type: string;
  producer: string;
  consumerDomains: string[];
}

/** The generated catalogue's summary table: event type, producer and the domains of its consumers. */
function catalogueRows(markdown: string): CatalogueRow[] {
  return [...markdown.matchAll(/^\| \[`([a-z0-9_.]+)`\]\([^)]*\) \| \d+ \| (\w+) \| ([^|]*) \|/gm)].map((match) => ({
    type: match[1] as string,
    producer: match[2] as string,
    consumerDomains: [...(match[3] as string).matchAll(/`([a-z0-9]+)\.[^`]+`/g)].map((consumer) => consumer[1] as string),
  }));
}

/** Problems of the component breakdown against the code's facts and the event catalogue. */
function checkBreakdown(markdown: string, domains: DomainFacts[], catalogue: CatalogueRow[], apps: Record<string, Set<string>>): string[] {
  const sections = sectionsOf(markdown);
  const known = new Set([...domains.map((domain) => domain.name), 'gateway', ...Object.keys(apps)]);
  const problems: string[] = [];
  for (const name of known) if (!sections.has(name)) problems.push(`${name}: no "## ${name}" section`);
  for (const name of sections.keys()) if (!known.has(name)) problems.push(`## ${name}: not a service in the registry, the gateway or an app`);

  for (const domain of domains) {
    const section = sections.get(domain.name);
    if (!section) continue;
    const lines: Record<FactLine, string[] | undefined> = {
      Publishes: listLine(section, 'Publishes'),
      Consumes: listLine(section, 'Consumes'),
      Calls: listLine(section, 'Calls'),
      Tables: listLine(section, 'Tables'),
    };
    const expected: Record<FactLine, Iterable<string>> = { Publishes: domain.publishes, Consumes: domain.consumes, Calls: domain.calls, Tables: domain.tables };
    for (const label of FACT_LINES) problems.push(...sameSet(label, lines[label], expected[label]).map((problem) => `${domain.name}: ${problem}`));
    // The generated catalogue, read as published: its producer and consumer columns.
    const published = catalogue.filter((row) => row.producer === domain.name).map((row) => row.type);
    const consumed = catalogue.filter((row) => row.consumerDomains.includes(domain.name)).map((row) => row.type);
    problems.push(...sameSet('Publishes', lines.Publishes, published).map((problem) => `${domain.name} (against events.md): ${problem}`));
    problems.push(...sameSet('Consumes', lines.Consumes, consumed).map((problem) => `${domain.name} (against events.md): ${problem}`));
  }
  for (const [app, clients] of Object.entries(apps)) {
    const section = sections.get(app);
    if (section) problems.push(...sameSet('Calls', listLine(section, 'Calls'), clients).map((problem) => `${app}: ${problem}`));
  }
  return [...new Set(problems)];
}

describe('data/architecture/omnicart_component_breakdown.md', () => {
  const domains: DomainFacts[] = DOMAINS.map((manifest) => ({
    name: manifest.name,
    publishes: manifest.publishes.map((contract) => contract.type),
    consumes: [...new Set((manifest.consumers ?? []).flatMap((consumer) => consumer.events.map((event) => event.type)))],
    calls: clientTargetsOf(manifest.name),
    tables: tablesOf(manifest.name),
  }));
  const catalogue = catalogueRows(read(CATALOGUE));
  const apps = Object.fromEntries(APPS.map((app) => [app, appServiceClients(app)]));
  const breakdown = read(BREAKDOWN);

  it('reads real facts (the extractors are not silently empty)', () => {
    expect(catalogue.length).toBe(DOMAINS.reduce((sum, manifest) => sum + manifest.publishes.length, 0));
    expect(domains.find((domain) => domain.name === 'orders')?.calls).toEqual(new Set(['catalog', 'inventory', 'cart', 'payments', 'promotions']));
    expect(domains.find((domain) => domain.name === 'orders')?.tables.has('order_status_history')).toBe(true);
    expect(apps.storefront?.has('recommendations')).toBe(true);
  });

  it('has a section per service whose events, calls and tables match the code and the event catalogue', () => {
    expect(checkBreakdown(breakdown, domains, catalogue, apps)).toEqual([]);
  });

  it('catches a missing section, a dropped or invented event, a wrong call and a wrong table', () => {
    const doctored = breakdown
      .replace('## audit\n', '## auditing\n')
      .replace('`orders.order_paid`, `orders.status_changed`, `orders.order_refunded`', '`orders.order_paid`, `orders.order_refunded`')
      .replace('- Consumes: `inventory.stock_changed`', '- Consumes: `inventory.stock_changed`, `inventory.low_stock`')
      .replace('- Calls: `catalog`, `orders`', '- Calls: `catalog`')
      .replace('- Tables: `carts`, `cart_lines`, `outbox_events`', '- Tables: `carts`, `cart_lines`, `cart_items`, `outbox_events`');
    const problems = checkBreakdown(doctored, domains, catalogue, apps).join('\n');
    expect(problems).toContain('audit: no "## audit" section');
    expect(problems).toContain('## auditing: not a service');
    expect(problems).toContain('orders: Publishes misses orders.status_changed');
    expect(problems).toContain('orders (against events.md): Publishes misses orders.status_changed');
    expect(problems).toContain('catalog: Consumes lists inventory.low_stock');
    expect(problems).toContain('inventory: Calls misses orders');
    expect(problems).toContain('cart: Tables lists cart_items');
  });
});

/** `- <App> specs (apps/<app>/e2e): `a.spec.ts`, …` lines of the testing plan against the spec files. */
function checkSpecLists(plan: string, specsOf: (app: string) => string[]): string[] {
  const problems: string[] = [];
  for (const app of APPS) {
    const listed = [...plan.matchAll(new RegExp(`^- [A-Za-z]+ specs \\(apps/${app}/e2e\\): (.*)$`, 'gm'))].flatMap((match) =>
      [...(match[1] as string).matchAll(/`([^`]+)`/g)].map((name) => name[1] as string),
    );
    problems.push(...sameSet(`${app} specs`, listed.length ? listed : undefined, specsOf(app)));
  }
  return problems;
}

describe('data/deployment_testing/automated_testing_plan.md', () => {
  const specsOf = (app: string) => readdirSync(join(REPO_ROOT, 'apps', app, 'e2e')).filter((file) => file.endsWith('.spec.ts'));

  it('lists exactly the Playwright spec files of both apps', () => {
    expect(specsOf('storefront').length).toBeGreaterThan(5);
    expect(checkSpecLists(read(TESTING_PLAN), specsOf)).toEqual([]);
  });

  it('notices a spec file it does not list', () => {
    const problems = checkSpecLists(read(TESTING_PLAN), (app) => [...specsOf(app), 'brand-new.spec.ts']);
    expect(problems).toEqual(['storefront specs misses brand-new.spec.ts', 'admin specs misses brand-new.spec.ts']);
  });
});

interface DocumentedOperation {
  file: string;
  method: string;
  path: string;
}

/** `/products/{idOrSlug}` and `/products/{id}` are one URL shape. */
const shapeOf = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;

/** Problems of the REST routes against the documents and of the documents against the index. */
function checkRestDocuments(
  routes: Array<{ domain: string; method: string; pattern: string }>,
  documented: DocumentedOperation[],
  files: string[],
  indexText: string,
  restOwners: Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    const shape = shapeOf(route.method, route.pattern);
    const holders = [...new Set(documented.filter((operation) => shapeOf(operation.method, operation.path) === shape).map((operation) => operation.file))];
    if (holders.length !== 1) problems.push(`${route.domain} ${shape}: in ${holders.length ? holders.join(', ') : 'no document'} (must be in exactly one)`);
    const segment = route.pattern.split('/')[1] ?? '';
    if (restOwners[segment] !== route.domain) problems.push(`${route.domain} ${shape}: the gateway routes /${segment} to ${restOwners[segment] ?? 'nobody'}`);
  }
  const routed = new Set(routes.map((route) => shapeOf(route.method, route.pattern)));
  for (const operation of documented) {
    if (!routed.has(shapeOf(operation.method, operation.path))) problems.push(`${operation.file}: ${shapeOf(operation.method, operation.path)} is no route of any service`);
  }
  const indexed = new Set([...indexText.matchAll(/\]\(([a-z_]+\.yaml)\)/g)].map((match) => match[1] as string));
  for (const file of files) if (!indexed.has(file)) problems.push(`${file}: not indexed in data/docs/README.md`);
  for (const file of indexed) if (!files.includes(file)) problems.push(`data/docs/README.md links ${file}, which does not exist`);
  return problems;
}

describe('data/docs: every public REST route in exactly one indexed OpenAPI document', () => {
  const facts: { routes: Array<{ domain: string; method: string; pattern: string }> } = { routes: [] };
  const files = readdirSync(join(REPO_ROOT, 'data/docs')).filter((file) => file.endsWith('.yaml'));
  const documented: DocumentedOperation[] = files.flatMap((file) => {
    const doc = parse(read(`data/docs/${file}`)) as { paths?: Record<string, Record<string, unknown>> };
    return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
        .map((method) => ({ file, method, path })),
    );
  });
  const { restOwners } = gatewayRouting();

  beforeAll(async () => {
    const specs = await loadServiceDocumentSpecs();
    facts.routes = specs.flatMap((spec, index) =>
      compileRouteTable(spec.router).routes.map((route) => ({ domain: DOMAINS[index]?.name ?? spec.file, method: route.method, pattern: route.pattern })),
    );
  });

  it('finds the routes and the documents', () => {
    expect(facts.routes.length).toBeGreaterThan(50);
    expect(files).toContain('order_service_api.yaml');
  });

  it('documents every route once, routes every documented operation, and indexes every document', () => {
    expect(checkRestDocuments(facts.routes, documented, files, read(DOCS_INDEX), restOwners)).toEqual([]);
  });

  it('catches an undocumented route, a route in two documents and an unindexed document', () => {
    const extraRoute = { domain: 'orders', method: 'GET', pattern: '/orders/{id}/invoice' };
    const twice = documented.find((operation) => operation.file === 'cart_service_api.yaml') as DocumentedOperation;
    const problems = checkRestDocuments(
      [...facts.routes, extraRoute],
      [...documented, { ...twice, file: 'order_service_api.yaml' }],
      [...files, 'shipping_service_api.yaml'],
      read(DOCS_INDEX),
      restOwners,
    ).join('\n');
    expect(problems).toContain('orders GET /orders/{}/invoice: in no document');
    expect(problems).toContain(`${shapeOf(twice.method, twice.path)}: in cart_service_api.yaml, order_service_api.yaml`);
    expect(problems).toContain('shipping_service_api.yaml: not indexed');
  });
});

describe('the design documents are linked', () => {
  const documents = [
    'data/architecture/omnicart_architecture_design.md',
    BREAKDOWN,
    'data/deployment_testing/kubernetes_deployment_strategy.md',
    TESTING_PLAN,
    DOCS_INDEX,
  ];

  it('from the root README and the as-built architecture', () => {
    for (const from of ['README.md', 'data/architecture/README.md']) {
      const text = read(from);
      const base = join(REPO_ROOT, from, '..');
      const linked = new Set([...text.matchAll(/\]\(([^)#\s]+)/g)].map((match) => relative(REPO_ROOT, join(base, match[1] as string))));
      for (const document of documents) {
        expect(existsSync(join(REPO_ROOT, document)), document).toBe(true);
        expect(linked.has(document), `${from} links ${document}`).toBe(true);
      }
    }
  });
});

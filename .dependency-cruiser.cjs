// Architecture boundaries, checked by `npm run check:boundaries` (part of `npm run lint` and CI):
//   depcruise packages apps --config .dependency-cruiser.cjs
// It fails (exit code > 0) on any rule below with severity "error".
const fs = require('node:fs');
const path = require('node:path');

/**
 * Domain folders under packages/api/src/: every folder there but the layers below. Read from the
 * tree, so a generated domain is covered the moment it exists. Each one's index.ts is its public face.
 */
const API_SRC = path.join(__dirname, 'packages/api/src');
/** The layers (not domains): runtime/events/gateway/openapi below the domains, platform/cli/bench/testing above. */
const LAYERS = ['runtime', 'events', 'gateway', 'openapi', 'platform', 'cli', 'bench', 'testing', 'stripe-simulator', 'dev-inbox', 'generated'];
const DOMAINS = fs.existsSync(API_SRC)
  ? fs.readdirSync(API_SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !LAYERS.includes(entry.name)).map((entry) => entry.name)
  : [];
const domain = `(${[...DOMAINS, 'events', 'gateway', 'stripe-simulator', 'dev-inbox'].join('|')})`;
const domainsOnly = `(${DOMAINS.join('|') || '^$'})`;

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Every import specifier a workspace package makes public through its package.json "exports"
 * (e.g. "@omnicart/db", "@omnicart/db/identity"). Read from the manifests so a new entry point
 * is allowed the moment it is declared there.
 */
function workspaceEntryPoints() {
  const entries = [];
  for (const group of ['packages', 'apps', 'tooling']) {
    const dir = path.join(__dirname, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const manifestPath = path.join(dir, name, 'package.json');
      if (!fs.existsSync(manifestPath)) continue;
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
      if (!manifest.name) continue;
      const exportsField = manifest.exports;
      const subpaths =
        exportsField && typeof exportsField === 'object' && Object.keys(exportsField).some((key) => key.startsWith('.'))
          ? Object.keys(exportsField)
          : ['.'];
      for (const subpath of subpaths) entries.push(subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`);
    }
  }
  return entries;
}
// A pattern entry point ("./*") admits one path segment in place of the star.
const publicEntryPoints = `^(${workspaceEntryPoints()
  .map((entry) => escape(entry).replace('\\*', '[^/]+'))
  .join('|')})$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'layers-never-import-domains-or-platform',
      severity: 'error',
      comment:
        'runtime/, events/, gateway/ and openapi/ are the layers every domain stands on: they know no domain and not the ' +
        'platform registry above them (the platform hands them what they need as data). Their tests may reach the platform ' +
        'to test against the real registry.',
      from: { path: '^packages/api/src/(runtime|events|gateway|openapi)/', pathNot: '\\.test\\.ts$' },
      to: { path: [`^packages/api/src/${domainsOnly}/`, '^packages/api/src/(platform|cli|bench|testing)/'] },
    },
    {
      name: 'domains-never-import-the-platform',
      severity: 'error',
      comment: 'The platform registry lists the domains; a domain importing it would be a cycle. Domains use the runtime and each other\'s index.ts.',
      from: { path: `^packages/api/src/${domainsOnly}/`, pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/api/src/(platform|cli|bench|testing)/' },
    },
    {
      name: 'index-loads-no-domain-code',
      severity: 'error',
      comment:
        "A domain's index.ts (its manifest and public face) is what every process loads, the gateway included: at run time " +
        'it may import only its config.ts and events.ts, other domains\' index.ts and the layers below. Everything else ' +
        '(module.ts and what it wires) loads through manifest.load(); types may be imported freely.',
      from: { path: `^packages/api/src/${domainsOnly}/index\\.ts$` },
      to: {
        path: `^packages/api/src/${domainsOnly}/`,
        pathNot: [`^packages/api/src/${domainsOnly}/(index|config|events)\\.ts$`],
        dependencyTypesNot: ['type-only', 'dynamic-import'],
      },
    },
    {
      name: 'no-cross-domain-internals',
      severity: 'error',
      comment:
        "A domain reaches another domain only through that domain's public index.ts (its router type, " +
        'client and event types). Anything deeper is private and may change without notice.',
      from: { path: `^packages/api/src/${domain}/` },
      to: {
        path: `^packages/api/src/${domain}/`,
        pathNot: ['^packages/api/src/$1/', `^packages/api/src/${domain}/index\\.ts$`],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles make start-up order and testing fragile; break the cycle with an interface or an event. ' +
        "(A manifest's lazy load() of its module.ts is not a cycle: nothing is loaded until a process runs the domain.)",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    {
      name: 'no-deep-package-imports',
      severity: 'error',
      comment:
        "Import a workspace package only through an entry point its package.json \"exports\" declares " +
        "(e.g. '@omnicart/db/identity'), never its src/ or dist/ files.",
      from: {},
      to: { path: '^@omnicart/', pathNot: publicEntryPoints, couldNotResolve: true },
    },
    {
      name: 'no-relative-imports-across-packages',
      severity: 'error',
      comment: "A relative path into another workspace package bypasses its exports map; use the package's name.",
      from: { path: '^(packages|apps|tooling)/([^/]+)/' },
      to: {
        path: '^(packages|apps|tooling)/([^/]+)/(src|app|lib|components|pages)/',
        pathNot: '^$1/$2/',
        dependencyTypesNot: ['aliased-workspace', 'npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'],
      },
    },
    {
      name: 'apps-use-api-types-only',
      severity: 'error',
      comment:
        "The Next.js apps talk to the platform over HTTP (tRPC client / REST). They may import '@omnicart/api' " +
        'for its types (`import type { AppRouter } ...`), never its runtime code, which needs the database. ' +
        'Shared schemas, error codes and event types come from @omnicart/contracts; the server kit from @omnicart/bff. ' +
        'Exceptions: the end-to-end suites (apps/*/e2e, never bundled) read the dev inbox with its client (@omnicart/api/dev-inbox); ' +
        'an app’s integration tests (never bundled) start the platform with the test harness (@omnicart/api/testing, rule below).',
      from: { path: '^apps/', pathNot: '^apps/[^/]+/src/.+\\.integration\\.test\\.ts$' },
      // preCompilationOnly: the import vanishes when TypeScript compiles (`import type`); this
      // works whether or not @omnicart/api has been built (unresolved specifiers carry no types).
      to: { path: '^(@omnicart/api(/|$)|packages/api/)', pathNot: '^(@omnicart/api/dev-inbox$|packages/api/(src|dist)/dev-inbox/)', preCompilationOnly: false },
    },
    {
      name: 'app-integration-tests-use-only-the-test-harness',
      severity: 'error',
      comment: "An app's *.integration.test.ts may start the platform (@omnicart/api/testing) and import types; nothing else of @omnicart/api.",
      from: { path: '^apps/[^/]+/src/.+\\.integration\\.test\\.ts$' },
      to: { path: '^(@omnicart/api(/|$)|packages/api/)', pathNot: '^(@omnicart/api/testing$|packages/api/(src|dist)/testing/)', preCompilationOnly: false },
    },
    {
      name: 'only-e2e-uses-the-dev-inbox',
      severity: 'error',
      comment: 'The dev inbox (a development SMTP server and SMS simulator) is test tooling: only the apps’ end-to-end suites use it.',
      from: { path: '^apps/', pathNot: '^apps/[^/]+/e2e/' },
      to: { path: '^(@omnicart/api/dev-inbox$|packages/api/(src|dist)/dev-inbox/)' },
    },
    {
      name: 'contracts-import-no-workspace-package',
      severity: 'error',
      comment:
        '@omnicart/contracts is the bottom of the tree: the services and the apps import it, it imports none of them ' +
        '(only zod). Anything it needed from above would reach every browser bundle with it.',
      from: { path: '^packages/contracts/src/' },
      to: { path: ['^@omnicart/', '^(packages|apps|tooling)/'], pathNot: '^packages/contracts/' },
    },
    {
      name: 'contracts-run-in-browsers',
      severity: 'error',
      comment: "@omnicart/contracts runs in the apps' browser code: no Node.js built-in (node:crypto, fs, ...), not even in a test.",
      from: { path: '^packages/contracts/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'bff-uses-api-types-only',
      severity: 'error',
      comment:
        "@omnicart/bff runs inside the Next.js apps: like them it imports '@omnicart/api' for router types only " +
        '(`import type { IdentityRouter } ...`), never its runtime code, which needs the database.',
      from: { path: '^packages/bff/' },
      to: { path: '^(@omnicart/api(/|$)|packages/api/)', preCompilationOnly: false },
    },
    // The app rules below match an import two ways: resolved (a relative path, e.g.
    // 'apps/storefront/src/server/x.ts') and as written with the apps' '@/' alias for their src/
    // (e.g. '@/server/x'), which stays unresolved here: dependency-cruiser reads one tsconfig
    // (packages/api's, without the apps' `paths`). `from` pins the app, so '@/' is that app's src/.
    // Type-only imports vanish when TypeScript compiles: preCompilationOnly: false lets them through
    // (dependencyTypesNot: ['type-only'] would not, as an unresolved import has no types).
    {
      name: 'app-components-use-server-types-only',
      severity: 'error',
      comment:
        "An app's components/ are its pages' building blocks, many of them run in the browser: they import its " +
        'server/ (BFF context, routers, loaders, caches) for types only. Server data reaches them as props from the ' +
        'pages and layouts in app/; rules and shapes both sides run live in lib/ (or @omnicart/contracts).',
      from: { path: '^apps/([^/]+)/src/components/' },
      to: { path: ['^apps/$1/src/server/', '^@/server/'], preCompilationOnly: false },
    },
    {
      name: 'app-server-never-imports-components',
      severity: 'error',
      comment:
        "An app's server/ (its BFF) does not reach into its components/, not even for types: what both sides need " +
        '(schemas, form rules, URL contracts, catalog types) lives in lib/ or @omnicart/contracts.',
      from: { path: '^apps/([^/]+)/src/server/' },
      to: { path: ['^apps/$1/src/components/', '^@/components/'] },
    },
    {
      name: 'app-lib-is-shared',
      severity: 'error',
      comment:
        "An app's lib/ is what its server/ and its components/ share (client-safe): it imports neither of them at run " +
        'time (types from server/, e.g. the BFF router type for the tRPC client, are fine).',
      from: { path: '^apps/([^/]+)/src/lib/' },
      to: { path: ['^apps/$1/src/(components|server)/', '^@/(components|server)/'], preCompilationOnly: false },
    },
    {
      name: 'app-browser-code-never-imports-bff',
      severity: 'error',
      comment:
        "@omnicart/bff is server-only (sessions, tokens, service clients): an app's components/ and lib/, which run " +
        'in the browser, import it for types at most. Its server/, route handlers and server components use it.',
      from: { path: '^apps/[^/]+/src/(components|lib)/' },
      to: { path: '^(@omnicart/bff(/|$)|packages/bff/)', preCompilationOnly: false },
    },
    {
      name: 'apps-not-into-api-internals',
      severity: 'error',
      comment: "Even types come from @omnicart/api's public entry points, not from its source files.",
      from: { path: '^apps/' },
      to: { path: '^packages/api/', pathNot: '^packages/api/dist/' },
    },
  ],
  options: {
    // A built workspace package resolves to its dist/ (through its exports map): kept as a leaf, not
    // followed and not scanned, so rules about importing it (apps-use-api-types-only,
    // bff-uses-api-types-only, app-browser-code-never-imports-bff) see the import whether or not the
    // package has been built. (Excluded, the import would vanish from the graph once it is built.)
    doNotFollow: { path: ['node_modules', '^(packages|apps|tooling)/[^/]+/dist/'] },
    // Anchored to workspace folders so an unresolved specifier such as '@omnicart/api/dist/x.js'
    // is still checked (no-deep-package-imports) instead of being excluded as a "dist" path.
    exclude: {
      path: ['(^|/)node_modules/', '^(packages|apps|tooling)/[^/]+/(\\.next|\\.turbo|coverage)/', '^(packages|apps|tooling)/.*/generated/'],
    },
    // See type-only imports too (cycles through types still couple modules) and mark them, so
    // rule apps-use-api-types-only can tell `import type` apart.
    tsPreCompilationDeps: 'specify',
    // dependency-cruiser takes one tsconfig. packages/api and packages/db share the same one
    // (both extend tooling/tsconfig/node.json, NodeNext, no `paths`), so api's file resolves both
    // (`./x.js` → `./x.ts`). Absolute path: TypeScript finds no inputs with a relative one.
    tsConfig: { fileName: path.join(__dirname, 'packages/api/tsconfig.depcruise.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

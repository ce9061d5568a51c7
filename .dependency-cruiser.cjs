// Architecture boundaries, checked by `npm run check:boundaries` (part of `npm run lint` and CI):
//   depcruise packages apps --config .dependency-cruiser.cjs
// It fails (exit code > 0) on any rule below with severity "error".
const fs = require('node:fs');
const path = require('node:path');

/** Domain folders under packages/api/src/ (see DESIGN.md); each one's index.ts is its public face. */
const DOMAINS = [
  'identity',
  'catalog',
  'inventory',
  'cart',
  'orders',
  'payments',
  'notifications',
  'recommendations',
  'analytics',
  'gateway',
  // Shared by the domains, and reached only through their index.ts like a domain.
  'events',
  'stripe-simulator',
];
const domain = `(${DOMAINS.join('|')})`;

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
const publicEntryPoints = `^(${workspaceEntryPoints().map(escape).join('|')})$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
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
      comment: 'Import cycles make start-up order and testing fragile; break the cycle with an interface or an event.',
      from: {},
      to: { circular: true },
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
        'for its types (`import type { AppRouter } ...`), never its runtime code, which needs the database.',
      from: { path: '^apps/' },
      // preCompilationOnly: the import vanishes when TypeScript compiles (`import type`); this
      // works whether or not @omnicart/api has been built (unresolved specifiers carry no types).
      to: { path: '^(@omnicart/api(/|$)|packages/api/)', preCompilationOnly: false },
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
    doNotFollow: { path: 'node_modules' },
    // Anchored to workspace folders so an unresolved specifier such as '@omnicart/api/dist/x.js'
    // is still checked (no-deep-package-imports) instead of being excluded as a "dist" path.
    exclude: {
      path: ['(^|/)node_modules/', '^(packages|apps|tooling)/[^/]+/(dist|\\.next|\\.turbo|coverage)/', '^(packages|apps|tooling)/.*/generated/'],
    },
    // See type-only imports too (cycles through types still couple modules) and mark them, so
    // rule apps-use-api-types-only can tell `import type` apart.
    tsPreCompilationDeps: 'specify',
    // dependency-cruiser takes one tsconfig. packages/api and packages/db share the same one
    // (both extend tooling/tsconfig/node.json, NodeNext, no `paths`), so api's file resolves both
    // (`./x.js` → `./x.ts`). Absolute path: TypeScript finds no inputs with a relative one.
    tsConfig: { fileName: path.join(__dirname, 'packages/api/tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOMAINS } from './registry.js';

/**
 * Every domain has the same files for the same jobs (STYLE.md, "Shape of the tree"), and keeps
 * none of those jobs elsewhere: a reader who knows one domain knows all.
 */

const SRC = fileURLToPath(new URL('../', import.meta.url));

/** The standard files and what each one is for. */
const STANDARD_FILES: Record<string, string> = {
  'index.ts': 'public face: manifest, router type, event contracts',
  'module.ts': 'start wiring (router, consumers, jobs, raw routes)',
  'config.ts': 'its env fragment (zod)',
  'router.ts': 'thin tRPC router',
  'schemas.ts': 'zod input/output schemas',
  'service.ts': 'domain logic',
  'repository.ts': 'the only code touching its tables',
  'events.ts': 'the events it publishes (defineEvent)',
  'clients.ts': 'typed clients of other domains behind small ports',
  'http.ts': 'raw routes, errors through the runtime',
  'openapi.ts': 'its OpenAPI document text and examples',
  'README.md': 'what it is and how it works',
};

/** The domain's source files (not tests), relative to its folder. */
function sourceFiles(folder: string, under = ''): string[] {
  return readdirSync(join(folder, under)).flatMap((name) => {
    const path = join(under, name);
    if (statSync(join(folder, path)).isDirectory()) return sourceFiles(folder, path);
    return name.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(name) ? [path] : [];
  });
}

/** Files (outside `allowed`) whose code matches `pattern`. */
function offenders(folder: string, pattern: RegExp, allowed: (file: string) => boolean): string[] {
  return sourceFiles(folder).filter((file) => !allowed(file) && pattern.test(readFileSync(join(folder, file), 'utf8')));
}

describe.each(DOMAINS.map((manifest) => [manifest.name, manifest] as const))('domain %s', (name, manifest) => {
  const folder = join(SRC, name);

  it('has every standard file', () => {
    const missing = Object.entries(STANDARD_FILES)
      .filter(([file]) => !existsSync(join(folder, file)))
      .map(([file, job]) => `${file} (${job})`);
    expect(missing, `packages/api/src/${name} lacks standard files`).toEqual([]);
  });

  it('has consumers/ exactly when it declares consumers, and jobs/ exactly when it declares jobs', () => {
    expect(existsSync(join(folder, 'consumers')), 'consumers/ vs manifest.consumers').toBe((manifest.consumers ?? []).length > 0);
    expect(existsSync(join(folder, 'jobs')), 'jobs/ vs manifest.jobs').toBe((manifest.jobs ?? []).length > 0);
  });

  it('keeps each job in its standard place', () => {
    const places = {
      // Timers are jobs: the runtime's job helper runs them (jitter, lock, clean stop).
      'timers (setInterval) outside jobs/': offenders(folder, /\bsetInterval\(/, (file) => file.startsWith('jobs/')),
      // Subscriptions are declared in the manifest and made by the runtime.
      'event subscriptions (subscribe) anywhere': offenders(folder, /\.subscribe\(|subscribeToContracts\(/, () => false),
      // Outbound calls go through clients.ts (module.ts hands it the deps).
      'service clients outside clients.ts': offenders(folder, /createServiceClient\(|\bclient<\w+Router>\(/, (file) => file === 'clients.ts'),
      // Raw HTTP handlers live in http.ts.
      'raw HTTP handlers outside http.ts': offenders(folder, /\bServerResponse\b|\bRawRoute\b/, (file) => file === 'http.ts' || file === 'index.ts'),
      // Tables are the repository's (SQL functions and migrations live in packages/db).
      'SQL on its tables outside repository.ts': offenders(folder, new RegExp(`\\b(FROM|INTO|UPDATE)\\s+"?${name}"?\\.`), (file) => file === 'repository.ts'),
      // Events are declared once, in events.ts.
      'event contracts declared outside events.ts': offenders(folder, /\bdefineEvent\(/, (file) => file === 'events.ts'),
      // OpenAPI text and examples live in openapi.ts.
      'OpenAPI document text outside openapi.ts': offenders(folder, /\bDomainDocument\b/, (file) => file === 'openapi.ts' || file === 'module.ts'),
      // Settings come from config.ts (validated once by the platform), never from process.env.
      'process.env outside the env layer': offenders(folder, /process\.env/, () => false),
    };
    const misplaced = Object.entries(places)
      .filter(([, files]) => files.length > 0)
      .map(([job, files]) => `${job}: ${files.map((file) => relative(SRC, join(folder, file))).join(', ')}`);
    expect(misplaced).toEqual([]);
  });

  it('names its module loader and its files the same way as every other domain', () => {
    const index = readFileSync(join(folder, 'index.ts'), 'utf8');
    expect(index).toMatch(/export const manifest = defineDomain\(/);
    expect(index).toContain("load: async () => (await import('./module.js')).domainModule");
    expect(readFileSync(join(folder, 'module.ts'), 'utf8')).toMatch(/export const domainModule\b/);
    // One name per concept: the repository is never a "repo" file, the outbox hook is `outboxWritten`.
    expect(sourceFiles(folder).filter((file) => /(^|\/)(repo|repos|dao|store)\.ts$/.test(file))).toEqual([]);
    expect(offenders(folder, /\b(onOutbox|onStockChanged|onOutboxWritten|kickRelay)\b/, () => false)).toEqual([]);
    expect(offenders(folder, /\brepo\b/, () => false)).toEqual([]);
  });
});

describe('the registry', () => {
  it('lists every domain folder (no domain exists outside it)', () => {
    const layers = new Set(['runtime', 'events', 'gateway', 'openapi', 'platform', 'cli', 'bench', 'testing', 'stripe-simulator', 'dev-inbox']);
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !layers.has(entry.name))
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(DOMAINS.map((domain) => domain.name).sort());
  });
});

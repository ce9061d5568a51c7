import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES } from '../runtime/errors.js';
import { loadServiceDocumentSpecs } from '../platform/openapi.js';
import type { ServiceDocumentSpec } from './generate.js';
import { DOCS_DIR, diffSummary, findDrift, renderDocuments } from './files.js';
import { generateServiceDocument, renderYaml } from './generate.js';
import { z } from 'zod';
import { internalProcedure, publicProcedure, router } from '../runtime/trpc.js';
import { fakeSpec } from './testing/fake-router.js';

const run = promisify(execFile);
const REPO_ROOT = join(DOCS_DIR, '..', '..');

interface LintResult {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; message: string; location?: Array<{ pointer?: string }> }>;
}

/** `redocly lint` of one file with the repo's redocly.yaml (recommended ruleset); JSON report, any exit code. */
async function lint(file: string): Promise<LintResult> {
  const bin = join(REPO_ROOT, 'node_modules', '.bin', 'redocly');
  const args = ['lint', '--config', join(REPO_ROOT, 'redocly.yaml'), '--format', 'json', file];
  const { stdout } = await run(bin, args, { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(stdout.slice(stdout.indexOf('{'))) as LintResult;
}

function describeProblems(result: LintResult): string {
  return result.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`).join('\n');
}

type Operation = { operationId: string; security: unknown[]; responses: Record<string, { content?: Record<string, { example?: unknown }> }> };

describe('OpenAPI generator (fixture router)', () => {
  const doc = generateServiceDocument(fakeSpec) as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } }> };
  };
  const op = (path: string, method: string) => doc.paths[path]?.[method] as Operation;

  it('emits OpenAPI 3.0.3 with the success status from meta.successStatus', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(op('/widgets', 'post').responses)).toContain('201');
    expect(op('/widgets/{id}', 'delete').responses['204']).toEqual({ description: 'Done; no content.' });
    expect(Object.keys(op('/widgets', 'get').responses)).toContain('200');
  });

  it('derives error responses and security from access, input and path', () => {
    expect(Object.keys(op('/widgets', 'get').responses)).toEqual(['200', '400', '429']);
    // A body may be refused for its Content-Type (415); any GET/DELETE for an unknown query parameter (400).
    expect(Object.keys(op('/widgets', 'post').responses)).toEqual(['201', '400', '401', '403', '415', '429']);
    expect(Object.keys(op('/widgets/{id}', 'get').responses)).toEqual(['200', '400', '404', '429']);
    expect(Object.keys(op('/widgets/{id}', 'delete').responses)).toEqual(['204', '400', '401', '403', '404', '429']);
    expect(Object.keys(op('/widgets/mine', 'get').responses)).toEqual(['200', '400', '401', '429']);
    expect(op('/widgets', 'get').security).toEqual([]);
    expect(op('/widgets', 'post').security).toEqual([{ bearerAuth: [] }]);
  });

  it('describes errors with our { error: { code, message } } body and the DomainErrorCode enum', () => {
    expect(doc.components.schemas.Error?.properties?.error?.properties?.code?.enum).toEqual([...DOMAIN_ERROR_CODES]);
    expect(Object.keys(doc.components.schemas).filter((name) => name.startsWith('error.'))).toEqual([]);
    expect(op('/widgets', 'post').responses['403']?.content?.['application/json']?.example).toEqual({
      error: { code: 'FORBIDDEN', message: 'This operation requires the products:write permission' },
    });
  });

  it('renders the same YAML every time', () => {
    expect(renderYaml(generateServiceDocument(fakeSpec))).toBe(renderYaml(generateServiceDocument(fakeSpec)));
  });

  it('refuses an operation without examples and examples that break the schema', () => {
    const { list: _list, ...withoutList } = fakeSpec.examples;
    expect(() => generateServiceDocument({ ...fakeSpec, examples: withoutList })).toThrow(/list: missing response example/);
    const wrong = { ...fakeSpec.examples, create: { request: { name: '', priceCents: -1 }, response: {} } };
    expect(() => generateServiceDocument({ ...fakeSpec, examples: wrong })).toThrow(/create: request example does not satisfy/);
  });

  it('passes redocly lint (recommended ruleset) without a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnicart-openapi-'));
    try {
      const file = join(dir, fakeSpec.file);
      writeFileSync(file, renderYaml(doc));
      const result = await lint(file);
      expect(describeProblems(result)).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to document an internal (service-to-service) procedure that carries REST meta', () => {
    const leaky = router({
      ...fakeSpec.router._def.record,
      reserve: internalProcedure
        .meta({ openapi: { method: 'POST', path: '/widgets/{id}/reserve', tags: ['widgets'] } })
        .input(z.object({ id: z.uuid() }))
        .output(z.object({ ok: z.boolean() }))
        .mutation(() => ({ ok: true })),
    });
    expect(() => generateServiceDocument({ ...fakeSpec, router: leaky })).toThrow(/internal procedure reserve must not have REST meta/);
  });

  it('documents header parameters and lets a nullable enum hold null (OpenAPI 3.0)', () => {
    const withIssue = router({
      flag: publicProcedure
        .meta({ openapi: { method: 'POST', path: '/flags', tags: ['widgets'] } })
        .input(z.object({ name: z.string() }))
        .output(z.object({ issue: z.enum(['late', 'lost']).nullable() }))
        .mutation(() => ({ issue: null })),
    });
    const generated = generateServiceDocument({
      ...fakeSpec,
      router: withIssue,
      examples: {
        flag: {
          request: { name: 'x' },
          response: { issue: null },
          headers: [{ name: 'Idempotency-Key', required: true, description: 'One per attempt.', example: 'k-1' }],
        },
      },
    }) as { paths: Record<string, Record<string, { parameters?: unknown[]; responses: Record<string, unknown> }>> };
    const operation = generated.paths['/flags']?.post;
    expect(operation?.parameters).toEqual([
      { name: 'Idempotency-Key', in: 'header', required: true, description: 'One per attempt.', schema: { type: 'string' }, example: 'k-1' },
    ]);
    expect(JSON.stringify(operation?.responses['200'])).toContain('"enum":["late","lost",null]');
  });

  it('summarises a drift by line', () => {
    expect(diffSummary('a\nb\nc\n', 'a\nB\nc\n')).toBe('differs from line 2: 1 committed line(s) vs 1 generated line(s)\n    - b\n    + B');
  });
});

describe('published OpenAPI documents (data/docs)', () => {
  const loaded: { specs: ServiceDocumentSpec[] } = { specs: [] };
  beforeAll(async () => {
    loaded.specs = await loadServiceDocumentSpecs();
  });

  it('match what the routers generate (run `npm run openapi` and commit data/docs/ if this fails)', () => {
    const drift = findDrift(renderDocuments(loaded.specs));
    const report = drift.map((entry) => `data/docs/${entry.file}: ${entry.summary}`).join('\n\n');
    expect(report, `OpenAPI documents are stale; run \`npm run openapi\` and commit data/docs/.\n${report}`).toBe('');
  });

  it('pass redocly lint (recommended ruleset) without a warning', async () => {
    // One file per run: with several files redocly prints one JSON report after another.
    for (const spec of loaded.specs) {
      const result = await lint(join(DOCS_DIR, spec.file));
      expect(describeProblems(result), spec.file).toBe('');
    }
  });
});

#!/usr/bin/env node
// Writes the OpenAPI documents under data/docs/ from the registered domains' routers, or with --check fails (exit 1)
// when the committed files differ from what the code generates.
//   node packages/api/dist/cli/openapi.js           (npm run openapi)
//   node packages/api/dist/cli/openapi.js --check
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { findDrift, renderDocuments } from '../openapi/files.js';
import { loadServiceDocumentSpecs } from '../platform/index.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\nUsage: openapi [--check]`);
    return 2;
  }
  const check = args.includes('--check');
  const specs = await loadServiceDocumentSpecs();
  {
    const documents = renderDocuments(specs);
    if (check) {
      const drift = findDrift(documents);
      if (drift.length === 0) {
        console.log(`OpenAPI documents are up to date (${documents.map((d) => d.file).join(', ')}).`);
        return 0;
      }
      console.error('OpenAPI documents differ from what the code generates:');
      for (const entry of drift) console.error(`\n  data/docs/${entry.file}: ${entry.summary}`);
      console.error('\nRun `npm run openapi` and commit data/docs/.');
      return 1;
    }
    for (const document of documents) {
      mkdirSync(dirname(document.path), { recursive: true });
      writeFileSync(document.path, document.text);
      console.log(`wrote ${relative(process.cwd(), document.path)}`);
    }
    return 0;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

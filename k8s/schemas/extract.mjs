// Extracts the openAPIV3Schema of a CRD's storage version into k8s/schemas/<group>_<plural>.json.
// Usage: node k8s/schemas/extract.mjs <crd.yaml> (see README.md for where each CRD comes from).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { parse } = createRequire(join(here, '..', '..', 'packages', 'api', 'package.json'))('yaml');
for (const file of process.argv.slice(2)) {
  const crd = parse(readFileSync(file, 'utf8'));
  const version = crd.spec.versions.find((candidate) => candidate.storage) ?? crd.spec.versions[0];
  const out = join(here, `${crd.spec.group}_${crd.spec.names.plural}.json`);
  const schema = { 'x-kubernetes-group-version-kind': { group: crd.spec.group, version: version.name, kind: crd.spec.names.kind }, ...version.schema.openAPIV3Schema };
  writeFileSync(out, `${JSON.stringify(schema)}\n`);
  console.log(`${out}: ${crd.spec.names.kind} ${crd.spec.group}/${version.name}`);
}

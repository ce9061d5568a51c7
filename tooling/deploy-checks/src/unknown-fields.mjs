// Unknown fields in built-in kinds: kubernetes-models' `.validate()` checks types and required
// fields but, like the OpenAPI schemas it compiles, lets unknown fields through, which the API server
// rejects (kubectl's strict field validation) or silently drops (a misspelt `readinesProbe`). The
// field names come from the same generated models: their TypeScript declarations, read with the
// TypeScript compiler's type checker, walked alongside each object.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));

const modulePath = ({ apiVersion, kind }) => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
};

/** A checker for the given kinds ([{ apiVersion, kind }]): `unknownFields(object)` → ["/spec/x: unknown field", ...]. */
export function createUnknownFieldChecker(kinds) {
  const entry = join(here, '__kinds__.ts');
  const source = kinds.map((kind, index) => `import type { I${kind.kind} as K${index} } from '${modulePath(kind)}';\nexport type T${index} = K${index};`).join('\n');
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (file, language, ...rest) => (file === entry ? ts.createSourceFile(file, source, language) : getSourceFile.call(host, file, language, ...rest));
  host.fileExists = (file) => file === entry || fileExists.call(host, file);
  host.readFile = (file) => (file === entry ? source : readFile.call(host, file));
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const aliases = program.getSourceFile(entry).statements.filter(ts.isTypeAliasDeclaration);
  const typeOfKind = new Map(kinds.map((kind, index) => [`${kind.apiVersion}/${kind.kind}`, checker.getTypeAtLocation(aliases[index].name)]));

  function walk(value, type, path, problems) {
    if (value === null || typeof value !== 'object') return;
    let target = checker.getNonNullableType(type);
    if (target.isUnion()) {
      const objects = target.types.filter((member) => member.flags & ts.TypeFlags.Object);
      if (objects.length !== 1) return;
      target = objects[0];
    }
    if (Array.isArray(value)) {
      if (!checker.isArrayType(target)) return;
      const [element] = checker.getTypeArguments(target);
      value.forEach((item, index) => walk(item, element, `${path}/${index}`, problems));
      return;
    }
    if (!(target.flags & ts.TypeFlags.Object)) return;
    const index = checker.getIndexInfosOfType(target).find((info) => info.keyType.flags & ts.TypeFlags.String);
    const properties = checker.getPropertiesOfType(target);
    if (!properties.length && !index) return; // an open object (raw JSON)
    for (const [key, child] of Object.entries(value)) {
      const property = target.getProperty(key);
      if (property) walk(child, checker.getTypeOfSymbol(property), `${path}/${key}`, problems);
      else if (index) walk(child, index.type, `${path}/${key}`, problems);
      else problems.push(`${path}/${key}: unknown field`);
    }
  }

  return (object) => {
    const type = typeOfKind.get(`${object.apiVersion}/${object.kind}`);
    if (!type) return [];
    const problems = [];
    walk(object, type, '', problems);
    return problems;
  };
}

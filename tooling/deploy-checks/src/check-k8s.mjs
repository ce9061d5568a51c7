// `npm run check:k8s`: renders every kustomization under k8s/ (the base and each overlay) with our
// kustomize subset (./kustomize.mjs: which features, and why not the binary) and validates every
// rendered object:
// - built-in kinds against the Kubernetes OpenAPI schemas (kubernetes-models' `.validate()`: types,
//   required fields, formats) and for unknown fields (./unknown-fields.mjs, from the same models);
// - custom resources (CloudNativePG, RabbitMQ, the Prometheus operator) against their CRDs'
//   openAPIV3Schema committed under k8s/schemas/ (ajv), rejecting unknown fields as the API server
//   does with strict field validation (except where the CRD preserves unknown fields);
// - the platform's rules: generated manifests up to date with the registry; every Deployment with
//   startup/readiness/liveness probes, requests and a memory limit, non-root, seccomp RuntimeDefault,
//   read-only root filesystem with an emptyDir /tmp, no privilege escalation, all capabilities
//   dropped, a Service, an HPA and a PDB; default-deny NetworkPolicy; every domain and the gateway
//   deployed, scraped (ServiceMonitor) and fenced (its NetworkPolicy), each service and app from its
//   own image (omnicart/<name> in dev, <registry>/omnicart-<name> elsewhere); references resolve
//   (ConfigMaps, HPA targets, Ingress backends, CloudNativePG clusters); images pinned (no :latest,
//   no untagged image) in every overlay but dev; TLS on every Ingress outside dev; the Stripe
//   simulator and the dev inbox in dev only.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { build, podSpecsOf } from './kustomize.mjs';
import { createUnknownFieldChecker } from './unknown-fields.mjs';

/** Built-in API groups kubernetes-models knows; the rest must have a CRD schema. */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'autoscaling', 'policy', 'networking.k8s.io', 'batch', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'coordination.k8s.io', 'scheduling.k8s.io']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass']);
/** Overlays that may run unpinned images (they build them locally). */
const UNPINNED_OVERLAYS = new Set(['dev']);
const DEV_ONLY = ['stripe-simulator', 'dev-inbox'];

const groupOf = (apiVersion = '') => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const versionOf = (apiVersion = '') => apiVersion.split('/').pop();

/** Kubernetes structural schemas reject unknown fields unless they preserve them: make that explicit for ajv. */
function closeObjects(schema) {
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  if (!schema || typeof schema !== 'object') return;
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) schema.additionalProperties = false;
  for (const value of Object.values(schema)) closeObjects(value);
}

/** CRD patterns are Go (RE2) expressions: their `(?i)` becomes JavaScript's `i` flag (for the whole pattern). */
function goRegExp(pattern, flags) {
  const insensitive = pattern.includes('(?i)');
  return new RegExp(pattern.replaceAll('(?i)', ''), `${flags ?? ''}${insensitive ? 'i' : ''}`);
}
goRegExp.code = 'new RegExp';

/** Loads k8s/schemas/*.json (group_plural.json with x-kubernetes-group-version-kind) → validators by group/version/kind. */
export function loadCrdValidators(schemasDir) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
  const validators = new Map();
  for (const file of readdirSync(schemasDir).filter((name) => name.endsWith('.json'))) {
    const { 'x-kubernetes-group-version-kind': gvk, ...schema } = JSON.parse(readFileSync(join(schemasDir, file), 'utf8'));
    closeObjects(schema);
    // apiVersion, kind and metadata are the API machinery's, checked elsewhere.
    schema.properties = { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
    validators.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, ajv.compile(schema));
  }
  return validators;
}

const builtInModels = new Map();
async function builtInModel(object) {
  const group = groupOf(object.apiVersion);
  const key = `${object.apiVersion}/${object.kind}`;
  if (!builtInModels.has(key)) {
    const path = `kubernetes-models/${group ? `${group}/` : ''}${versionOf(object.apiVersion)}/${object.kind}`;
    builtInModels.set(key, await import(path).then((module) => module[object.kind]).catch(() => undefined));
  }
  return builtInModels.get(key);
}

const describe = (error) => `${error.instancePath || '/'} ${error.message}${error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : ''}`;

const fieldCheckers = new Map();
/** One unknown-field checker per set of built-in kinds (building one costs a TypeScript program). */
async function unknownFieldChecker(objects) {
  const kinds = [];
  for (const object of objects) {
    if (!BUILT_IN_GROUPS.has(groupOf(object.apiVersion)) || !(await builtInModel(object))) continue;
    if (!kinds.some((kind) => kind.apiVersion === object.apiVersion && kind.kind === object.kind)) kinds.push({ apiVersion: object.apiVersion, kind: object.kind });
  }
  const key = kinds.map((kind) => `${kind.apiVersion}/${kind.kind}`).sort().join(',');
  if (!fieldCheckers.has(key)) fieldCheckers.set(key, createUnknownFieldChecker(kinds));
  return fieldCheckers.get(key);
}

async function validateSchema(object, crds, unknownFields) {
  const group = groupOf(object.apiVersion);
  if (BUILT_IN_GROUPS.has(group)) {
    const Model = await builtInModel(object);
    if (!Model) return [`no Kubernetes schema for ${object.apiVersion} ${object.kind}`];
    const problems = unknownFields(object);
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(...(error.errors ?? [{ instancePath: '', message: error.message }]).map(describe));
    }
    return problems;
  }
  const validate = crds.get(`${group}/${versionOf(object.apiVersion)}/${object.kind}`);
  if (!validate) return [`no CRD schema for ${object.apiVersion} ${object.kind} under k8s/schemas/`];
  return validate(object) ? [] : validate.errors.map(describe);
}

const matchesLabels = (labels, wanted) => Object.keys(wanted).length > 0 && Object.entries(wanted).every(([key, value]) => labels?.[key] === value);

/** The rules every rendered Deployment follows (`images` is the image prefix of the platform's own images). */
function deploymentProblems(deployment, objects) {
  const problems = [];
  const name = deployment.metadata.name;
  const pod = deployment.spec?.template;
  const spec = pod?.spec ?? {};
  const labels = pod?.metadata?.labels ?? {};
  if (!matchesLabels(labels, deployment.spec?.selector?.matchLabels ?? {})) problems.push(`Deployment ${name}: selector does not match the pod labels`);
  if (spec.securityContext?.runAsNonRoot !== true) problems.push(`Deployment ${name}: pods must run as non-root (securityContext.runAsNonRoot: true)`);
  if (spec.securityContext?.runAsUser === 0) problems.push(`Deployment ${name}: pods must not run as user 0`);
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) problems.push(`Deployment ${name}: must not share the host's network, PID or IPC namespace`);
  const tmp = (spec.volumes ?? []).find((volume) => volume.emptyDir);
  for (const container of spec.containers ?? []) {
    const where = `Deployment ${name} container ${container.name}`;
    const context = container.securityContext ?? {};
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) if (!container[probe]) problems.push(`${where}: no ${probe}`);
    if (/^omnicart\/|\/omnicart[/-]/.test(String(container.image ?? ''))) {
      if (container.readinessProbe && container.readinessProbe.httpGet?.path !== '/readyz') problems.push(`${where}: readinessProbe must GET /readyz`);
      if (container.livenessProbe && container.livenessProbe.httpGet?.path !== '/healthz') problems.push(`${where}: livenessProbe must GET /healthz`);
    }
    if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) problems.push(`${where}: needs cpu and memory requests`);
    if (!container.resources?.limits?.memory) problems.push(`${where}: needs a memory limit`);
    if (context.privileged === true) problems.push(`${where}: must not be privileged`);
    if (context.runAsUser === 0 || context.runAsNonRoot === false) problems.push(`${where}: must not run as root`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: must forbid privilege escalation (allowPrivilegeEscalation: false)`);
    if (context.readOnlyRootFilesystem !== true) problems.push(`${where}: needs a read-only root filesystem`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: must drop ALL capabilities`);
    if ((context.capabilities?.add ?? []).length) problems.push(`${where}: must not add capabilities (${context.capabilities.add.join(', ')})`);
    const seccomp = context.seccompProfile?.type ?? spec.securityContext?.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${where}: needs seccompProfile RuntimeDefault`);
    if (!(container.volumeMounts ?? []).some((mount) => mount.mountPath === '/tmp' && (spec.volumes ?? []).some((volume) => volume.name === mount.name && volume.emptyDir))) {
      problems.push(`${where}: needs a writable emptyDir at /tmp (the root filesystem is read-only)`);
    }
  }
  if (!tmp && spec.containers?.length) problems.push(`Deployment ${name}: no emptyDir volume`);
  const byKind = (kind) => objects.filter((object) => object.kind === kind);
  if (!byKind('Service').some((service) => matchesLabels(labels, service.spec?.selector ?? {}))) problems.push(`Deployment ${name}: no Service selects its pods`);
  if (!byKind('HorizontalPodAutoscaler').some((hpa) => hpa.spec?.scaleTargetRef?.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === name)) problems.push(`Deployment ${name}: no HorizontalPodAutoscaler`);
  if (!byKind('PodDisruptionBudget').some((pdb) => matchesLabels(labels, pdb.spec?.selector?.matchLabels ?? {}))) problems.push(`Deployment ${name}: no PodDisruptionBudget`);
  return problems;
}

/** References between rendered objects that must resolve. */
function referenceProblems(objects) {
  const problems = [];
  const has = (kind, name) => objects.some((object) => object.kind === kind && object.metadata.name === name);
  for (const object of objects) {
    const where = `${object.kind} ${object.metadata.name}`;
    for (const pod of podSpecsOf(object)) {
      for (const container of pod.containers ?? []) {
        for (const source of container.envFrom ?? []) if (source.configMapRef && !source.configMapRef.optional && !has('ConfigMap', source.configMapRef.name)) problems.push(`${where}: envFrom ConfigMap ${source.configMapRef.name} does not exist`);
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.configMapKeyRef;
          if (ref && !ref.optional && !has('ConfigMap', ref.name)) problems.push(`${where}: env ${variable.name}: ConfigMap ${ref.name} does not exist`);
        }
      }
      for (const volume of pod.volumes ?? []) if (volume.configMap && !volume.configMap.optional && !has('ConfigMap', volume.configMap.name)) problems.push(`${where}: volume ${volume.name}: ConfigMap ${volume.configMap.name} does not exist`);
    }
    if (object.kind === 'HorizontalPodAutoscaler' && !has(object.spec?.scaleTargetRef?.kind, object.spec?.scaleTargetRef?.name)) problems.push(`${where}: scale target ${object.spec?.scaleTargetRef?.kind} ${object.spec?.scaleTargetRef?.name} does not exist`);
    if (object.kind === 'Ingress') {
      for (const rule of object.spec?.rules ?? []) for (const path of rule.http?.paths ?? []) {
        const service = objects.find((candidate) => candidate.kind === 'Service' && candidate.metadata.name === path.backend?.service?.name);
        if (!service) problems.push(`${where}: backend Service ${path.backend?.service?.name} does not exist`);
        else if (path.backend.service.port?.name && !(service.spec?.ports ?? []).some((port) => port.name === path.backend.service.port.name)) problems.push(`${where}: Service ${service.metadata.name} has no port ${path.backend.service.port.name}`);
      }
    }
    if ((object.kind === 'Pooler' || object.kind === 'ScheduledBackup') && !has('Cluster', object.spec?.cluster?.name)) problems.push(`${where}: CloudNativePG Cluster ${object.spec?.cluster?.name} does not exist`);
    // The RabbitMQ operator creates the cluster's Service, labelled app.kubernetes.io/name: <cluster>.
    const services = [...objects.filter((service) => service.kind === 'Service').map((service) => service.metadata.labels ?? {}), ...objects.filter((cluster) => cluster.kind === 'RabbitmqCluster').map((cluster) => ({ 'app.kubernetes.io/name': cluster.metadata.name }))];
    if (object.kind === 'ServiceMonitor' && !services.some((labels) => matchesLabels(labels, object.spec?.selector?.matchLabels ?? {}))) {
      problems.push(`${where}: selects no Service`);
    }
  }
  return problems;
}

/** Platform rules for one rendered overlay. */
function platformProblems(overlay, objects, platform) {
  const problems = [];
  const byKind = (kind) => objects.filter((object) => object.kind === kind);
  const named = (kind, name) => byKind(kind).find((object) => object.metadata.name === name);
  const envNames = (deployment) => new Set((deployment?.spec?.template?.spec?.containers ?? []).flatMap((container) => (container.env ?? []).map((variable) => variable.name)));
  const config = named('ConfigMap', 'omnicart-config')?.data ?? {};
  const serviceUrls = named('ConfigMap', 'omnicart-service-urls')?.data ?? {};
  for (const service of [...platform.DOMAIN_NAMES, 'gateway', 'storefront', 'admin']) if (!named('Deployment', service)) problems.push(`no Deployment for ${service}`);
  for (const service of [...platform.DOMAIN_NAMES, 'gateway']) {
    if (!named('ServiceMonitor', service)) problems.push(`no ServiceMonitor for ${service}`);
    if (!named('NetworkPolicy', service)) problems.push(`no NetworkPolicy for ${service}`);
  }
  for (const domain of platform.DOMAIN_NAMES) {
    const deployment = named('Deployment', domain);
    if (deployment && !envNames(deployment).has('SERVICE_TOKEN')) problems.push(`Deployment ${domain}: SERVICE_TOKEN must come from the omnicart-service-token Secret`);
    if (!serviceUrls[`${domain.toUpperCase()}_URL`]) problems.push(`ConfigMap omnicart-service-urls: no ${domain.toUpperCase()}_URL`);
  }
  const payments = envNames(named('Deployment', 'payments'));
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']) if (named('Deployment', 'payments') && !payments.has(name)) problems.push(`Deployment payments: ${name} must come from a Secret`);
  const isDev = UNPINNED_OVERLAYS.has(overlay);
  // Each service and app runs its own image: omnicart/<name> as built locally (dev), <registry>/omnicart-<name> elsewhere.
  for (const image of platform.serviceImages()) {
    const deployment = named('Deployment', image.deployment);
    for (const container of deployment?.spec?.template?.spec?.containers ?? []) {
      const reference = String(container.image ?? '');
      const repository = reference.split('@')[0].replace(/:[^/:]*$/, '');
      if (!repository.endsWith(`/${image.repository}`) && !(isDev && repository === image.name)) {
        problems.push(`Deployment ${image.deployment} container ${container.name}: runs ${reference}, not its own image (${isDev ? `${image.name} or ` : ''}<registry>/${image.repository})`);
      }
    }
  }
  if (!isDev && ('STRIPE_API_URL' in config || payments.has('STRIPE_API_URL'))) problems.push('STRIPE_API_URL must not be set outside dev (real Stripe; only dev points at the simulator)');
  for (const devOnly of DEV_ONLY) {
    if (isDev && !named('Deployment', devOnly)) problems.push(`no ${devOnly} Deployment`);
    if (!isDev && named('Deployment', devOnly)) problems.push(`the ${devOnly} must not be deployed outside dev`);
  }
  const policies = byKind('NetworkPolicy');
  const denies = (type) => policies.some((policy) => Object.keys(policy.spec?.podSelector ?? {}).length === 0 && (policy.spec?.policyTypes ?? []).includes(type) && !(policy.spec?.[type.toLowerCase()] ?? []).length);
  if (!denies('Ingress') || !denies('Egress')) problems.push('no default-deny NetworkPolicy for both ingress and egress (podSelector: {}, policyTypes [Ingress, Egress], no rules)');
  const ingresses = byKind('Ingress');
  for (const backend of ['storefront', 'admin', 'gateway']) {
    if (!ingresses.some((ingress) => (ingress.spec?.rules ?? []).some((rule) => (rule.http?.paths ?? []).some((path) => path.backend?.service?.name === backend)))) problems.push(`no Ingress to ${backend}`);
  }
  if (!ingresses.flatMap((ingress) => (ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths ?? [])).some((path) => path.path === '/webhooks/stripe' && path.backend?.service?.name === 'gateway')) problems.push('Ingress: no /webhooks/stripe path to the gateway');
  if (!isDev) {
    for (const ingress of ingresses) {
      const hosts = (ingress.spec?.rules ?? []).map((rule) => rule.host);
      const covered = new Set((ingress.spec?.tls ?? []).flatMap((tls) => tls.hosts ?? []));
      for (const host of hosts) if (!covered.has(host)) problems.push(`Ingress ${ingress.metadata.name}: host ${host} has no TLS`);
    }
    for (const object of objects) {
      for (const pod of podSpecsOf(object)) {
        for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
          const image = String(container.image ?? '');
          const tag = image.includes('@') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
          if (!tag || tag === 'latest') problems.push(`${object.kind} ${object.metadata.name} container ${container.name}: image ${image} is not pinned (a version tag or a digest, never :latest)`);
        }
      }
    }
    if (!byKind('ScheduledBackup').length || !byKind('Cluster').some((cluster) => cluster.spec?.backup)) problems.push('the database has no backup configuration and ScheduledBackup');
  }
  if (!byKind('Pooler').length) problems.push('no CloudNativePG Pooler');
  if (!byKind('RabbitmqCluster').length) problems.push('no RabbitmqCluster');
  for (const object of objects) if (!CLUSTER_SCOPED.has(object.kind) && !object.metadata.namespace) problems.push(`${object.kind} ${object.metadata.name}: no namespace (the overlay must set one)`);
  return problems;
}

/**
 * Checks the kustomize tree under `k8sDir`. `platform` is @omnicart/api's platform module (the
 * registry, renderK8s and serviceImages); `generatedRoot` is the directory renderK8s's paths are relative to;
 * `crds` the validators of k8s/schemas (loaded from there by default; tests reuse them).
 * Returns every problem, each prefixed with where it was found, and a one-line summary.
 */
export async function checkK8s({ k8sDir, platform, generatedRoot = join(k8sDir, '..'), crds = loadCrdValidators(join(k8sDir, 'schemas')) }) {
  const problems = [];
  const committedText = (file) => {
    const path = join(generatedRoot, file);
    return existsSync(path) ? readFileSync(path, 'utf8').replace(/\r\n/g, '\n') : '';
  };
  let generated = {};
  try {
    generated = platform.renderK8s(committedText);
  } catch (error) {
    problems.push(`the generated manifests: ${error.message}`);
  }
  for (const [file, text] of Object.entries(generated)) {
    if (committedText(file) !== text) problems.push(`${file} differs from what the platform registry generates: run \`npm run k8s\` and commit it`);
  }
  const overlaysDir = join(k8sDir, 'overlays');
  const overlays = readdirSync(overlaysDir).filter((name) => statSync(join(overlaysDir, name)).isDirectory()).sort();
  for (const required of ['dev', 'prod']) if (!overlays.includes(required)) problems.push(`no overlay ${required}`);
  const base = build(join(k8sDir, 'base'), { root: k8sDir });
  problems.push(...base.problems.map((problem) => `base: ${problem}`));
  let rendered = 0;
  const builds = overlays.map((overlay) => [overlay, build(join(overlaysDir, overlay), { root: k8sDir })]);
  const unknownFields = await unknownFieldChecker(builds.flatMap(([, { objects }]) => objects));
  for (const [overlay, { objects, problems: buildProblems }] of builds) {
    const at = (problem) => `overlay ${overlay}: ${problem}`;
    problems.push(...buildProblems.map(at));
    rendered += objects.length;
    for (const object of objects) for (const problem of await validateSchema(object, crds, unknownFields)) problems.push(at(`${object.kind} ${object.metadata.name}: schema: ${problem}`));
    for (const deployment of objects.filter((object) => object.kind === 'Deployment')) problems.push(...deploymentProblems(deployment, objects).map(at));
    problems.push(...referenceProblems(objects).map(at), ...platformProblems(overlay, objects, platform).map(at));
  }
  const summary = `k8s manifests: overlays ${overlays.join(', ')} rendered (${rendered} objects), valid against the Kubernetes and CRD schemas (${crds.size} CRDs), every Deployment hardened with probes, resources, a Service, an HPA and a PDB; default deny; every service on its own image, pinned outside dev`;
  return { problems, summary };
}

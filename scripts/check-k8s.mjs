// Validates the kustomize tree without a cluster or the kustomize binary (neither is on our machines):
// the manifests generated from the platform registry are up to date (k8s/base/domains.yaml,
// service-urls.yaml: `npm run k8s`), every kustomization's resources exist and parse, and every
// Deployment follows the rules in DESIGN.md (probes on /readyz and /healthz, non-root, resource
// requests, a Service, an HPA and a PodDisruptionBudget that target it); every registered domain is
// deployed. Needs the built @omnicart/api (npm test builds first). Exits 1 listing every problem.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const platform = await import(pathToFileURL(join(root, 'packages', 'api', 'dist', 'platform', 'index.js')).href);
const { parseAllDocuments } = createRequire(join(root, 'packages', 'api', 'package.json'))('yaml');
const problems = [];

// The generated manifests match the registry.
for (const [file, text] of Object.entries(platform.renderK8s())) {
  const committed = existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8').replace(/\r\n/g, '\n') : '';
  if (committed !== text) problems.push(`${file} differs from what the platform registry generates: run \`npm run k8s\` and commit it`);
}

function readDocuments(file) {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  const parsed = [];
  for (const document of documents) {
    if (document.errors.length) problems.push(`${relative(root, file)}: ${document.errors[0].message}`);
    const value = document.toJS();
    if (value) parsed.push(value);
  }
  return parsed;
}

/** Collects the objects a kustomization renders from its resources (recursively; patches are not applied). */
function render(dir, seen = new Set()) {
  const file = join(dir, 'kustomization.yaml');
  if (!existsSync(file)) {
    problems.push(`${relative(root, dir)}: no kustomization.yaml`);
    return [];
  }
  if (seen.has(dir)) return [];
  seen.add(dir);
  const [kustomization] = readDocuments(file);
  const objects = [];
  for (const resource of kustomization?.resources ?? []) {
    const path = join(dir, resource);
    if (!existsSync(path)) problems.push(`${relative(root, file)}: resource ${resource} does not exist`);
    else if (statSync(path).isDirectory()) objects.push(...render(path, seen));
    else objects.push(...readDocuments(path).map((object) => ({ ...object, source: relative(root, path) })));
  }
  for (const patch of kustomization?.patches ?? []) {
    if (!patch.target?.kind || !patch.patch) problems.push(`${relative(root, file)}: a patch needs a target kind and a patch`);
  }
  return objects;
}

const base = render(join(root, 'k8s', 'base'));
const overlays = Object.fromEntries(['dev', 'prod'].map((overlay) => [overlay, render(join(root, 'k8s', 'overlays', overlay))]));

const byKind = (kind, objects = base) => objects.filter((object) => object.kind === kind);
for (const [label, objects] of [['base', base], ...Object.entries(overlays).map(([name, objects]) => [`overlay ${name}`, objects])]) {
  const names = new Set();
  for (const object of objects) {
    if (!object.apiVersion || !object.kind || !object.metadata?.name) problems.push(`${object.source}: object without apiVersion/kind/metadata.name`);
    const key = `${object.kind}/${object.metadata?.name}`;
    if (names.has(key)) problems.push(`${label}: duplicate ${key}`);
    names.add(key);
  }
}

// Every Deployment any overlay renders (the dev-only Stripe simulator included) follows the rules.
const allObjects = [...base, ...Object.values(overlays).flat().filter((object) => !base.some((b) => b.source === object.source))];
for (const deployment of byKind('Deployment', allObjects)) {
  const name = deployment.metadata.name;
  const pod = deployment.spec?.template;
  const labels = pod?.metadata?.labels ?? {};
  const selector = deployment.spec?.selector?.matchLabels ?? {};
  const matches = (wanted) => Object.entries(wanted).every(([key, value]) => labels[key] === value);
  if (!matches(selector)) problems.push(`Deployment ${name}: selector does not match the pod labels`);
  if (pod?.spec?.securityContext?.runAsNonRoot !== true) problems.push(`Deployment ${name}: pods must run as non-root`);
  for (const container of pod?.spec?.containers ?? []) {
    const where = `Deployment ${name} container ${container.name}`;
    if (container.readinessProbe?.httpGet?.path !== '/readyz') problems.push(`${where}: readinessProbe must GET /readyz`);
    if (container.livenessProbe?.httpGet?.path !== '/healthz') problems.push(`${where}: livenessProbe must GET /healthz`);
    if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) problems.push(`${where}: needs cpu and memory requests`);
    if (container.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: must forbid privilege escalation`);
  }
  const services = byKind('Service', allObjects).filter((service) => matches(service.spec?.selector ?? { none: 'none' }));
  if (services.length === 0) problems.push(`Deployment ${name}: no Service selects its pods`);
  if (!byKind('HorizontalPodAutoscaler', allObjects).some((hpa) => hpa.spec?.scaleTargetRef?.name === name)) problems.push(`Deployment ${name}: no HorizontalPodAutoscaler`);
  if (!byKind('PodDisruptionBudget', allObjects).some((pdb) => matches(pdb.spec?.selector?.matchLabels ?? { none: 'none' }))) problems.push(`Deployment ${name}: no PodDisruptionBudget`);
}

const DOMAINS = platform.DOMAIN_NAMES;
const deploymentNamed = (name, objects = base) => byKind('Deployment', objects).find((deployment) => deployment.metadata.name === name);
const envNames = (deployment) => new Set((deployment?.spec?.template?.spec?.containers ?? []).flatMap((c) => (c.env ?? []).map((e) => e.name)));
const config = byKind('ConfigMap').find((map) => map.metadata.name === 'omnicart-config')?.data ?? {};
const serviceUrls = byKind('ConfigMap').find((map) => map.metadata.name === 'omnicart-service-urls')?.data ?? {};
for (const wanted of [...DOMAINS, 'gateway']) {
  if (!deploymentNamed(wanted)) problems.push(`no Deployment for ${wanted}`);
}
for (const domain of DOMAINS) {
  const env = envNames(deploymentNamed(domain));
  // Internal procedures check the caller's token; every domain service must share it.
  if (deploymentNamed(domain) && !env.has('SERVICE_TOKEN')) problems.push(`Deployment ${domain}: SERVICE_TOKEN must come from the omnicart-service-token Secret`);
  if (!serviceUrls[`${domain.toUpperCase()}_URL`]) problems.push(`ConfigMap omnicart-service-urls: no ${domain.toUpperCase()}_URL`);
}
const payments = envNames(deploymentNamed('payments'));
for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']) if (!payments.has(name)) problems.push(`Deployment payments: ${name} must come from a Secret`);
if ('STRIPE_API_URL' in config || payments.has('STRIPE_API_URL')) problems.push('base: STRIPE_API_URL must not be set (production talks to real Stripe; only the dev overlay points at the simulator)');
if (!deploymentNamed('stripe-simulator', overlays.dev)) problems.push('overlay dev: no stripe-simulator Deployment');
if (deploymentNamed('stripe-simulator', overlays.prod)) problems.push('overlay prod: the Stripe simulator must not be deployed');
if (!byKind('NetworkPolicy').length) problems.push('no NetworkPolicy');
if (!byKind('Ingress').length) problems.push('no Ingress');
const ingressPaths = byKind('Ingress').flatMap((ingress) => (ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths ?? []));
if (!ingressPaths.some((path) => path.path === '/webhooks/stripe' && path.backend?.service?.name === 'gateway')) problems.push('Ingress: no /webhooks/stripe path to the gateway');

if (problems.length) {
  console.error(`k8s manifests: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `k8s manifests: ${base.length} objects in the base, overlays dev and prod resolve; every Deployment has probes, non-root pods, requests, a Service, an HPA and a PDB; every domain shares the service token; Stripe is real in the base and simulated in dev`,
);

// Breaks a copy of k8s/ in each way the check must catch, and proves it reports each one (and that the
// committed tree passes). Each case edits one file of a fresh copy with a string replacement that
// must apply, so a manifest change that makes a case vacuous fails the test instead.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as platform from '@omnicart/api/platform';
import { checkK8s, loadCrdValidators } from './check-k8s.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'omnicart-k8s-check-'));
let crds;
let copies = 0;

beforeAll(() => {
  crds = loadCrdValidators(join(repo, 'k8s', 'schemas'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Copies k8s/, applies the edits ([file, from, to]; to === undefined removes `from`), runs the check. */
async function problemsAfter(...edits) {
  const root = join(scratch, String(copies++));
  cpSync(join(repo, 'k8s'), join(root, 'k8s'), { recursive: true });
  for (const [file, from, to = ''] of edits) {
    const path = join(root, 'k8s', file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`the test's edit does not apply: ${file} has no ${JSON.stringify(from)}`);
    writeFileSync(path, text.replace(from, to));
  }
  return (await checkK8s({ k8sDir: join(root, 'k8s'), platform, generatedRoot: root, crds })).problems;
}

describe('npm run check:k8s', () => {
  it('passes the committed manifests', async () => {
    expect(await problemsAfter()).toEqual([]);
  });

  it('reports a missing probe', async () => {
    const problems = await problemsAfter(['base/gateway.yaml', '          readinessProbe: { httpGet: { path: /readyz, port: http }, periodSeconds: 5, failureThreshold: 3 }\n']);
    expect(problems).toContain('overlay prod: Deployment gateway container gateway: no readinessProbe');
  });

  it('reports root, privileged and escalating containers and a writable root filesystem', async () => {
    const problems = await problemsAfter(
      ['base/admin.yaml', 'runAsNonRoot: true, runAsUser: 10001', 'runAsNonRoot: false, runAsUser: 0'],
      ['base/admin.yaml', '{ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }', '{ privileged: true, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false, capabilities: { add: [NET_ADMIN] } }'],
    );
    for (const expected of [
      'overlay prod: Deployment admin: pods must run as non-root (securityContext.runAsNonRoot: true)',
      'overlay prod: Deployment admin: pods must not run as user 0',
      'overlay prod: Deployment admin container admin: must not be privileged',
      'overlay prod: Deployment admin container admin: must forbid privilege escalation (allowPrivilegeEscalation: false)',
      'overlay prod: Deployment admin container admin: needs a read-only root filesystem',
      'overlay prod: Deployment admin container admin: must drop ALL capabilities',
      'overlay prod: Deployment admin container admin: must not add capabilities (NET_ADMIN)',
    ]) expect(problems).toContain(expected);
  });

  it('reports a missing /tmp emptyDir, requests and limits', async () => {
    const problems = await problemsAfter(['base/gateway.yaml', '          volumeMounts: [{ name: tmp, mountPath: /tmp }]\n'], ['base/gateway.yaml', '            limits: { memory: 384Mi }\n'], ['base/gateway.yaml', 'requests: { cpu: 100m, memory: 128Mi }', 'requests: { memory: 128Mi }']);
    expect(problems).toContain('overlay prod: Deployment gateway container gateway: needs a writable emptyDir at /tmp (the root filesystem is read-only)');
    expect(problems).toContain('overlay prod: Deployment gateway container gateway: needs a memory limit');
    expect(problems).toContain('overlay prod: Deployment gateway container gateway: needs cpu and memory requests');
  });

  it('reports a field of the wrong type against the Kubernetes schema', async () => {
    const problems = await problemsAfter(['base/admin.yaml', '  maxReplicas: 4', '  maxReplicas: four'], ['base/storefront.yaml', 'containerPort: 3000', 'containerPort: "3000"']);
    expect(problems).toContain('overlay dev: HorizontalPodAutoscaler admin: schema: /spec/maxReplicas must be integer');
    expect(problems).toContain('overlay prod: Deployment storefront: schema: /spec/template/spec/containers/0/ports/0/containerPort must be integer');
  });

  it('reports unknown (misspelt) fields in built-in kinds', async () => {
    const problems = await problemsAfter(['base/gateway.yaml', '          readinessProbe: { httpGet', '          readinesProbe: { httpGet'], ['overlays/dev/network-policies.yaml', '  policyTypes: [Ingress]\n', '  policyType: [Ingress]\n']);
    expect(problems).toContain('overlay prod: Deployment gateway: schema: /spec/template/spec/containers/0/readinesProbe: unknown field');
    expect(problems).toContain('overlay prod: Deployment gateway container gateway: no readinessProbe');
    expect(problems).toContain('overlay dev: NetworkPolicy dev-inbox: schema: /spec/policyType: unknown field');
  });

  it('reports unknown fields and wrong types in custom resources against the CRD schemas', async () => {
    const problems = await problemsAfter(['base/postgres.yaml', '  instances: 3\n', '  instances: 3\n  instancez: 2\n'], ['base/rabbitmq.yaml', '  replicas: 3', '  replicas: three'], ['base/gateway.yaml', 'interval: 30s, scrapeTimeout', 'intervall: 30s, scrapeTimeout']);
    expect(problems).toContain('overlay prod: Cluster omnicart-db: schema: /spec must NOT have additional properties (instancez)');
    expect(problems).toContain('overlay prod: RabbitmqCluster omnicart-rabbitmq: schema: /spec/replicas must be integer');
    expect(problems).toContain('overlay prod: ServiceMonitor gateway: schema: /spec/endpoints/0 must NOT have additional properties (intervall)');
  });

  it('reports a patch whose target matches nothing and a JSON patch path that does not exist', async () => {
    const problems = await problemsAfter(['overlays/prod/kustomization.yaml', '{ kind: Ingress, name: admin }', '{ kind: Ingress, name: admn }'], ['overlays/dev/kustomization.yaml', 'path: /spec/instances', 'path: /spec/instancez']);
    expect(problems).toContain('overlay prod: overlays/prod/kustomization.yaml: patch 4: target {"kind":"Ingress","name":"admn"} matches no object');
    expect(problems).toContain('overlay dev: overlays/dev/kustomization.yaml: patch 3 on Cluster/omnicart-db: path "/spec/instancez" does not exist (replace needs an existing value)');
  });

  it('reports a strategic merge patch for an object that does not exist', async () => {
    const problems = await problemsAfter(['overlays/prod/public-urls.yaml', 'metadata: { name: admin }', 'metadata: { name: admins }']);
    expect(problems).toContain('overlay prod: overlays/prod/kustomization.yaml: patch 6 (public-urls.yaml): target Deployment/admins matches no object');
  });

  it('reports a Deployment without a PodDisruptionBudget, an HPA or a Service', async () => {
    const problems = await problemsAfter(['base/admin.yaml', 'kind: PodDisruptionBudget\nmetadata: { name: admin }', 'kind: ConfigMap\nmetadata: { name: admin }'], ['base/admin.yaml', 'scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: admin }', 'scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: storefront }'], ['base/storefront.yaml', '  selector: { app.kubernetes.io/name: storefront }', '  selector: { app.kubernetes.io/name: shopfront }']);
    expect(problems).toContain('overlay prod: Deployment admin: no PodDisruptionBudget');
    expect(problems).toContain('overlay prod: Deployment admin: no HorizontalPodAutoscaler');
    expect(problems).toContain('overlay prod: Deployment storefront: no Service selects its pods');
  });

  it('reports :latest and untagged images in prod and staging, but not in dev', async () => {
    const problems = await problemsAfter(
      ['overlays/prod/kustomization.yaml', '    newName: ghcr.io/omnicart/omnicart-storefront\n    newTag: "0.1.0"\n', '    newName: ghcr.io/omnicart/omnicart-storefront\n    newTag: latest\n'],
      ['overlays/prod/kustomization.yaml', '  - name: omnicart/orders\n    newName: ghcr.io/omnicart/omnicart-orders\n    newTag: "0.1.0"\n'],
      ['base/observability/otel-collector.yaml', 'opentelemetry-collector-contrib:0.114.0', 'opentelemetry-collector-contrib'],
    );
    expect(problems).toContain('overlay prod: Deployment storefront container storefront: image ghcr.io/omnicart/omnicart-storefront:latest is not pinned (a version tag or a digest, never :latest)');
    expect(problems).toContain('overlay staging: Deployment storefront container storefront: image ghcr.io/omnicart/omnicart-storefront:latest is not pinned (a version tag or a digest, never :latest)');
    expect(problems).toContain('overlay prod: Deployment orders container orders: image omnicart/orders is not pinned (a version tag or a digest, never :latest)');
    expect(problems).toContain('overlay prod: Deployment otel-collector container otel-collector: image otel/opentelemetry-collector-contrib is not pinned (a version tag or a digest, never :latest)');
    expect(problems.filter((problem) => problem.startsWith('overlay dev:') && problem.includes('not pinned'))).toEqual([]);
    // The pins are generated from the registry: a missing one is drift as well.
    expect(problems).toContain('k8s/overlays/prod/kustomization.yaml differs from what the platform registry generates: run `npm run k8s` and commit it');
  });

  it("reports a Deployment that does not run its own service's image", async () => {
    const problems = await problemsAfter(
      ['base/gateway.yaml', '          image: omnicart/gateway', '          image: omnicart/api'],
      ['overlays/prod/kustomization.yaml', '    newName: ghcr.io/omnicart/omnicart-payments', '    newName: ghcr.io/omnicart/omnicart-orders'],
    );
    expect(problems).toContain('overlay dev: Deployment gateway container gateway: runs omnicart/api, not its own image (omnicart/gateway or <registry>/omnicart-gateway)');
    expect(problems).toContain('overlay prod: Deployment gateway container gateway: runs omnicart/api, not its own image (<registry>/omnicart-gateway)');
    expect(problems).toContain('overlay prod: Deployment payments container payments: runs ghcr.io/omnicart/omnicart-orders:0.1.0, not its own image (<registry>/omnicart-payments)');
    expect(problems).toContain('overlay staging: Deployment payments container payments: runs ghcr.io/omnicart/omnicart-orders:0.1.0, not its own image (<registry>/omnicart-payments)');
    expect(problems.filter((problem) => problem.includes('Deployment orders container orders: runs'))).toEqual([]);
  });

  it('reports a release overlay whose images the generator cannot pin', async () => {
    const problems = await problemsAfter(['overlays/prod/kustomization.yaml', '\nimages:\n', '\nimagez:\n']);
    expect(problems).toContain('the generated manifests: k8s/overlays/prod/kustomization.yaml: no images: block with a newTag to pin the service images to');
  });

  it('reports hand edits of the generated manifests and a missing default deny', async () => {
    const problems = await problemsAfter(['base/network-policies.yaml', '  policyTypes: [Ingress, Egress]\n---', '  policyTypes: [Ingress]\n---']);
    expect(problems).toContain('k8s/base/network-policies.yaml differs from what the platform registry generates: run `npm run k8s` and commit it');
    expect(problems).toContain('overlay prod: no default-deny NetworkPolicy for both ingress and egress (podSelector: {}, policyTypes [Ingress, Egress], no rules)');
  });

  it('reports dangling references, Ingress without TLS, the simulator outside dev and unsupported kustomize fields', async () => {
    const problems = await problemsAfter(
      ['base/observability/otel-collector.yaml', 'configMap: { name: otel-collector-config }', 'configMap: { name: otel-config }'],
      ['base/gateway.yaml', '  tls: [{ hosts: [api.omnicart.local], secretName: api-tls }]\n'],
      ['overlays/prod/kustomization.yaml', 'resources: [../../base]', 'resources: [../../base, ../dev/stripe-simulator.yaml]\nhelmCharts: []'],
    );
    expect(problems).toContain('overlay prod: Deployment otel-collector: volume config: ConfigMap otel-config does not exist');
    expect(problems).toContain('overlay prod: Ingress omnicart: host api.omnicart.local has no TLS');
    expect(problems).toContain('overlay prod: the stripe-simulator must not be deployed outside dev');
    expect(problems).toContain('overlay prod: overlays/prod/kustomization.yaml: "helmCharts" is not supported by this kustomize subset');
  });
});

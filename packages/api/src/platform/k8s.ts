import { DOMAINS, type RegisteredDomain } from './registry.js';

/**
 * The Kubernetes objects every registered domain gets (k8s/base/domains.yaml: a Deployment, a
 * Service, an HPA and a PodDisruptionBudget each) and the addresses every service reaches them at
 * (k8s/base/service-urls.yaml), generated from the manifests so a new domain is deployed the moment
 * it is registered. `npm run k8s` writes them; `npm run check:k8s` fails when they drift.
 */

export const K8S_DOMAINS_FILE = 'k8s/base/domains.yaml';
export const K8S_SERVICE_URLS_FILE = 'k8s/base/service-urls.yaml';

const GENERATED = '# Generated from the platform registry (packages/api/src/platform/k8s.ts) by `npm run k8s`; do not edit by hand.';

function secretEnv(name: string, secret: string, key: string, optional = false): string[] {
  return [`            - name: ${name}`, `              valueFrom: { secretKeyRef: { name: ${secret}, key: ${key}${optional ? ', optional: true' : ''} } }`];
}

function domainObjects(domain: RegisteredDomain): string {
  const { name, port } = domain;
  const labels = `{ app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: omnicart, omnicart/tier: domain }`;
  const secrets = Object.entries(domain.secrets ?? {}).flatMap(([env, ref]) => secretEnv(env, ref.secret, ref.key));
  return [
    `# ${name}: ${domain.summary}`,
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  labels: ${labels}`,
    'spec:',
    '  replicas: 2',
    `  selector: { matchLabels: { app.kubernetes.io/name: ${name} } }`,
    '  strategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }',
    '  template:',
    '    metadata:',
    `      labels: ${labels}`,
    `      annotations: { prometheus.io/scrape: "true", prometheus.io/port: "${port}", prometheus.io/path: /metrics }`,
    '    spec:',
    '      securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: RuntimeDefault } }',
    '      terminationGracePeriodSeconds: 30',
    '      containers:',
    `        - name: ${name}`,
    '          image: omnicart/api',
    `          args: ["${name}"]`,
    `          ports: [{ name: http, containerPort: ${port} }]`,
    '          envFrom:',
    '            - configMapRef: { name: omnicart-config }',
    '            - configMapRef: { name: omnicart-service-urls }',
    '          env:',
    `            - { name: ${name.toUpperCase()}_PORT, value: "${port}" }`,
    ...secretEnv('DATABASE_URL', 'omnicart-db-app', 'uri'),
    ...secretEnv('SERVICE_TOKEN', 'omnicart-service-token', 'token'),
    ...secretEnv('RABBITMQ_URL', 'omnicart-rabbitmq', 'url', true),
    ...secrets,
    '          readinessProbe: { httpGet: { path: /readyz, port: http }, periodSeconds: 5, failureThreshold: 3 }',
    '          livenessProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 10, failureThreshold: 3 }',
    '          resources:',
    '            requests: { cpu: 100m, memory: 192Mi }',
    '            limits: { memory: 512Mi }',
    '          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }',
    '          volumeMounts: [{ name: tmp, mountPath: /tmp }]',
    '      volumes: [{ name: tmp, emptyDir: {} }]',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: omnicart }`,
    'spec:',
    `  selector: { app.kubernetes.io/name: ${name} }`,
    '  ports: [{ name: http, port: 80, targetPort: http }]',
    '---',
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    `metadata: { name: ${name} }`,
    'spec:',
    `  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }`,
    '  minReplicas: 2',
    '  maxReplicas: 10',
    '  metrics:',
    '    - type: Resource',
    '      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }',
    '---',
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    `metadata: { name: ${name} }`,
    'spec:',
    '  minAvailable: 1',
    `  selector: { matchLabels: { app.kubernetes.io/name: ${name} } }`,
  ].join('\n');
}

/** Generated file → its text. */
export function renderK8s(): Record<string, string> {
  const domains = [
    GENERATED,
    '# One Deployment per domain: the same image (omnicart/api), the domain as its argument.',
    DOMAINS.map(domainObjects).join('\n---\n'),
  ].join('\n');
  const urls = [
    GENERATED,
    '# Where every service reaches each domain (<NAME>_URL), in-cluster.',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: omnicart-service-urls }',
    'data:',
    ...DOMAINS.map((domain) => `  ${domain.name.toUpperCase()}_URL: http://${domain.name}`),
  ].join('\n');
  return { [K8S_DOMAINS_FILE]: `${domains}\n`, [K8S_SERVICE_URLS_FILE]: `${urls}\n` };
}

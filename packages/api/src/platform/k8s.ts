import { DOMAINS, SERVICE_NAMES, type RegisteredDomain } from './registry.js';

/**
 * The Kubernetes objects generated from the registry, so a new domain is deployed (and allowed on
 * the network) the moment it is registered. `npm run k8s` writes them; `npm run check:k8s` fails
 * when they drift.
 * - k8s/base/domains.yaml: per domain a Deployment, a Service, an HPA, a PodDisruptionBudget and a
 *   ServiceMonitor (Prometheus operator; GET /metrics on the service port);
 * - k8s/base/service-urls.yaml: where every service reaches each domain (<NAME>_URL);
 * - k8s/base/network-policies.yaml: default deny (ingress and egress), then only the flows the
 *   architecture has, the domain → domain ones from each manifest's `calls`;
 * - the `images:` block of k8s/overlays/prod/kustomization.yaml: every service's own image pinned
 *   (serviceImages(): the release workflow builds the same list).
 *
 * Service discovery is Kubernetes DNS: a domain's Service is named after it, so inside the namespace
 * `http://<name>` (port 80) reaches its pods; from elsewhere `http://<name>.<namespace>.svc.cluster.local`.
 * The overlays change the namespace, never the names (a namePrefix would break these URLs).
 */

export const K8S_DOMAINS_FILE = 'k8s/base/domains.yaml';
export const K8S_SERVICE_URLS_FILE = 'k8s/base/service-urls.yaml';
export const K8S_NETWORK_POLICIES_FILE = 'k8s/base/network-policies.yaml';
/** The overlay that pins the released images (staging builds on it); npm run k8s keeps its `images:` block. */
export const K8S_RELEASE_OVERLAY_FILE = 'k8s/overlays/prod/kustomization.yaml';

const GENERATED = '# Generated from the platform registry (packages/api/src/platform/k8s.ts) by `npm run k8s`; do not edit by hand.';

/** Where the platform's own dependencies run (labels the operators put on their pods). */
export const K8S_PLATFORM = {
  /** The CloudNativePG cluster (k8s/base/postgres.yaml) and the PgBouncer pooler every service connects through. */
  postgresCluster: 'omnicart-db',
  pooler: 'omnicart-db-pooler-rw',
  rabbitmq: 'omnicart-rabbitmq',
  otelCollector: 'otel-collector',
  /** Namespaces of the ingress controller, the monitoring stack (Prometheus, Tempo) and the operators. */
  ingressNamespace: 'ingress-nginx',
  monitoringNamespace: 'monitoring',
  cnpgNamespace: 'cnpg-system',
  rabbitmqOperatorNamespace: 'rabbitmq-system',
} as const;

/** Flows leaving the cluster, per domain: the provider and its ports (any public address: providers rotate theirs). */
export const K8S_EXTERNAL_EGRESS: Readonly<Record<string, readonly { to: string; ports: readonly number[] }[]>> = {
  payments: [{ to: 'Stripe API (api.stripe.com)', ports: [443] }],
  notifications: [
    { to: 'the SMTP mail relay (SMTP_URL: 25, 465 smtps or 587 submission)', ports: [25, 465, 587] },
    { to: 'Twilio Messages API (SMS_API_URL)', ports: [443] },
  ],
};

/**
 * One image per Deployment, named for it: `omnicart/<name>` in the manifests (and a local `docker build -t`),
 * `<registry>/omnicart-<name>` where the release pushes it. The registry's domains and the gateway are the
 * root Dockerfile's `runtime` stage built with `SERVICE=<name>` (its default command starts that service
 * only); the Next.js apps have Dockerfiles of their own.
 */
export interface ServiceImage {
  /** The Deployment (and Service) that runs it. */
  deployment: string;
  /** Its name in k8s/base (the overlays' `images:` rename it). */
  name: string;
  /** Its repository where the release pushes it (under the registry's owner). */
  repository: string;
  dockerfile: string;
  target: string;
  buildArgs: Record<string, string>;
}

/** Where the prod overlay says the release's images are (the release workflow pins its own registry and tag). */
export const K8S_IMAGE_REGISTRY = 'ghcr.io/omnicart';
/** The Next.js apps (apps/<name>), deployed beside the API services. */
export const K8S_APPS = ['storefront', 'admin'] as const;

export const imageNameOf = (deployment: string): string => `omnicart/${deployment}`;
export const imageRepositoryOf = (deployment: string): string => `omnicart-${deployment}`;

/** Every image the release builds, in registry order: each domain, the gateway, the apps. The Stripe simulator is development only. */
export function serviceImages(): ServiceImage[] {
  const image = (deployment: string, dockerfile: string, buildArgs: Record<string, string>): ServiceImage => ({ deployment, name: imageNameOf(deployment), repository: imageRepositoryOf(deployment), dockerfile, target: 'runtime', buildArgs });
  return [
    ...SERVICE_NAMES.filter((name) => name !== 'stripe-simulator').map((name) => image(name, 'Dockerfile', { SERVICE: name })),
    ...K8S_APPS.map((app) => image(app, `apps/${app}/Dockerfile`, {})),
  ];
}

/**
 * The release overlay's kustomization with its `images:` block regenerated: every image of
 * serviceImages() renamed to `<K8S_IMAGE_REGISTRY>/omnicart-<name>` and pinned to the tag the block
 * already pins (its first newTag: the last release's), so a new domain is pinned like the others.
 */
export function pinReleaseImages(kustomization: string): string {
  const block = /^images:\n(?:[ \t]+.*\n)*/m.exec(kustomization);
  const tag = block && /newTag:\s*"?([^"\s]+)"?/.exec(block[0])?.[1];
  if (!block || !tag) throw new Error(`${K8S_RELEASE_OVERLAY_FILE}: no images: block with a newTag to pin the service images to`);
  const pins = serviceImages().flatMap((image) => [`  - name: ${image.name}`, `    newName: ${K8S_IMAGE_REGISTRY}/${image.repository}`, `    newTag: "${tag}"`]);
  const generated = ['images:', '  # One image per service and app (npm run k8s writes this list from the platform registry; keep the tag).', ...pins].join('\n');
  return `${kustomization.slice(0, block.index)}${generated}\n${kustomization.slice(block.index + block[0].length)}`;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'];

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
    '    spec:',
    '      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: RuntimeDefault } }',
    '      automountServiceAccountToken: false',
    '      terminationGracePeriodSeconds: 30',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${imageNameOf(name)}`,
    `          ports: [{ name: http, containerPort: ${port} }]`,
    '          envFrom:',
    '            - configMapRef: { name: omnicart-config }',
    '            - configMapRef: { name: omnicart-service-urls }',
    '          env:',
    `            - { name: ${name.toUpperCase()}_PORT, value: "${port}" }`,
    `            - { name: OTEL_SERVICE_NAME, value: ${name} }`,
    // Through the PgBouncer pooler, with the credentials the CloudNativePG operator generated.
    ...secretEnv('DB_USER', 'omnicart-db-app', 'username'),
    ...secretEnv('DB_PASSWORD', 'omnicart-db-app', 'password'),
    `            - { name: DATABASE_URL, value: "postgresql://$(DB_USER):$(DB_PASSWORD)@${K8S_PLATFORM.pooler}:5432/omnicart" }`,
    ...secretEnv('SERVICE_TOKEN', 'omnicart-service-token', 'token'),
    ...secretEnv('RABBITMQ_URL', 'omnicart-rabbitmq', 'url', true),
    ...secrets,
    // Migrations and the first connection may take a while: the startup probe holds the others off.
    '          startupProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 2, failureThreshold: 60 }',
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
    '---',
    serviceMonitor(name),
  ].join('\n');
}

/** A ServiceMonitor scraping GET /metrics on a service's http port (the Prometheus operator picks up `release: prometheus`). */
export function serviceMonitor(name: string): string {
  return [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: ServiceMonitor',
    'metadata:',
    `  name: ${name}`,
    `  labels: { app.kubernetes.io/name: ${name}, release: prometheus }`,
    'spec:',
    `  selector: { matchLabels: { app.kubernetes.io/name: ${name} } }`,
    '  endpoints: [{ port: http, path: /metrics, interval: 30s, scrapeTimeout: 10s }]',
  ].join('\n');
}

const pods = (name: string) => `{ podSelector: { matchLabels: { app.kubernetes.io/name: ${name} } } }`;
const namespace = (name: string) => `{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ${name} } } }`;
const tcp = (...ports: (number | string)[]) => `[${ports.map((port) => `{ protocol: TCP, port: ${port} }`).join(', ')}]`;
const publicInternet = `{ ipBlock: { cidr: 0.0.0.0/0, except: [${PRIVATE_RANGES.join(', ')}] } }`;

/** A NetworkPolicy; it governs the directions it has rules for (`types` overrides: a deny-all has none). */
function policy(name: string, comment: string, podSelector: string, ingress: string[], egress: string[], types = [ingress.length ? 'Ingress' : '', egress.length ? 'Egress' : ''].filter(Boolean).join(', ')): string {
  return [
    `# ${comment}`,
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    `metadata: { name: ${name} }`,
    'spec:',
    `  podSelector: ${podSelector}`,
    `  policyTypes: [${types}]`,
    ...(ingress.length ? ['  ingress:', ...ingress] : []),
    ...(egress.length ? ['  egress:', ...egress] : []),
  ].join('\n');
}

const rule = (peers: string[], ports: string) => [`    - from: [${peers.join(', ')}]`, `      ports: ${ports}`].join('\n');
const out = (peers: string[], ports: string) => [`    - to: [${peers.join(', ')}]`, `      ports: ${ports}`].join('\n');

/** Every NetworkPolicy: default deny, then each flow of the architecture. */
function networkPolicies(): string {
  const P = K8S_PLATFORM;
  const names = DOMAINS.map((domain) => domain.name);
  const callsOf = (domain: RegisteredDomain): string[] => [...new Set([...(domain.calls ?? []), ...(domain.name === 'identity' ? [] : ['identity'])])];
  const prometheus = rule([namespace(P.monitoringNamespace)], tcp('http'));
  const policies = [
    policy('default-deny', 'Nothing flows unless a policy below allows it, in either direction.', '{}', [], [], 'Ingress, Egress'),
    policy(
      'dns',
      'Every pod resolves names through the cluster DNS (service discovery).',
      '{}',
      [],
      [`    - to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }]`, '      ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]'],
    ),
    policy(
      'omnicart-to-otel-collector',
      'Every OmniCart pod exports traces (OTLP gRPC 4317, HTTP 4318) to the collector.',
      '{ matchLabels: { app.kubernetes.io/part-of: omnicart } }',
      [],
      [out([pods(P.otelCollector)], tcp(4317, 4318))],
    ),
    policy(
      'domains-to-data',
      'Every domain service reaches PostgreSQL through the pooler and the RabbitMQ event bus.',
      '{ matchLabels: { omnicart/tier: domain } }',
      [],
      [out([`{ podSelector: { matchLabels: { cnpg.io/poolerName: ${P.pooler} } } }`], tcp(5432)), out([pods(P.rabbitmq)], tcp(5672))],
    ),
    ...DOMAINS.map((domain) => {
      const callers = DOMAINS.filter((other) => other !== domain && callsOf(other).includes(domain.name)).map((other) => other.name);
      const external = (K8S_EXTERNAL_EGRESS[domain.name] ?? []).map((flow) => `${out([publicInternet], tcp(...flow.ports))}\n      # ${flow.to}`);
      return policy(
        domain.name,
        `${domain.name}: from the gateway${callers.length ? `, ${callers.join(', ')}` : ''} and Prometheus; to ${[...callsOf(domain), ...(K8S_EXTERNAL_EGRESS[domain.name] ?? []).map((flow) => flow.to)].join(', ') || 'no other service'}.`,
        `{ matchLabels: { app.kubernetes.io/name: ${domain.name} } }`,
        [rule(['gateway', ...callers].map(pods), tcp('http')), prometheus],
        [...(callsOf(domain).length ? [out(callsOf(domain).map(pods), tcp('http'))] : []), ...external],
      );
    }),
    policy(
      'gateway',
      'The gateway: from the ingress controller (browsers, API clients, Stripe webhooks), the storefront, the admin and Prometheus; to every domain.',
      '{ matchLabels: { app.kubernetes.io/name: gateway } }',
      [rule([namespace(P.ingressNamespace), pods('storefront'), pods('admin')], tcp('http')), prometheus],
      [out(names.map(pods), tcp('http'))],
    ),
    ...K8S_APPS.map((app) =>
      policy(app, `The ${app}: from the ingress controller; to the gateway only (server side).`, `{ matchLabels: { app.kubernetes.io/name: ${app} } }`, [rule([namespace(P.ingressNamespace)], tcp('http'))], [out([pods('gateway')], tcp('http'))]),
    ),
    policy(
      'postgres',
      'PostgreSQL instances: from the pooler, each other (replication), the operator (status 8000) and Prometheus (9187); to each other, the object store for backups and the Kubernetes API (443, 6443).',
      `{ matchLabels: { cnpg.io/cluster: ${P.postgresCluster} } }`,
      [
        rule([`{ podSelector: { matchLabels: { cnpg.io/poolerName: ${P.pooler} } } }`, `{ podSelector: { matchLabels: { cnpg.io/cluster: ${P.postgresCluster} } } }`], tcp(5432)),
        rule([namespace(P.cnpgNamespace)], tcp(8000, 5432)),
        rule([namespace(P.monitoringNamespace)], tcp(9187)),
      ],
      [out([`{ podSelector: { matchLabels: { cnpg.io/cluster: ${P.postgresCluster} } } }`], tcp(5432)), out([`{ ipBlock: { cidr: 0.0.0.0/0 } }`], tcp(443, 6443))],
    ),
    policy(
      'pooler',
      'The PgBouncer pooler: from the domain services, the operator and Prometheus (9127); to PostgreSQL and the Kubernetes API.',
      `{ matchLabels: { cnpg.io/poolerName: ${P.pooler} } }`,
      [rule(['{ podSelector: { matchLabels: { omnicart/tier: domain } } }'], tcp(5432)), rule([namespace(P.cnpgNamespace)], tcp(8000)), rule([namespace(P.monitoringNamespace)], tcp(9127))],
      [out([`{ podSelector: { matchLabels: { cnpg.io/cluster: ${P.postgresCluster} } } }`], tcp(5432)), out([`{ ipBlock: { cidr: 0.0.0.0/0 } }`], tcp(443, 6443))],
    ),
    policy(
      'rabbitmq',
      'RabbitMQ: AMQP from the domain services; clustering between its nodes; management from the operator; metrics (15692) to Prometheus; peer discovery through the Kubernetes API.',
      `{ matchLabels: { app.kubernetes.io/name: ${P.rabbitmq} } }`,
      [
        rule(['{ podSelector: { matchLabels: { omnicart/tier: domain } } }'], tcp(5672)),
        rule([pods(P.rabbitmq)], tcp(4369, 25672, 5672, 15672)),
        rule([namespace(P.rabbitmqOperatorNamespace)], tcp(15672)),
        rule([namespace(P.monitoringNamespace)], tcp(15692)),
      ],
      [out([pods(P.rabbitmq)], tcp(4369, 25672)), out([`{ ipBlock: { cidr: 0.0.0.0/0 } }`], tcp(443, 6443))],
    ),
    policy(
      'otel-collector',
      'The OpenTelemetry collector: OTLP from every OmniCart pod, its own metrics (8888) to Prometheus; forwards to the tracing backend (Tempo, OTLP gRPC) in the monitoring namespace.',
      `{ matchLabels: { app.kubernetes.io/name: ${P.otelCollector} } }`,
      [rule(['{ podSelector: { matchLabels: { app.kubernetes.io/part-of: omnicart } } }'], tcp(4317, 4318)), rule([namespace(P.monitoringNamespace)], tcp(8888))],
      [out([namespace(P.monitoringNamespace)], tcp(4317))],
    ),
  ];
  return policies.join('\n---\n');
}

/**
 * Generated file → its text. `readCommitted(file)` reads a file as committed: the release overlay is
 * hand-written but for its `images:` block, which is regenerated in place.
 */
export function renderK8s(readCommitted: (file: string) => string): Record<string, string> {
  const domains = [
    GENERATED,
    '# One Deployment per domain, each from its own image (omnicart/<domain>: the root Dockerfile built with SERVICE=<domain>).',
    DOMAINS.map(domainObjects).join('\n---\n'),
  ].join('\n');
  const urls = [
    GENERATED,
    '# Where every service reaches each domain (<NAME>_URL), in-cluster: Kubernetes DNS resolves a',
    '# Service name to its ClusterIP within the namespace (the overlays set the namespace, never the names).',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: omnicart-service-urls }',
    'data:',
    ...DOMAINS.map((domain) => `  ${domain.name.toUpperCase()}_URL: http://${domain.name}`),
  ].join('\n');
  const policies = [GENERATED, networkPolicies()].join('\n');
  return {
    [K8S_DOMAINS_FILE]: `${domains}\n`,
    [K8S_SERVICE_URLS_FILE]: `${urls}\n`,
    [K8S_NETWORK_POLICIES_FILE]: `${policies}\n`,
    [K8S_RELEASE_OVERLAY_FILE]: pinReleaseImages(readCommitted(K8S_RELEASE_OVERLAY_FILE).replace(/\r\n/g, '\n')),
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../openapi/files.js';
import { K8S_DOMAINS_FILE, K8S_EXTERNAL_EGRESS, K8S_NETWORK_POLICIES_FILE, K8S_RELEASE_OVERLAY_FILE, pinReleaseImages, renderK8s, serviceImages } from './k8s.js';
import { DOMAINS, DOMAIN_NAMES } from './registry.js';

interface Peer { podSelector?: { matchLabels?: Record<string, string> } }
interface Policy { metadata: { name: string }; spec: { egress?: { to: Peer[] }[]; ingress?: { from: Peer[] }[] } }

const rendered = renderK8s((file) => readFileSync(join(REPO_ROOT, file), 'utf8'));
const policies = parseAllDocuments(rendered[K8S_NETWORK_POLICIES_FILE] ?? '').map((document) => document.toJS() as Policy);
const policy = (name: string) => policies.find((candidate) => candidate.metadata.name === name)!;
const podNames = (peers: Peer[]) => peers.map((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name']).filter(Boolean);

describe('the generated NetworkPolicies', () => {
  it('name only registered domains in calls and external flows', () => {
    for (const domain of DOMAINS) for (const callee of domain.calls ?? []) expect(DOMAIN_NAMES, `${domain.name} calls ${callee}`).toContain(callee);
    for (const name of Object.keys(K8S_EXTERNAL_EGRESS)) expect(DOMAIN_NAMES).toContain(name);
  });

  it("let each domain reach exactly what it calls (and identity's JWKS), and be reached by its callers and the gateway", () => {
    for (const domain of DOMAINS) {
      const egress = podNames((policy(domain.name).spec.egress ?? []).flatMap((rule) => rule.to));
      const expected = [...new Set([...(domain.calls ?? []), ...(domain.name === 'identity' ? [] : ['identity'])])];
      expect(egress.sort(), domain.name).toEqual(expected.sort());
      const ingress = podNames((policy(domain.name).spec.ingress ?? []).flatMap((rule) => rule.from));
      const callers = DOMAINS.filter((other) => other !== domain && ((other.calls ?? []).includes(domain.name) || domain.name === 'identity')).map((other) => other.name);
      expect(ingress.sort(), domain.name).toEqual(['gateway', ...callers].sort());
    }
  });

  it('let the gateway reach every domain and nothing else in the namespace', () => {
    expect(podNames(policy('gateway').spec.egress!.flatMap((rule) => rule.to)).sort()).toEqual([...DOMAIN_NAMES].sort());
  });
});

describe('the service images', () => {
  it('are one per domain, the gateway and each app, none of them the development-only Stripe simulator', () => {
    expect(serviceImages().map((image) => image.deployment)).toEqual([...DOMAIN_NAMES, 'gateway', 'storefront', 'admin']);
    for (const image of serviceImages().filter((candidate) => candidate.dockerfile === 'Dockerfile')) expect(image.buildArgs).toEqual({ SERVICE: image.deployment });
  });

  it("run each domain's Deployment from its own image, with no argument", () => {
    const deployments = parseAllDocuments(rendered[K8S_DOMAINS_FILE] ?? '')
      .map((document) => document.toJS() as { kind: string; metadata: { name: string }; spec: { template: { spec: { containers: { image: string; args?: string[] }[] } } } })
      .filter((object) => object.kind === 'Deployment');
    expect(deployments.map((deployment) => deployment.metadata.name)).toEqual([...DOMAIN_NAMES]);
    for (const deployment of deployments) {
      expect(deployment.spec.template.spec.containers.map((container) => [container.image, container.args])).toEqual([[`omnicart/${deployment.metadata.name}`, undefined]]);
    }
  });

  it('pin every image in the release overlay to the tag it already pins, keeping the rest of the file', () => {
    const overlay = ['namespace: omnicart', 'images:', '  - name: omnicart/api', '    newName: ghcr.io/omnicart/api', '    newTag: "2.3.4"', 'patches: []', ''].join('\n');
    const pinned = parse(pinReleaseImages(overlay)) as { namespace: string; images: { name: string; newName: string; newTag: string }[]; patches: unknown[] };
    expect(pinned.namespace).toBe('omnicart');
    expect(pinned.patches).toEqual([]);
    expect(pinned.images).toEqual(serviceImages().map((image) => ({ name: image.name, newName: `ghcr.io/omnicart/omnicart-${image.deployment}`, newTag: '2.3.4' })));
    expect(parse(rendered[K8S_RELEASE_OVERLAY_FILE] ?? '')).toMatchObject({ images: expect.arrayContaining([{ name: 'omnicart/gateway', newName: 'ghcr.io/omnicart/omnicart-gateway', newTag: expect.any(String) }]) });
  });

  it('refuse a release overlay without a pinned tag to follow', () => {
    expect(() => pinReleaseImages('namespace: omnicart\npatches: []\n')).toThrow(/no images: block with a newTag/);
  });
});

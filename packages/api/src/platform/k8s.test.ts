import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { K8S_EXTERNAL_EGRESS, K8S_NETWORK_POLICIES_FILE, renderK8s } from './k8s.js';
import { DOMAINS, DOMAIN_NAMES } from './registry.js';

interface Peer { podSelector?: { matchLabels?: Record<string, string> } }
interface Policy { metadata: { name: string }; spec: { egress?: { to: Peer[] }[]; ingress?: { from: Peer[] }[] } }

const policies = parseAllDocuments(renderK8s()[K8S_NETWORK_POLICIES_FILE] ?? '').map((document) => document.toJS() as Policy);
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

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyJson6902, build, strategicMerge } from './kustomize.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'omnicart-kustomize-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files) {
  const root = mkdtempSync(join(scratch, 't-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: example/web
          envFrom: [{ configMapRef: { name: settings } }]
          env: [{ name: A, value: "1" }, { name: B, value: "2" }]
      volumes: [{ name: files, configMap: { name: settings } }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data: { X: "1" }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, minReplicas: 1, maxReplicas: 2 }
`;

describe('the kustomize subset', () => {
  it('renames with namePrefix/nameSuffix and rewrites the references to renamed objects', () => {
    const root = tree({ 'base/kustomization.yaml': 'resources: [app.yaml]\n', 'base/app.yaml': DEPLOYMENT, 'kustomization.yaml': 'resources: [base]\nnamePrefix: eu-\nnameSuffix: -v2\nnamespace: shop\n' });
    const { objects, problems } = build(root);
    expect(problems).toEqual([]);
    const [deployment, configMap, hpa] = objects;
    expect(deployment.metadata).toMatchObject({ name: 'eu-web-v2', namespace: 'shop' });
    expect(configMap.metadata.name).toBe('eu-settings-v2');
    expect(deployment.spec.template.spec.containers[0].envFrom[0].configMapRef.name).toBe('eu-settings-v2');
    expect(deployment.spec.template.spec.volumes[0].configMap.name).toBe('eu-settings-v2');
    expect(hpa.spec.scaleTargetRef.name).toBe('eu-web-v2');
  });

  it('merges strategically by merge key, deletes with $patch and null, and sets images', () => {
    const root = tree({
      'kustomization.yaml': `resources: [app.yaml]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        template:
          spec:
            containers:
              - name: web
                env: [{ name: B, value: "3" }, { name: A, $patch: delete }, { name: C, value: "4" }]
  - patch: |-
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: settings }
      data: { X: null, Y: "2" }
images:
  - { name: example/web, newName: registry.example/web, digest: "sha256:abc" }
commonLabels: { team: shop }
`,
      'app.yaml': DEPLOYMENT,
    });
    const { objects, problems } = build(root);
    expect(problems).toEqual([]);
    const container = objects[0].spec.template.spec.containers[0];
    expect(container.env).toEqual([{ name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    expect(container.image).toBe('registry.example/web@sha256:abc');
    expect(objects[1].data).toEqual({ Y: '2' });
    expect(objects[0].spec.selector.matchLabels).toEqual({ app: 'web', team: 'shop' });
    expect(objects[0].spec.template.metadata.labels).toEqual({ app: 'web', team: 'shop' });
  });

  it('applies JSON 6902 operations, test included, and reports the failing one', () => {
    const document = { spec: { list: ['a', 'b'], name: 'x' } };
    expect(applyJson6902(document, [{ op: 'add', path: '/spec/list/-', value: 'c' }, { op: 'move', from: '/spec/name', path: '/spec/id' }, { op: 'test', path: '/spec/list/2', value: 'c' }])).toEqual({ spec: { list: ['a', 'b', 'c'], id: 'x' } });
    expect(() => applyJson6902(document, [{ op: 'test', path: '/spec/name', value: 'y' }])).toThrow('test failed');
    expect(() => applyJson6902(document, [{ op: 'remove', path: '/spec/missing' }])).toThrow('does not exist');
    expect(document).toEqual({ spec: { list: ['a', 'b'], name: 'x' } });
  });

  it("merges a Service's ports by port and a container's by containerPort", () => {
    expect(strategicMerge({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] }, { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] })).toEqual({ ports: [{ name: 'http', port: 80, targetPort: 8080 }, { port: 443 }] });
    expect(strategicMerge({ ports: [{ name: 'http', containerPort: 3000 }] }, { ports: [{ containerPort: 3000, protocol: 'TCP' }] })).toEqual({ ports: [{ name: 'http', containerPort: 3000, protocol: 'TCP' }] });
  });

  it('replaces lists without a merge key and whole maps with $patch: replace', () => {
    expect(strategicMerge({ args: ['a'], m: { a: 1, b: 2 } }, { args: ['b'], m: { $patch: 'replace', c: 3 } })).toEqual({ args: ['b'], m: { c: 3 } });
  });

  it('generates ConfigMaps and Secrets and merges into existing ones', () => {
    const root = tree({
      'kustomization.yaml': 'resources: [app.yaml]\nconfigMapGenerator:\n  - { name: settings, behavior: merge, literals: [Z=9] }\nsecretGenerator:\n  - { name: token, literals: [token=abc] }\ngeneratorOptions: { disableNameSuffixHash: true }\n',
      'app.yaml': DEPLOYMENT,
    });
    const { objects, problems } = build(root);
    expect(problems).toEqual([]);
    expect(objects.find((object) => object.kind === 'ConfigMap').data).toEqual({ X: '1', Z: '9' });
    expect(objects.find((object) => object.kind === 'Secret')).toMatchObject({ data: { token: Buffer.from('abc').toString('base64') }, type: 'Opaque' });
  });

  it('reports what it does not implement instead of ignoring it', () => {
    const root = tree({ 'kustomization.yaml': 'resources: [app.yaml, missing.yaml]\ncomponents: [x]\nconfigMapGenerator:\n  - { name: more, literals: [A=1] }\n', 'app.yaml': DEPLOYMENT });
    const { problems } = build(root);
    expect(problems).toEqual(expect.arrayContaining([
      'kustomization.yaml: "components" is not supported by this kustomize subset',
      'kustomization.yaml: resource missing.yaml does not exist',
      'kustomization.yaml: generated names with a content-hash suffix are not supported: set generatorOptions.disableNameSuffixHash: true',
    ]));
  });
});

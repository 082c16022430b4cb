// The variants of the examples' manifests that the integration suite applies
// (test/integ/support/manifests.ts and cluster.ts), checked without a cluster.
import { relocate } from './integ/support/cluster';
import {
  maxUnavailable, otherImageReference, renamespace, withLabels,
} from './integ/support/manifests';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('otherImageReference', () => {
  test.each([
    ['busybox:1.36', undefined, 'docker.io/library/busybox:1.36'],
    ['docker.io/library/busybox:1.36', undefined, 'busybox:1.36'],
    ['docker.io/kindest/kindnetd:v1', undefined, 'kindest/kindnetd:v1'],
    ['kindest/kindnetd:v1', undefined, 'docker.io/kindest/kindnetd:v1'],
    ['quay.io/prometheus/node-exporter:v1', undefined, 'quay.io/prometheus/node-exporter:v1-integ'],
    ['localhost:5000/agent:1', undefined, 'localhost:5000/agent:1-integ'],
    // a kubelet's report wins: the same image by digest
    ['quay.io/prometheus/node-exporter:v1.12.1', `quay.io/prometheus/node-exporter@${DIGEST}`,
      `quay.io/prometheus/node-exporter@${DIGEST}`],
    ['busybox:1.36', `docker-pullable://busybox@${DIGEST}`, `busybox@${DIGEST}`],
  ])('%s (image ID %s) becomes %s', (image, imageId, expected) => {
    expect(otherImageReference(image, imageId)).toBe(expected);
  });
});

describe('maxUnavailable', () => {
  const ds = (value?: any) =>
    ({ spec: { updateStrategy: { rollingUpdate: { maxUnavailable: value } } } });
  test('a number, a percentage rounded up, and the default of 1', () => {
    expect(maxUnavailable(ds(2), 5)).toBe(2);
    expect(maxUnavailable(ds('25%'), 5)).toBe(2);
    expect(maxUnavailable(ds(), 5)).toBe(1);
    expect(() => maxUnavailable(ds('a lot'), 5)).toThrow(/neither a number nor a percentage/);
  });
});

describe('variants', () => {
  // GIVEN an agent in kube-system with a cluster-wide binding and an admission policy binding
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'agent', namespace: 'kube-system' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system', labels: { v: '1' } },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } } },
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kube-system-agent' },
      roleRef: { kind: 'ClusterRole', name: 'kube-system-agent' },
      subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'kube-system' }],
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'kube-system-agent-host-access' },
      spec: {
        policyName: 'kube-system-agent-host-access',
        matchResources: {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        },
      },
    },
  ];

  test('renamespace moves the namespaced objects only', () => {
    const moved = renamespace(objects, 'kube-system', 'elsewhere');
    expect(moved.map((o) => `${o.kind} ${o.metadata.namespace}`))
      .toEqual(['ServiceAccount elsewhere', 'DaemonSet elsewhere']);
    expect(objects[0].metadata.namespace).toBe('kube-system');
  });

  test('relocate follows the namespace into bindings, policy bindings and derived names', () => {
    const moved = relocate(objects, 'kube-system', 'integ-kube-system');
    const crb = moved.find((o) => o.kind === 'ClusterRoleBinding');
    const vapb = moved.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    expect(moved[0])
      .toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'integ-kube-system' } });
    expect(crb.metadata.name).toBe('integ-kube-system-agent');
    expect(crb.roleRef.name).toBe('integ-kube-system-agent');
    expect(crb.subjects[0].namespace).toBe('integ-kube-system');
    expect(vapb.spec.policyName).toBe('integ-kube-system-agent-host-access');
    expect(vapb.spec.matchResources.namespaceSelector.matchLabels['kubernetes.io/metadata.name'])
      .toBe('integ-kube-system');
    expect(moved.filter((o) => o.metadata.namespace === 'kube-system')).toEqual([]);
  });

  test('withLabels labels objects and pod templates, never selectors', () => {
    const labelled = withLabels(objects, { v: '2' });
    const ds = labelled.find((o) => o.kind === 'DaemonSet');
    expect(ds.metadata.labels).toEqual({ v: '2' });
    expect(ds.spec.template.metadata.labels).toEqual({ app: 'agent', v: '2' });
    expect(ds.spec.selector).toEqual({ matchLabels: { app: 'agent' } });
  });
});

// The integration suite's expectation of where a DaemonSet runs
// (test/integ/support/eligibility.ts), checked on hand-made nodes.
import { eligibleNodes, ineligibility, tolerates } from './integ/support/eligibility';

function node(name: string, labels: { [k: string]: string } = {}, taints: any[] = []): any {
  return {
    metadata: { name, labels: { 'kubernetes.io/os': 'linux', ...labels } },
    spec: { taints },
  };
}

const controlPlane = node('cp', { 'node-role.kubernetes.io/control-plane': '' },
  [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
const worker = node('worker', { pool: 'workers' });
const windows = node('win', { 'kubernetes.io/os': 'windows' });
const dedicated = node('dedicated', { pool: 'dedicated' },
  [{ key: 'dedicated', value: 'special', effect: 'NoSchedule' }]);
const cluster = [controlPlane, worker, windows, dedicated];

describe('eligibleNodes', () => {
  test('a linux nodeSelector without tolerations covers only untainted linux nodes', () => {
    // GIVEN a pod spec that selects linux
    const spec = { nodeSelector: { 'kubernetes.io/os': 'linux' } };

    // THEN the control-plane, Windows and tainted nodes are left out, each for its reason
    expect(eligibleNodes(cluster, spec)).toEqual(['worker']);
    expect(ineligibility(controlPlane, spec))
      .toBe('taint node-role.kubernetes.io/control-plane:NoSchedule');
    expect(ineligibility(windows, spec)).toBe('nodeSelector kubernetes.io/os=linux');
    expect(ineligibility(dedicated, spec)).toBe('taint dedicated=special:NoSchedule');
  });

  test('a control-plane toleration adds the control-plane node', () => {
    const spec = {
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    };
    expect(eligibleNodes(cluster, spec)).toEqual(['cp', 'worker']);
  });

  test('tolerating everything covers every linux node, tainted or not', () => {
    const spec = {
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ operator: 'Exists' }],
    };
    expect(eligibleNodes(cluster, spec)).toEqual(['cp', 'dedicated', 'worker']);
  });

  test('required affinity: terms ORed, expressions ANDed, an empty term matches nothing', () => {
    // GIVEN pool In (workers) OR (pool In (dedicated) AND os NotIn (linux))
    const affinity = (terms: any[]) => ({
      tolerations: [{ operator: 'Exists' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
        },
      },
    });
    const spec = affinity([
      { matchExpressions: [{ key: 'pool', operator: 'In', values: ['workers'] }] },
      {
        matchExpressions: [
          { key: 'pool', operator: 'In', values: ['dedicated'] },
          { key: 'kubernetes.io/os', operator: 'NotIn', values: ['linux'] },
        ],
      },
    ]);

    // THEN only the worker matches; the dedicated node fails the second expression
    expect(eligibleNodes(cluster, spec)).toEqual(['worker']);
    expect(eligibleNodes(cluster, affinity([{}]))).toEqual([]);
    const byName = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['win'] }] };
    expect(eligibleNodes(cluster, affinity([byName]))).toEqual(['win']);
    const unpooled = { matchExpressions: [{ key: 'pool', operator: 'DoesNotExist' }] };
    expect(eligibleNodes(cluster, affinity([unpooled]))).toEqual(['cp', 'win']);
  });

  test('daemon pods tolerate condition taints; network-unavailable only with host network', () => {
    // GIVEN a node that is not ready and has no network yet
    const starting = node('starting', {}, [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
    ]);

    // THEN a host-network agent (a CNI) runs there, any other waits for the network
    expect(eligibleNodes([starting], { hostNetwork: true })).toEqual(['starting']);
    expect(ineligibility(starting, {}))
      .toBe('taint node.kubernetes.io/network-unavailable:NoSchedule');
  });

  test('PreferNoSchedule taints do not keep a daemon pod away', () => {
    const soft = node('soft', {}, [{ key: 'busy', effect: 'PreferNoSchedule' }]);
    expect(eligibleNodes([soft], {})).toEqual(['soft']);
  });
});

describe('tolerates', () => {
  test.each([
    [{ key: 'k', operator: 'Equal', value: 'v' }, { key: 'k', value: 'v', effect: 'NoSchedule' },
      true],
    [{ key: 'k', value: 'v' }, { key: 'k', value: 'other', effect: 'NoSchedule' }, false],
    [{ key: 'k', operator: 'Exists' }, { key: 'k', value: 'any', effect: 'NoExecute' }, true],
    [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, { key: 'k', effect: 'NoExecute' },
      false],
    [{ operator: 'Exists' }, { key: 'anything', effect: 'NoExecute' }, true],
    [{ operator: 'Equal', value: 'v' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, false],
  ])('%j against taint %j: %s', (toleration, taint, expected) => {
    expect(tolerates(toleration, taint)).toBe(expected);
  });
});

// Nodes joining and leaving: each DaemonSet gets a pod on a new node it is eligible for (and
// none on one it is not), and loses the pod of a node that is removed. Fake nodes are added
// only on the local cluster, where kwok runs them; a kind node needs a kubelet.
import {
  applyExamplesAndWait, EXISTING_CLUSTER, examplesForThisCluster, nodes, placement,
  waitForPlacement,
} from './support/cluster';
import { eligibleNodes } from './support/eligibility';
import { apply, get, kubectl, list, poll } from './support/kubectl';
import { daemonSets } from './support/manifests';

const examples = examplesForThisCluster();
const sets = examples.flatMap((e) => daemonSets(e.objects));

/** A Node that kwok runs (the same as test/integ/cluster.sh add-node makes). */
function fakeNode(name: string, labels: { [k: string]: string }, taints: any[] = []): any {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        ...labels,
      },
    },
    spec: { taints },
  };
}

const added = [
  fakeNode('integ-added', { 'node-agents.test/pool': 'workers' }),
  fakeNode('integ-added-tainted', { 'node-agents.test/pool': 'dedicated' },
    [{ key: 'node-agents.test/dedicated', value: 'special', effect: 'NoSchedule' }]),
];
const addedNames = added.map((n) => n.metadata.name);

const local = EXISTING_CLUSTER ? describe.skip : describe;

local('nodes joining and leaving', () => {
  beforeAll(async () => {
    await applyExamplesAndWait(examples);
  });

  afterAll(async () => {
    await kubectl(['delete', 'node', '--ignore-not-found', '--wait=false', ...addedNames]);
  });

  test('a node added gets the pod of each DaemonSet it is eligible for, and no other', async () => {
    // WHEN two nodes join: a plain worker and one with a taint few agents tolerate
    await apply(added);
    await kubectl(['wait', '--for=condition=Ready', '--timeout=60s',
      ...addedNames.map((n) => `node/${n}`)]);

    // THEN each DaemonSet runs on exactly its eligible nodes again, the new ones included
    const live = await nodes();
    for (const ds of sets) {
      const placed = await waitForPlacement(ds);
      expect(placed.actual).toEqual(placed.expected);
      const stored = await get('daemonset', ds.metadata.name, ds.metadata.namespace);
      const newNodes = live.filter((n) => addedNames.includes(n.metadata.name));
      const expectedNew = eligibleNodes(newNodes, stored.spec.template.spec);
      expect(placed.actual.filter((n) => addedNames.includes(n))).toEqual(expectedNew);
    }

    // AND the plain worker got a pod of every agent that runs on the topology's workers
    for (const ds of sets) {
      const placed = await placement(ds);
      if (placed.expected.includes('integ-worker')) expect(placed.actual).toContain('integ-added');
    }
  });

  test('a node removed loses its pods', async () => {
    // WHEN the nodes are deleted
    await kubectl(['delete', 'node', '--wait=true', ...addedNames]);

    // THEN the pods bound to them go: the pod garbage collector removes the pods of a vanished
    // node after a 40 s quarantine, checked every 20 s (so this takes 40-60 s)
    const start = Date.now();
    const what = 'the pods of the removed nodes to go';
    await poll({ timeoutMs: 150_000, intervalMs: 2_000, what }, async () => {
      const pods = await list('pods', { allNamespaces: true });
      return pods.some((p: any) => addedNames.includes(p.spec.nodeName)) ? undefined : true;
    });
    const seconds = Math.round((Date.now() - start) / 1000);
    process.stderr.write(`[integ] pods of the removed nodes gone after ${seconds} s\n`);

    // AND each DaemonSet is back to its eligible nodes, none of them the removed ones
    for (const ds of sets) {
      const placed = await waitForPlacement(ds);
      expect(placed.actual).toEqual(placed.expected);
      expect(placed.actual.filter((n) => addedNames.includes(n))).toEqual([]);
    }
  });
});

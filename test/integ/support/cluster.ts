// The cluster's own state, as the suite asserts on it: nodes, a DaemonSet's pods, and the
// examples applied the same way by every test file.
import { eligibleNodes } from './eligibility';
import {
  apply, describeObject, kubectl, KubectlResult, list, poll, get,
} from './kubectl';
import {
  applyOrder, clone, daemonSets, Example, imageKey, ImageIds, loadCrds, loadExamples, renamespace,
  selectorOf,
} from './manifests';

/** True when the suite runs against a cluster it did not start (kind, say). */
export const EXISTING_CLUSTER = process.env.INTEG_USE_EXISTING_CLUSTER === '1';

export function isReady(pod: any): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

export function isTerminating(object: any): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}

export function nodes(): Promise<any[]> {
  return list('nodes');
}

/** The pods a DaemonSet owns (terminating ones included). */
export async function podsOf(daemonSet: any): Promise<any[]> {
  const pods = await list('pods', {
    namespace: daemonSet.metadata.namespace,
    selector: selectorOf(daemonSet),
  });
  return pods.filter((p) => (p.metadata.ownerReferences ?? []).some((o: any) =>
    o.kind === 'DaemonSet' && o.name === daemonSet.metadata.name));
}

/** Node name → the names of the live (not terminating) pods on it. */
export function podsByNode(pods: any[]): { [node: string]: string[] } {
  const byNode: { [node: string]: string[] } = {};
  for (const pod of pods.filter((p) => !isTerminating(p))) {
    const node = pod.spec.nodeName ?? '<unscheduled>';
    (byNode[node] ??= []).push(pod.metadata.name);
  }
  return byNode;
}

export interface Placement {
  /** The eligible nodes, computed from the live nodes and the stored DaemonSet. */
  readonly expected: string[];
  /** The nodes that have a live pod, each once per pod. */
  readonly actual: string[];
  readonly pods: any[];
}

/** Expected and actual placement of a DaemonSet now. */
export async function placement(daemonSet: any): Promise<Placement> {
  const stored = await get('daemonset', daemonSet.metadata.name, daemonSet.metadata.namespace);
  if (!stored) throw new Error(`${describeObject(daemonSet)} does not exist`);
  const pods = await podsOf(stored);
  const byNode = podsByNode(pods);
  return {
    expected: eligibleNodes(await nodes(), stored.spec.template.spec),
    actual: Object.entries(byNode).flatMap(([node, names]) => names.map(() => node)).sort(),
    pods,
  };
}

/**
 * Waits until the DaemonSet's rollout is complete (every pod of the current template,
 * available) and it has exactly one Running, Ready pod on each eligible node and none
 * elsewhere; returns that placement. Throws with the last placement seen on timeout.
 */
export async function waitForPlacement(daemonSet: any, timeoutMs = 90_000): Promise<Placement> {
  let last: Placement | undefined;
  let status: any;
  return poll({ timeoutMs, what: `${describeObject(daemonSet)} on every eligible node` },
    async () => {
      const stored = await get('daemonset', daemonSet.metadata.name, daemonSet.metadata.namespace);
      status = stored?.status;
      last = await placement(daemonSet);
      const live = last.pods.filter((p) => !isTerminating(p));
      const done = stored && status.observedGeneration >= stored.metadata.generation &&
        status.updatedNumberScheduled === status.desiredNumberScheduled &&
        status.numberAvailable === status.desiredNumberScheduled &&
        status.desiredNumberScheduled === last.expected.length;
      const same = JSON.stringify(last.actual) === JSON.stringify(last.expected);
      const running = live.every((p) => p.status?.phase === 'Running' && isReady(p));
      return done && same && running && live.length === last.pods.length ? last : undefined;
    },
    async () => `expected ${JSON.stringify(last?.expected)}, ` +
      `pods on ${JSON.stringify(last?.actual)}` +
      ` (${last?.pods.length} pods incl. terminating), status ${JSON.stringify(status)}`);
}

/** The image IDs (digests) that the kubelets report for the DaemonSets' running containers. */
export async function imageIdsOf(sets: any[]): Promise<ImageIds> {
  const ids: ImageIds = new Map();
  for (const ds of sets) {
    for (const pod of await podsOf(ds)) {
      const statuses = [
        ...pod.status?.initContainerStatuses ?? [],
        ...pod.status?.containerStatuses ?? [],
      ];
      for (const status of statuses) {
        if (status.imageID) ids.set(imageKey(ds, status.name), status.imageID);
      }
    }
  }
  return ids;
}

let crdsInstalled = false;

/** Installs test/integ/crds and waits until the API server serves them. */
export async function installCrds(): Promise<void> {
  if (crdsInstalled) return;
  const crds = loadCrds();
  await apply(crds);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s',
    ...crds.map((c) => `crd/${c.metadata.name}`)]);
  crdsInstalled = true;
}

/**
 * The examples as this cluster gets them. On a cluster the suite did not start, an example's
 * objects in a namespace it does not create itself (kube-system) go to a namespace of their
 * own (integ-NAME) instead, so that they cannot replace or constrain what runs there
 * (kind's own kindnet).
 */
export function examplesForThisCluster(): Example[] {
  const examples = loadExamples();
  if (!EXISTING_CLUSTER) return examples;
  return examples.map((example) => {
    const created = new Set(example.objects.filter((o) => o.kind === 'Namespace')
      .map((o) => o.metadata.name));
    let objects = example.objects;
    const foreign = new Set(objects.map((o) => o.metadata.namespace)
      .filter((ns) => ns && !created.has(ns)));
    for (const from of foreign) objects = relocate(objects, from, `integ-${from}`);
    return { name: example.name, objects };
  });
}

/**
 * Moves objects from one namespace to another, with the cluster-scoped objects that refer
 * to it: binding subjects, admission policy bindings selecting that namespace, and names
 * derived from it (`from-...` becomes `to-...`). Adds the new Namespace.
 */
export function relocate(objects: any[], from: string, to: string): any[] {
  const rename = (name: string) =>
    (name?.startsWith(`${from}-`) ? `${to}-${name.slice(from.length + 1)}` : name);
  const moved = renamespace(objects, from, to);
  const elsewhere = objects.filter((o) => o.metadata.namespace && o.metadata.namespace !== from);
  const cluster = objects.filter((o) => !o.metadata.namespace).map((o) => {
    const copy = clone(o);
    if (copy.kind !== 'Namespace') copy.metadata.name = rename(copy.metadata.name);
    for (const subject of copy.subjects ?? []) {
      if (subject.namespace === from) subject.namespace = to;
    }
    if (copy.roleRef) copy.roleRef.name = rename(copy.roleRef.name);
    if (copy.spec?.policyName) copy.spec.policyName = rename(copy.spec.policyName);
    const selector = copy.spec?.matchResources?.namespaceSelector?.matchLabels;
    if (selector?.['kubernetes.io/metadata.name'] === from) {
      selector['kubernetes.io/metadata.name'] = to;
    }
    return copy;
  });
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: to } };
  return [namespace, ...cluster, ...elsewhere, ...moved];
}

/** Applies an example (its CRDs' kinds installed first) and returns what kubectl said. */
export async function applyExample(example: Example): Promise<KubectlResult> {
  await installCrds();
  return apply(applyOrder(example.objects));
}

/** Applies every example, each to completion of its DaemonSets' rollouts. */
export async function applyExamplesAndWait(examples: Example[]): Promise<void> {
  for (const example of examples) {
    await applyExample(example);
    for (const ds of daemonSets(example.objects)) await waitForPlacement(ds);
  }
}

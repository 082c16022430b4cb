// Rollouts of every example's DaemonSets, watched pod by pod: a new image replaces every pod
// and never takes down more than maxUnavailable at once; new labels and a new version apply
// over the old objects (the selector stays); the log collector rolls on a configuration
// change and only then.
import { existsSync } from 'fs';
import { join } from 'path';
import {
  applyExample, EXISTING_CLUSTER, examplesForThisCluster, imageIdsOf, isReady, isTerminating,
  podsOf, waitForPlacement,
} from './support/cluster';
import { apply, get, poll, watch, Watch, WatchEvent } from './support/kubectl';
import {
  clone, daemonSets, EXAMPLES_DIR, Example, imageKey, ImageIds, isSameImage, maxUnavailable,
  selectorOf, withLabels, withOtherImages,
} from './support/manifests';
import { ConfigHash } from '../../src/log-collector/engine';

const examples = examplesForThisCluster();

/**
 * Replays a pod watch; returns the most eligible nodes that lacked an available pod at once,
 * counted from the end of the watch's initial listing (its first `listed` events).
 */
function mostUnavailable(events: WatchEvent[], listed: number, eligible: string[]): number {
  const pods = new Map<string, any>();
  let most = 0;
  for (const [index, event] of events.entries()) {
    const pod = event.object;
    if (event.type === 'DELETED') pods.delete(pod.metadata.uid);
    else if (event.type === 'ADDED' || event.type === 'MODIFIED') pods.set(pod.metadata.uid, pod);
    else continue;
    if (index < listed - 1) continue;
    const available = new Set([...pods.values()]
      .filter((p) => !isTerminating(p) && isReady(p))
      .map((p) => p.spec.nodeName));
    most = Math.max(most, eligible.filter((n) => !available.has(n)).length);
  }
  return most;
}

interface Watched {
  readonly events: WatchEvent[];
  /** How many of the first events were the initial listing of the pods. */
  readonly listed: number;
}

/** Applies objects while watching each DaemonSet's pods; returns what each watch saw. */
async function applyWatching(objects: any[], sets: any[]): Promise<Watched[]> {
  const watches: Watch[] = [];
  const listed: number[] = [];
  try {
    for (const ds of sets) {
      const existing = (await podsOf(ds)).length;
      const w = watch('pods', { namespace: ds.metadata.namespace, selector: selectorOf(ds) });
      watches.push(w);
      listed.push(existing);
      // The watch opens with one ADDED event per existing pod: wait for them.
      await poll({ timeoutMs: 20_000, intervalMs: 100, what: 'the watch to list the pods' },
        async () => (w.events.length >= existing ? true : undefined));
    }
    await apply(objects);
    for (const ds of sets) await waitForPlacement(ds, 180_000);
  } finally {
    for (const w of watches) await w.stop();
  }
  return watches.map((w, i) => ({ events: w.events, listed: listed[i] }));
}

function uids(pods: any[]): string[] {
  return pods.map((p) => p.metadata.uid).sort();
}

describe.each(examples.map((e) => [e.name, e] as [string, Example]))('example %s', (_, example) => {
  const sets = daemonSets(example.objects);
  if (sets.length === 0) return;
  let imageIds: ImageIds;
  let nextImages: any[];

  beforeAll(async () => {
    await applyExample(example);
    for (const ds of sets) await waitForPlacement(ds);
    imageIds = await imageIdsOf(sets);
    nextImages = withOtherImages(example.objects, imageIds);
  });

  test('a new image rolls every pod, never more unavailable than maxUnavailable', async () => {
    // GIVEN every DaemonSet's pods
    const before = await Promise.all(sets.map(async (ds) => uids(await podsOf(ds))));

    // WHEN the same objects with other image references are applied, the pods watched
    const events = await applyWatching(nextImages, sets);

    for (let i = 0; i < sets.length; i++) {
      const ds = sets[i];
      const next = nextImages.find((o) =>
        o.kind === 'DaemonSet' && o.metadata.name === ds.metadata.name);

      // THEN no pod of before is left, and each runs the new images ...
      const placed = await waitForPlacement(ds);
      expect(uids(placed.pods).filter((uid) => before[i].includes(uid))).toEqual([]);
      const wanted = next.spec.template.spec.containers.map((c: any) => c.image);
      for (const pod of placed.pods) {
        expect(pod.spec.containers.map((c: any) => c.image)).toEqual(wanted);
      }

      // ... and at no point were more eligible nodes without an available pod than allowed
      const most = mostUnavailable(events[i].events, events[i].listed, placed.expected);
      expect(most).toBeLessThanOrEqual(maxUnavailable(ds, placed.expected.length));
      // (with no surge a rollout must take pods down: the watch saw it happen)
      if (!ds.spec.updateStrategy?.rollingUpdate?.maxSurge) expect(most).toBeGreaterThan(0);
    }
  });

  test('a new version and a new label apply over the old objects; the selector stays', async () => {
    // GIVEN the next release: another image, its version label, and one more label
    const labels = {
      'app.kubernetes.io/version': 'integ-next',
      'node-agents.test/release': 'next',
    };
    const next = withLabels(nextImages, labels);

    // WHEN it is applied over the objects of the release before
    const result = await apply(next);

    // THEN every object is accepted, each DaemonSet keeps its selector, and its pods
    // (rolled to the new template) carry the new labels
    expect(result.stdout.trim().split('\n')).toHaveLength(next.length);
    for (const ds of sets) {
      const stored = await get('daemonset', ds.metadata.name, ds.metadata.namespace);
      expect(stored.spec.selector).toEqual(ds.spec.selector);
      expect(stored.metadata.labels).toEqual(expect.objectContaining(labels));
      const placed = await waitForPlacement(ds);
      for (const pod of placed.pods) {
        expect(pod.metadata.labels).toEqual(expect.objectContaining(labels));
      }
    }
  });

  // On a cluster that pulls images, the rollout must use references to images that exist.
  (EXISTING_CLUSTER ? test : test.skip)('the rollout names the same images again', () => {
    for (const ds of sets) {
      for (const c of ds.spec.template.spec.containers) {
        const id = imageIds.get(imageKey(ds, c.name));
        expect({ image: c.image, same: isSameImage(c.image, id) })
          .toEqual({ image: c.image, same: true });
      }
    }
  });
});

describe('the log collector', () => {
  const present = existsSync(join(EXAMPLES_DIR, 'log-collector', 'dist'));
  const example = examples.find((e) => e.name === 'log-collector');

  if (!present || !example) {
    // In CI a missing example is a failure; on a developer's machine it may be in progress.
    const missing = process.env.CI === 'true' ? test : test.skip;
    missing('examples/log-collector/dist exists', () => {
      throw new Error('examples/log-collector/dist is missing: the log collector cannot be tested');
    });
    return;
  }

  const ds = daemonSets(example.objects)[0];
  const configMapNames = (ds?.spec.template.spec.volumes ?? []).flatMap((v: any) => [
    v.configMap?.name,
    ...(v.projected?.sources ?? []).map((s: any) => s.configMap?.name),
  ]).filter(Boolean);
  const configMaps = example.objects.filter((o) => o.kind === 'ConfigMap' &&
    o.metadata.namespace === ds?.metadata.namespace && configMapNames.includes(o.metadata.name));

  /** The pod-template annotation that carries the hash of a ConfigMap's content. */
  function hashAnnotation(objects: any[]): { key: string; configMap: any } | undefined {
    const annotations = ds.spec.template.metadata.annotations ?? {};
    for (const cm of objects) {
      const hash = ConfigHash.sha256(cm.data ?? {});
      const key = Object.keys(annotations).find((k) => annotations[k] === hash);
      if (key) return { key, configMap: cm };
    }
    return undefined;
  }

  beforeAll(async () => {
    await applyExample(example);
    await waitForPlacement(ds);
  });

  test('its pod template carries the hash of the configuration it mounts', () => {
    expect(ds).toBeDefined();
    expect(configMaps.length).toBeGreaterThan(0);
    expect(hashAnnotation(configMaps))
      .toEqual(expect.objectContaining({ key: expect.any(String) }));
  });

  test('an unchanged configuration re-applied rolls nothing', async () => {
    // GIVEN its pods
    const before = uids((await waitForPlacement(ds)).pods);

    // WHEN the same objects are applied again
    await applyExample(example);

    // THEN the same pods run
    expect(uids((await waitForPlacement(ds)).pods)).toEqual(before);
  });

  test('a configuration change rolls every pod', async () => {
    // GIVEN its pods, and the example with one more comment line in its configuration,
    // the template's hash annotation following the content as the construct renders it
    const before = uids((await waitForPlacement(ds)).pods);
    const found = hashAnnotation(configMaps)!;
    const objects = clone(example.objects);
    const cm = objects.find((o) => o.kind === 'ConfigMap' &&
      o.metadata.name === found.configMap.metadata.name);
    const file = Object.keys(cm.data).sort()[0];
    cm.data[file] = `${cm.data[file]}\n# changed by the integration suite\n`;
    const changed = objects.find((o) =>
      o.kind === 'DaemonSet' && o.metadata.name === ds.metadata.name);
    changed.spec.template.metadata.annotations[found.key] = ConfigHash.sha256(cm.data);

    // WHEN it is applied
    await apply(objects);

    // THEN no pod of before is left, and the new ones carry the new hash
    const placed = await waitForPlacement(ds, 180_000);
    expect(uids(placed.pods).filter((uid) => before.includes(uid))).toEqual([]);
    for (const pod of placed.pods) {
      expect(pod.metadata.annotations[found.key]).toBe(ConfigHash.sha256(cm.data));
    }
  });
});

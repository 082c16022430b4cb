// Every example, applied as synthesized: each object accepted and stored, each DaemonSet on
// exactly its eligible nodes, only Pod Security warnings, and a re-apply that changes nothing.
import {
  applyExample, examplesForThisCluster, installCrds, isReady, podsOf, waitForPlacement,
} from './support/cluster';
import {
  apply, describeObject, getObject, KubectlResult,
} from './support/kubectl';
import { daemonSets, Example } from './support/manifests';

const examples = examplesForThisCluster();

test('the examples are there to test', () => {
  // THEN the suite has something to apply (examples/*/dist holds synthesized YAML)
  expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['log-agent-full']));
});

describe.each(examples.map((e) => [e.name, e] as [string, Example]))('example %s', (_, example) => {
  let applied: KubectlResult;

  beforeAll(async () => {
    await installCrds();
    applied = await applyExample(example);
  });

  test('every object is accepted with strict field validation, and stored', async () => {
    // THEN kubectl names each object as applied, and each one reads back
    const names = applied.stdout.trim().split('\n');
    expect(names).toHaveLength(example.objects.length);
    for (const object of example.objects) {
      const stored = await getObject(object);
      expect({ object: describeObject(object), stored: stored !== undefined })
        .toEqual({ object: describeObject(object), stored: true });
      expect(stored.metadata.labels ?? {})
        .toEqual(expect.objectContaining(object.metadata.labels ?? {}));
    }
  });

  test('the API server warns of nothing but Pod Security', () => {
    // THEN warnings (deprecations, unknown fields, duplicate ports, ...) are Pod Security ones
    for (const warning of applied.warnings) {
      expect(warning).toMatch(/^would violate PodSecurity "(baseline|restricted):/);
    }
  });

  test('a dry run of the same objects is accepted by admission again', async () => {
    // WHEN the objects are applied once more, server-side dry run
    const again = await apply(example.objects, { dryRun: 'server' });

    // THEN every admission plugin and policy still accepts them
    expect(again.stdout.trim().split('\n')).toHaveLength(example.objects.length);
  });

  const sets = daemonSets(example.objects);
  if (sets.length === 0) return;

  test.each(sets.map((ds) => [ds.metadata.name, ds]))(
    'DaemonSet %s runs one Ready pod on each eligible node and none elsewhere',
    async (_name, ds) => {
      // WHEN its rollout completes
      const placed = await waitForPlacement(ds);

      // THEN the nodes with a pod are exactly the eligible ones, once each
      expect(placed.actual).toEqual(placed.expected);
      expect(placed.expected.length).toBeGreaterThan(0);
    });

  test.each(sets.map((ds) => [ds.metadata.name, ds]))(
    'DaemonSet %s: pods are created in the namespace the example emits',
    async (_name, ds) => {
      // THEN the pods live in the DaemonSet's own namespace and run its service account
      const pods = await podsOf(ds);
      expect(pods.length).toBeGreaterThan(0);
      for (const pod of pods) {
        expect(pod.metadata.namespace).toBe(ds.metadata.namespace);
        expect(pod.spec.serviceAccountName)
          .toBe(ds.spec.template.spec.serviceAccountName ?? 'default');
        expect(isReady(pod)).toBe(true);
      }
    });

  test('an unchanged re-apply changes no object and rolls no pod', async () => {
    // GIVEN every object as stored, and each DaemonSet's pods
    const before = await Promise.all(example.objects.map(getObject));
    const podsBefore = await Promise.all(sets.map(async (ds) =>
      (await podsOf(ds)).map((p) => p.metadata.uid).sort()));

    // WHEN the same manifests are applied again
    await applyExample(example);

    // THEN no object changed (its generation, or its resourceVersion for objects without
    // one: status writes by controllers bump resourceVersion only), and no pod was replaced
    const after = await Promise.all(example.objects.map(getObject));
    const version = (o: any) => o.metadata.generation ?? o.metadata.resourceVersion;
    for (let i = 0; i < before.length; i++) {
      const object = describeObject(example.objects[i]);
      expect({ object, version: version(after[i]) })
        .toEqual({ object, version: version(before[i]) });
    }
    for (let i = 0; i < sets.length; i++) {
      await waitForPlacement(sets[i]);
      const uids = (await podsOf(sets[i])).map((p) => p.metadata.uid).sort();
      expect(uids).toEqual(podsBefore[i]);
    }
  });
});

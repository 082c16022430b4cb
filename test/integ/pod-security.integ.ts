// Pod Security admission against the level each agent declares (the
// node-agents.cdk8s.io/pod-security-level annotation): its DaemonSet, moved into namespaces
// enforcing that level and the next stricter one, gets its pods in the first and is refused
// them in the second; a warn=restricted namespace returns warnings that name what violates it.
import { examplesForThisCluster, installCrds, placement, podsOf } from './support/cluster';
import {
  apply, ensureNamespace, eventsFor, kubectl, poll,
} from './support/kubectl';
import { daemonSets, renamespace } from './support/manifests';

const LEVEL_ANNOTATION = 'node-agents.cdk8s.io/pod-security-level';
const STRICTER: { [level: string]: string | undefined } = {
  privileged: 'baseline',
  baseline: 'restricted',
  restricted: undefined,
};

const cases = examplesForThisCluster().flatMap((example) =>
  daemonSets(example.objects).map((ds) => ({ example, ds })));
const namespaces: string[] = [];

/** A fresh namespace with Pod Security labels, holding the DaemonSet's namespace's objects. */
async function moveInto(
  c: { example: { objects: any[] }; ds: any },
  suffix: string,
  labels: { [k: string]: string },
) {
  const ns = `integ-psa-${c.ds.metadata.name}-${suffix}`.slice(0, 63);
  namespaces.push(ns);
  await ensureNamespace(ns, labels);
  const objects = renamespace(c.example.objects, c.ds.metadata.namespace, ns);
  const ds = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === c.ds.metadata.name);
  return { ns, objects, ds };
}

beforeAll(() => installCrds());

afterAll(async () => {
  if (namespaces.length > 0) {
    await kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=false', ...namespaces]);
  }
});

describe.each(cases.map((c) => [c.ds.metadata.name, c] as [string, typeof c]))(
  'DaemonSet %s',
  (_, c) => {
    const level: string = c.ds.metadata.annotations?.[LEVEL_ANNOTATION];

    test('declares its Pod Security level', () => {
      expect(Object.keys(STRICTER)).toContain(level);
    });

    test('gets its pods admitted in a namespace that enforces its declared level', async () => {
      // GIVEN a namespace at exactly the declared level
      const moved = await moveInto(c, `at-${level}`, {
        'pod-security.kubernetes.io/enforce': level,
      });

      // WHEN the agent is applied there
      const result = await apply(moved.objects);

      // THEN it is accepted without a Pod Security warning, and the DaemonSet controller
      // creates one pod per eligible node, none refused. (Whether they are scheduled is
      // another matter: an agent with host ports can't run beside its original.)
      expect(result.warnings.filter((w) => w.includes('PodSecurity'))).toEqual([]);
      const eligible = (await placement(moved.ds)).expected;
      const pods = await poll({ timeoutMs: 60_000, what: `${eligible.length} pods in ${moved.ns}` },
        async () => {
          const created = await podsOf(moved.ds);
          return created.length === eligible.length ? created : undefined;
        });
      expect(pods).toHaveLength(eligible.length);
      const events = await eventsFor(moved.ns, 'DaemonSet', c.ds.metadata.name);
      expect(events.filter((e) => e.reason === 'FailedCreate').map((e) => e.message)).toEqual([]);
    });

    const stricter = STRICTER[level];
    const refusedTest = stricter ? test : test.skip;
    const refused = `is accepted but gets no pod under enforce=${stricter}, and the events say why`;
    refusedTest(refused, async () => {
      // GIVEN a namespace one level stricter than the agent declares
      const moved = await moveInto(c, `under-${stricter}`, {
        'pod-security.kubernetes.io/enforce': stricter!,
      });

      // WHEN the agent is applied there
      const result = await apply(moved.objects);

      // THEN the DaemonSet is stored, with a warning that its pods would violate that level
      expect(result.stdout).toContain(`daemonset.apps/${c.ds.metadata.name}`);
      expect(result.warnings).toEqual(expect.arrayContaining([
        expect.stringMatching(new RegExp(`^would violate PodSecurity "${stricter}:latest": `)),
      ]));

      // AND the DaemonSet controller's pod creations are refused, as its events record
      const refusal = await poll({ timeoutMs: 60_000, what: `a FailedCreate event in ${moved.ns}` },
        async () => (await eventsFor(moved.ns, 'DaemonSet', c.ds.metadata.name))
          .find((e) => e.reason === 'FailedCreate'));
      expect(refusal.message).toMatch(new RegExp(`violates PodSecurity "${stricter}:latest": `));
      expect(await podsOf(moved.ds)).toEqual([]);
    });

    test('a warn=restricted namespace returns warnings that name each violation', async () => {
      // GIVEN a namespace that admits anything but warns at restricted
      const moved = await moveInto(c, 'warn', {
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/warn': 'restricted',
      });

      // WHEN the agent is applied there (dry run: admission only)
      const result = await apply(moved.objects, { dryRun: 'server' });
      const podSecurity = result.warnings.filter((w) => w.includes('PodSecurity'));

      // THEN a restricted agent draws no warning; any other draws one naming its hostPath volumes
      if (level === 'restricted') {
        expect(podSecurity).toEqual([]);
        return;
      }
      expect(podSecurity).toHaveLength(1);
      expect(podSecurity[0]).toMatch(/^would violate PodSecurity "restricted:latest": /);
      const spec = moved.ds.spec.template.spec;
      for (const volume of (spec.volumes ?? []).filter((v: any) => v.hostPath)) {
        expect(podSecurity[0]).toContain(`"${volume.name}"`);
        expect(podSecurity[0]).toContain('hostPath');
      }
      if (spec.hostNetwork) expect(podSecurity[0]).toContain('hostNetwork=true');
    });
  });

test('Pod Security is enforced at all: a privileged pod is refused under baseline', async () => {
  // GIVEN a baseline namespace (a control for the tests above, on any cluster)
  const ns = 'integ-psa-control';
  namespaces.push(ns);
  await ensureNamespace(ns, { 'pod-security.kubernetes.io/enforce': 'baseline' });

  // WHEN a privileged pod is dry-run there
  const result = await apply([{
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'privileged', namespace: ns },
    spec: {
      containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }],
    },
  }], { dryRun: 'server', allowFailure: true });

  // THEN it is refused by Pod Security
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(/violates PodSecurity "baseline:latest": privileged/);
});

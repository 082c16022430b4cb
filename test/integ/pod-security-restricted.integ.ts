// "Restricted, except what was declared": every example's DaemonSet and a Pod made from its
// template, created by server-side dry run in namespaces that enforce (and warn at)
// `restricted`, and at `baseline`. The checks that the API server names are exactly those the
// synthesized host-access report (examples/NAME/dist/host-access.json) says the declared host
// access fails: for a DaemonSet in its warning (Pod Security admits workloads and enforces on
// their pods), for the Pod in its denial.
import { examplesForThisCluster, installCrds } from './support/cluster';
import { apply, ensureNamespace, kubectl } from './support/kubectl';
import { daemonSets, renamespace } from './support/manifests';
import {
  expectedChecks, hostAccessReports, parsePodSecurity, podFromTemplate, PodSecurityVerdict,
} from './support/security';

const LEVELS = ['restricted', 'baseline'] as const;

const cases = examplesForThisCluster().flatMap((example) => {
  const reports = hostAccessReports(example.name);
  return daemonSets(example.objects).map((ds) => ({
    example,
    ds,
    report: reports.find((r) => r.agent === ds.metadata.name),
  }));
});
const namespaces: string[] = [];

/** The agent's ServiceAccount (pods need it to exist) and its DaemonSet, in namespace ns. */
async function moveInto(c: (typeof cases)[number], ns: string, level: string) {
  namespaces.push(ns);
  await ensureNamespace(ns, {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/warn': level,
  });
  const moved = renamespace(c.example.objects, c.ds.metadata.namespace, ns);
  const accounts = moved.filter((o) => o.kind === 'ServiceAccount');
  if (accounts.length > 0) await apply(accounts);
  return moved.find((o) => o.kind === 'DaemonSet' && o.metadata.name === c.ds.metadata.name);
}

function only(verdicts: PodSecurityVerdict[], level: string): PodSecurityVerdict {
  expect(verdicts.map((v) => `${v.level}:${v.version}`)).toEqual([`${level}:latest`]);
  return verdicts[0];
}

beforeAll(() => installCrds());

afterAll(async () => {
  if (namespaces.length > 0) {
    await kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=false', ...namespaces]);
  }
});

test('every example with a DaemonSet has its host-access report', () => {
  // THEN each DaemonSet has the report that synth wrote for it
  expect(cases.length).toBeGreaterThanOrEqual(4);
  for (const c of cases) {
    expect({ agent: c.ds.metadata.name, report: c.report !== undefined })
      .toEqual({ agent: c.ds.metadata.name, report: true });
  }
});

describe.each(cases.map((c) => [c.example.name, c.ds.metadata.name, c] as const))(
  'example %s, DaemonSet %s',
  (_example, name, c) => {
    describe.each(LEVELS.map((l) => [l]))('at %s', (level) => {
      const ns = `integ-psr-${level}-${name}`.slice(0, 63);
      const expected = () => expectedChecks(c.report.podSecurityFindings, level);

      test('the DaemonSet is admitted, warned of exactly the declared checks', async () => {
        // GIVEN a namespace that enforces and warns at the level
        const ds = await moveInto(c, ns, level);

        // WHEN the DaemonSet is created there by dry run
        const result = await apply([ds], { dryRun: 'server' });

        // THEN it is admitted, and the one Pod Security warning names exactly the checks that
        // the report derives from the declared host access
        expect(result.stdout.trim()).toBe(`daemonset.apps/${name}`);
        const verdicts = parsePodSecurity(result.warnings.join('\n'));
        if (expected().length === 0) {
          expect(verdicts).toEqual([]);
          return;
        }
        expect([...only(verdicts, level).checks].sort()).toEqual(expected());
      });

      test('a Pod from its template is denied naming exactly the declared checks', async () => {
        // GIVEN the same namespace (and the agent's ServiceAccount in it)
        const ds = await moveInto(c, ns, level);

        // WHEN a Pod made from the DaemonSet's template is created there by dry run
        const pod = podFromTemplate(ds, `${name}-psa-probe`);
        const result = await apply([pod], { dryRun: 'server', allowFailure: true });

        // THEN Pod Security denies it, naming exactly the declared checks, and nothing else
        // refuses it
        if (expected().length === 0) {
          expect(result.code).toBe(0);
          return;
        }
        expect(result.code).not.toBe(0);
        expect(result.stderr)
          .toContain(`pods "${name}-psa-probe" is forbidden: violates PodSecurity`);
        expect([...only(parsePodSecurity(result.stderr), level).checks].sort()).toEqual(expected());
      });
    });

    test('the report is consistent with the host access it declares', () => {
      // THEN hostPath volumes and host namespaces appear exactly when declared
      const findings = c.report.podSecurityFindings;
      const spec = c.ds.spec.template.spec;
      const hostPaths = (spec.volumes ?? []).some((v: any) => v.hostPath);
      expect(findings.baseline.includes('hostPath volumes')).toBe(hostPaths);
      expect(findings.restricted.includes('restricted volume types')).toBe(hostPaths);
      const namespaces_ = Boolean(spec.hostNetwork || spec.hostPID || spec.hostIPC);
      expect(findings.baseline.includes('host namespaces')).toBe(namespaces_);
    });
  });

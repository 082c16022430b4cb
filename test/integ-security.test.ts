// The readers of the API server's answers that the integration suite asserts on
// (test/integ/support/security.ts), checked on the API server's own wording, without a cluster.
import {
  expectedChecks, parsePodSecurity, policyDenial, splitChecks,
} from './integ/support/security';

describe('parsePodSecurity', () => {
  test('reads the checks of a DaemonSet warning, commas and parentheses inside details', () => {
    // GIVEN a warning of kube-apiserver 1.36 on node-exporter
    const warning = 'would violate PodSecurity "restricted:latest": host namespaces '
      + '(hostNetwork=true, hostPID=true), hostPort (containers "node-exporter", '
      + '"kube-rbac-proxy" use hostPorts 9100, 9101), restricted volume types (volumes '
      + '"host-proc", "host-sys", "host-root" use restricted volume type "hostPath")';

    // WHEN it is parsed
    const verdicts = parsePodSecurity(warning);

    // THEN the level, the version and the three checks come out in order
    expect(verdicts).toEqual([{
      level: 'restricted',
      version: 'latest',
      checks: ['host namespaces', 'hostPort', 'restricted volume types'],
    }]);
  });

  test('reads a pod denial inside kubectl\'s error line', () => {
    // GIVEN the error kubectl prints for a denied pod
    const stderr = 'Error from server (Forbidden): error when creating "STDIN": pods "p" is '
      + 'forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container '
      + '"agent" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add), '
      + 'host namespaces (hostNetwork=true)\n';

    // THEN the checks are the two named, the quoted capability names ignored
    expect(parsePodSecurity(stderr)).toEqual([{
      level: 'baseline', version: 'latest', checks: ['non-default capabilities', 'host namespaces'],
    }]);
  });

  test('finds nothing in other lines', () => {
    expect(parsePodSecurity('daemonset.apps/x created\nWarning: something else')).toEqual([]);
  });
});

describe('splitChecks', () => {
  test('names with = and != survive, a name without details too', () => {
    // THEN each name is kept whole
    const list = 'runAsNonRoot != true (pod must not set runAsNonRoot=false), runAsUser=0 (x), '
      + 'seccompProfile';
    expect(splitChecks(list))
      .toEqual(['runAsNonRoot != true', 'runAsUser=0', 'seccompProfile']);
  });

  test('a parenthesis or a quote inside a quoted name does not end the details', () => {
    expect(splitChecks('a (volume "x)y" is bad), b (container "q\\"(" too)')).toEqual(['a', 'b']);
  });

  test('an unbalanced list is an error, not a guess', () => {
    expect(() => splitChecks('a (b')).toThrow(/unbalanced/);
  });
});

describe('expectedChecks', () => {
  const findings = {
    baseline: ['host namespaces', 'non-default capabilities', 'hostPath volumes'],
    restricted: ['restricted volume types', 'unrestricted capabilities', 'runAsUser=0'],
  };

  test('at baseline, the baseline findings', () => {
    expect(expectedChecks(findings, 'baseline'))
      .toEqual(['host namespaces', 'hostPath volumes', 'non-default capabilities']);
  });

  test('at restricted, the baseline checks that a restricted one replaces are left out', () => {
    expect(expectedChecks(findings, 'restricted')).toEqual([
      'host namespaces', 'restricted volume types', 'runAsUser=0', 'unrestricted capabilities',
    ]);
  });
});

describe('policyDenial', () => {
  test('reads the policy, the binding and the message', () => {
    // GIVEN a denial as kubectl prints it
    const stderr = 'Warning: would violate PodSecurity "restricted:latest": x (y)\n'
      + 'Error from server (Forbidden): daemonsets.apps "log-agent" is forbidden: '
      + "ValidatingAdmissionPolicy 'logging-log-agent-host-access' with binding "
      + "'logging-log-agent-host-access' denied request: "
      + 'hostPID must be false for agent log-agent, as declared\n';

    // THEN its three parts come out
    expect(policyDenial({ code: 1, stdout: '', stderr, warnings: [] })).toEqual({
      policy: 'logging-log-agent-host-access',
      binding: 'logging-log-agent-host-access',
      message: 'hostPID must be false for agent log-agent, as declared',
    });
    expect(policyDenial({ code: 0, stdout: '', stderr: '', warnings: [] })).toBeUndefined();
  });
});

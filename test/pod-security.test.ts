import { ContainerAccess, evaluatePodSecurity, PodSecurityInput } from '../src';

// The check names are those kube-apiserver prints in its Pod Security warnings and denials
// (pod-security-admission's forbidden reasons), which test/integ/pod-security-restricted
// compares on a real API server.
const container = (props: Partial<ContainerAccess> = {}): ContainerAccess => ({
  name: 'agent',
  init: false,
  image: 'busybox:1.36',
  privileged: false,
  capabilities: [],
  runAsUser: 65534,
  runAsGroup: 65534,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  hostPorts: [],
  ...props,
});
const input = (props: Partial<PodSecurityInput> = {}): PodSecurityInput => ({
  hostPaths: [],
  hostNetwork: false,
  hostPID: false,
  hostIPC: false,
  containers: [container()],
  ...props,
});

const withCapabilities = (...capabilities: string[]) =>
  input({ containers: [container({ capabilities })] });

describe('evaluatePodSecurity names the capability checks as the API server does', () => {
  test('NET_ADMIN fails non-default capabilities and unrestricted capabilities', () => {
    // GIVEN a container that adds NET_ADMIN (kube-apiserver 1.36 at baseline: `non-default
    // capabilities (container "agent" must not include "NET_ADMIN" ...)`)
    const findings = evaluatePodSecurity(withCapabilities('NET_ADMIN'));

    // THEN both levels name the check the way the API server does
    expect(findings.baseline).toEqual(['non-default capabilities']);
    expect(findings.restricted).toEqual(['unrestricted capabilities']);
  });

  test('a capability on baseline\'s list fails only at restricted', () => {
    const findings = evaluatePodSecurity(withCapabilities('CHOWN'));

    expect(findings).toEqual({ baseline: [], restricted: ['unrestricted capabilities'] });
  });

  test('NET_BIND_SERVICE alone fails neither level', () => {
    const findings = evaluatePodSecurity(withCapabilities('NET_BIND_SERVICE'));

    expect(findings).toEqual({ baseline: [], restricted: [] });
  });
});

import * as kplus from 'cdk8s-plus-28';
import { Capability, HostPathType, NodeAgentProps, Scanner, ScannerExemptions } from '../src';
import { renderAgent } from './support/agent';
import { only } from './support/synth';

/** The annotations of the agent's DaemonSet. */
function daemonSetAnnotations(props: Partial<NodeAgentProps>): { [key: string]: string } {
  return only(renderAgent(props).manifests, 'DaemonSet').metadata.annotations ?? {};
}

/** The checks exempted for one scanner, in order. */
function checks(props: Partial<NodeAgentProps>, scanner: Scanner): string[] {
  return ScannerExemptions.of(renderAgent(props).agent.hostAccess).forScanner(scanner)
    .map((e) => e.check);
}

function exemption(props: Partial<NodeAgentProps>, scanner: Scanner, check: string) {
  const found = ScannerExemptions.of(renderAgent(props).agent.hostAccess).forScanner(scanner)
    .filter((e) => e.check === check);
  expect(found).toHaveLength(1);
  return found[0];
}

const skipAnnotations = (annotations: { [key: string]: string }) =>
  Object.entries(annotations)
    .filter(([key]) => key.startsWith('checkov.io/') || key.startsWith('polaris.'));

describe('ScannerExemptions', () => {
  test('an agent with no host access is exempted from nothing', () => {
    // GIVEN / WHEN
    const annotations = daemonSetAnnotations({});

    // THEN
    expect(skipAnnotations(annotations)).toEqual([]);
    expect(checks({}, Scanner.TRIVY)).toEqual([]);
  });

  test('a read-only host path exempts trivy\'s hostPath check only, with a made reason', () => {
    // GIVEN
    const props = { hostPaths: [{ path: '/var/log', mountPath: '/host-logs' }] };

    // WHEN
    const trivy = exemption(props, Scanner.TRIVY, 'KSV-0023');

    // THEN
    expect(trivy.reason).toBe('declared read-only host path /var/log mounted at /host-logs');
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0023']);
    expect(checks(props, Scanner.CHECKOV)).toEqual([]);
    expect(skipAnnotations(daemonSetAnnotations(props))).toEqual([]);
  });

  test('a sensitive host path carries the user\'s reason', () => {
    // GIVEN
    const props = {
      hostPaths: [{
        path: '/proc', mountPath: '/host/proc', sensitiveReason: 'reads process statistics',
      }],
    };

    // WHEN
    const trivy = exemption(props, Scanner.TRIVY, 'KSV-0121');

    // THEN
    expect(trivy.reason)
      .toBe('declared read-only host path /proc mounted at /host/proc: reads process statistics');
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0023', 'KSV-0121']);
  });

  test('trivy\'s disallowed-volume check is exempted for its exact paths only', () => {
    // GIVEN a path below /proc, which KSV-0121 does not match
    const props = { hostPaths: [{ path: '/proc/sys', sensitiveReason: 'reads kernel settings' }] };

    // WHEN / THEN
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0023']);
  });

  test('the Docker socket is exempted with the stronger reason', () => {
    // GIVEN
    const props: Partial<NodeAgentProps> = {
      hostPaths: [{
        path: '/var/run/docker.sock',
        type: HostPathType.SOCKET,
        sensitiveReason: 'lists containers',
        writableSensitiveReason: 'connect() is needed to query the engine',
      }],
    };

    // WHEN
    const annotations = daemonSetAnnotations(props);

    // THEN
    expect(annotations['checkov.io/skip1']).toBe(
      'CKV_K8S_27=declared read-only host path /var/run/docker.sock mounted at '
      + '/var/run/docker.sock: '
      + 'connect() is needed to query the engine');
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0006', 'KSV-0023']);
  });

  test('host network exempts the host-network and host-port checks of every scanner', () => {
    // GIVEN
    const props = { hostNetwork: true, ports: [{ number: 9100, name: 'metrics' }] };

    // WHEN
    const annotations = daemonSetAnnotations(props);

    // THEN
    expect(annotations).toMatchObject({
      'checkov.io/skip1':
        'CKV_K8S_19=declared hostNetwork: the agent uses the node\'s network namespace',
      'checkov.io/skip2': 'CKV_K8S_26=declared hostNetwork binds port 9100 on the node',
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      'polaris.fairwinds.com/hostPortSet-exempt': 'true',
    });
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0009', 'KSV-0024']);
  });

  test('a privileged port on the host network also exempts trivy\'s privileged-port check', () => {
    // GIVEN
    const props = { hostNetwork: true, ports: [{ number: 53, name: 'dns' }] };

    // WHEN / THEN
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0009', 'KSV-0024', 'KSV-0117']);
  });

  test('a host port without the host network names the port', () => {
    // GIVEN
    const props = { ports: [{ number: 8125, hostPort: 8125, protocol: kplus.Protocol.UDP }] };

    // WHEN
    const checkov = exemption(props, Scanner.CHECKOV, 'CKV_K8S_26');

    // THEN
    expect(checkov.reason).toBe('declared host port 8125');
    expect(checks(props, Scanner.CHECKOV)).toEqual(['CKV_K8S_26']);
  });

  test('host PID and host IPC are exempted each by its own check', () => {
    // GIVEN / WHEN
    const props = { hostPID: true, hostIPC: true };

    // THEN
    expect(checks(props, Scanner.CHECKOV)).toEqual(['CKV_K8S_17', 'CKV_K8S_18']);
    expect(checks(props, Scanner.POLARIS)).toEqual(['hostIPCSet', 'hostPIDSet']);
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0008', 'KSV-0010']);
  });

  test('capabilities exempt the added-capability checks, and a named one when added', () => {
    // GIVEN
    const props = { capabilities: [Capability.NET_ADMIN, Capability.NET_RAW] };

    // WHEN / THEN
    expect(checks(props, Scanner.CHECKOV)).toEqual(['CKV_K8S_25']);
    expect(checks(props, Scanner.POLARIS)).toEqual(['dangerousCapabilities']);
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0022', 'KSV-0106', 'KSV-0119']);
    expect(exemption(props, Scanner.CHECKOV, 'CKV_K8S_25').reason)
      .toBe('declared capability NET_ADMIN; declared capability NET_RAW');
  });

  test('NET_BIND_SERVICE alone passes trivy\'s KSV-0106, so that check is not exempted', () => {
    // GIVEN / WHEN
    const props = { capabilities: [Capability.NET_BIND_SERVICE] };

    // THEN
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0022']);
    expect(checks(props, Scanner.POLARIS)).toEqual([]);
  });

  test('SYS_ADMIN is exempted from the checks that name it', () => {
    // GIVEN / WHEN
    const props = { capabilities: [Capability.SYS_ADMIN] };

    // THEN
    expect(checks(props, Scanner.CHECKOV)).toEqual(['CKV_K8S_25', 'CKV_K8S_39']);
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0005', 'KSV-0022', 'KSV-0106']);
  });

  test('runAsRoot exempts the root-user and root-group checks', () => {
    // GIVEN / WHEN
    const props = { runAsRoot: true };

    // THEN
    expect(checks(props, Scanner.CHECKOV)).toEqual(['CKV_K8S_23', 'CKV_K8S_40']);
    expect(checks(props, Scanner.POLARIS)).toEqual(['runAsRootAllowed']);
    expect(checks(props, Scanner.TRIVY))
      .toEqual(['KSV-0012', 'KSV-0020', 'KSV-0021', 'KSV-0105', 'KSV-0116']);
    expect(exemption(props, Scanner.TRIVY, 'KSV-0116').reason)
      .toBe('declared runAsRoot: runs as group 0 (root)');
  });

  test('a declared low user id exempts only the high-id checks', () => {
    // GIVEN / WHEN
    const props = { runAsUser: 1000, runAsGroup: 1000 };

    // THEN
    expect(checks(props, Scanner.CHECKOV)).toEqual(['CKV_K8S_40']);
    expect(checks(props, Scanner.TRIVY)).toEqual(['KSV-0020', 'KSV-0021']);
    expect(exemption(props, Scanner.CHECKOV, 'CKV_K8S_40').reason).toBe('declared runAsUser 1000');
  });

  test('the default user, 65534, is exempted from nothing', () => {
    expect(checks({ runAsUser: 65534 }, Scanner.CHECKOV)).toEqual([]);
    expect(checks({ runAsUser: 10000 }, Scanner.CHECKOV)).toEqual([]);
    expect(checks({ runAsUser: 10000 }, Scanner.TRIVY)).toEqual(['KSV-0020']);
  });

  test('privileged exempts the privilege and escalation checks', () => {
    // GIVEN / WHEN
    const props = { runAsRoot: true, privileged: true };

    // THEN
    expect(checks(props, Scanner.CHECKOV))
      .toEqual(['CKV_K8S_16', 'CKV_K8S_20', 'CKV_K8S_23', 'CKV_K8S_40']);
    expect(checks(props, Scanner.POLARIS))
      .toEqual(['privilegeEscalationAllowed', 'runAsPrivileged', 'runAsRootAllowed']);
  });

  test('declared API access exempts the token checks and names the access', () => {
    // GIVEN
    const props = { apiAccess: [{ resources: ['nodes'], verbs: ['get', 'list'] }] };

    // WHEN
    const checkov = exemption(props, Scanner.CHECKOV, 'CKV_K8S_38');

    // THEN
    expect(checkov.reason)
      .toBe('declared API access (get/list nodes) mounts the ServiceAccount token');
    expect(checks(props, Scanner.POLARIS)).toEqual(['automountServiceAccountToken']);
    expect(checks(props, Scanner.TRIVY)).toEqual([]);
  });

  test('host paths of several containers name the container', () => {
    // GIVEN
    const props: Partial<NodeAgentProps> = {
      hostPaths: [{ path: '/var/log' }],
      sidecars: [{
        containerName: 'side', image: 'busybox:1.36', hostPaths: [{ path: '/var/lib/side' }],
      }],
    };

    // WHEN
    const trivy = exemption(props, Scanner.TRIVY, 'KSV-0023');

    // THEN
    expect(trivy.reason).toBe(
      'declared read-only host path /var/log mounted at /var/log in container agent; '
      + 'declared read-only host path /var/lib/side mounted at /var/lib/side in container side');
  });

  test('checkov annotations are numbered in check order and hold no \'=\' in the reason', () => {
    // GIVEN a reason with '=' and a line break, which checkov's parser cannot take
    const props: Partial<NodeAgentProps> = {
      hostNetwork: true,
      hostPID: true,
      hostPaths: [{
        path: '/var/run/docker.sock',
        type: HostPathType.SOCKET,
        sensitiveReason: 'reads containers',
        writableSensitiveReason: 'needs connect()\nwith mode=rw',
      }],
    };

    // WHEN
    const annotations = daemonSetAnnotations(props);

    // THEN
    const skips = Object.keys(annotations).filter((k) => k.startsWith('checkov.io/skip')).sort();
    expect(skips).toEqual(['checkov.io/skip1', 'checkov.io/skip2', 'checkov.io/skip3']);
    expect(annotations['checkov.io/skip1']).toMatch(/^CKV_K8S_17=/);
    expect(annotations['checkov.io/skip2']).toMatch(/^CKV_K8S_19=/);
    expect(annotations['checkov.io/skip3']).toBe(
      'CKV_K8S_27=declared read-only host path /var/run/docker.sock '
      + 'mounted at /var/run/docker.sock: needs connect() with mode:rw');
    for (const value of Object.values(annotations).filter((v) => /^CKV_/.test(v))) {
      expect(value.split('=')).toHaveLength(2);
    }
  });

  test('never writes a blanket exemption', () => {
    // GIVEN every kind of access at once
    const annotations = daemonSetAnnotations({
      runAsRoot: true,
      privileged: true,
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      capabilities: [Capability.SYS_ADMIN],
      apiAccess: [{ resources: ['pods'], verbs: ['get'] }],
    });

    // THEN
    expect(annotations['polaris.fairwinds.com/exempt']).toBeUndefined();
    for (const [key, value] of skipAnnotations(annotations)) {
      if (key.startsWith('checkov.io/')) {
        expect(value).toMatch(/^CKV2?_K8S_\d+=\S/);
      } else {
        expect(key).toMatch(/^polaris\.fairwinds\.com\/[a-zA-Z]+-exempt$/);
      }
    }
  });

  test('scannerAnnotations: false writes none', () => {
    // GIVEN / WHEN
    const annotations = daemonSetAnnotations({ hostNetwork: true, scannerAnnotations: false });

    // THEN
    expect(skipAnnotations(annotations)).toEqual([]);
    expect(annotations['node-agents.cdk8s.io/pod-security-level']).toBe('privileged');
  });

  test('the annotations sit on the DaemonSet, not on the pod template', () => {
    // GIVEN / WHEN
    const { manifests } = renderAgent({ hostNetwork: true });

    // THEN
    const template = only(manifests, 'DaemonSet').spec.template.metadata.annotations ?? {};
    expect(skipAnnotations(template)).toEqual([]);
  });
});

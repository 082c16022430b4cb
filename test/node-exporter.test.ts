import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AgentNamespace, AgentRollout, AgentToleration, ContainerImageOptions, HostPathType, ListenAddress,
  NodeAgent, NodeBudget, NodeExporter, NodeExporterArgs, NodeExporterProps, NodeExporterRelease,
  NodeOperatingSystem, NodeSelectorOperator, RelabelAction, Warnings,
} from '../src';
import { containerNamed, mountAt, volumeNamed } from './support/agent';
import { only, podSpec, synth, testChart } from './support/synth';

/** What one NodeExporter in a fresh chart renders. */
interface Rendered {
  readonly chart: Chart;
  readonly exporter: NodeExporter;
  readonly manifests: any[];
  readonly spec: any;
  readonly main: any;
  readonly warnings: string[];
}

/** Builds a NodeExporter in a fresh chart, in namespace `monitoring`, and synthesizes it. */
function render(props: NodeExporterProps = {}): Rendered {
  const chart = testChart('monitoring');
  const exporter = new NodeExporter(chart, 'exporter', props);
  const manifests = synth(chart);
  const spec = podSpec(manifests);
  return {
    chart,
    exporter,
    manifests,
    spec,
    main: containerNamed(spec, 'node-exporter'),
    warnings: Warnings.collect(chart).map((w) => w.message),
  };
}

/** Builds a NodeExporter and returns nothing: for `expect(() => build(...)).toThrow(...)`. */
function build(props: NodeExporterProps): void {
  new NodeExporter(testChart('monitoring'), 'exporter', props);
}

/** The value of `--name=value` in a list of arguments, or undefined. */
function flag(args: string[], name: string): string | undefined {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** The kinds of a synthesis, without the admission objects that NodeAgent adds. */
function kinds(manifests: any[]): string[] {
  return manifests.map((m) => m.kind)
    .filter((kind) => !kind.startsWith('ValidatingAdmissionPolicy'))
    .sort();
}

/** The required node affinity terms of a pod spec. */
function requiredTerms(spec: any): any[] {
  return spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
}

const PROXY_ARGS_CIPHERS = 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256';
const SELECTOR = {
  'app.kubernetes.io/name': 'node-exporter',
  'app.kubernetes.io/instance': 'node-exporter',
};
const TEXTFILES = '/var/lib/node_exporter/textfile';
const UPSTREAM = 'quay.io/prometheus/node-exporter';

describe('defaults', () => {
  // GIVEN a NodeExporter with no props
  const { exporter, manifests, spec, main, warnings } = render();
  const daemonSet = only(manifests, 'DaemonSet');

  test('emits a ServiceAccount, the DaemonSet and the Service, nothing else', () => {
    expect(kinds(manifests)).toEqual(['DaemonSet', 'Service', 'ServiceAccount']);
    expect(exporter.agent).toBeInstanceOf(NodeAgent);
    expect(exporter.serviceMonitor).toBeUndefined();
    expect(exporter.podMonitor).toBeUndefined();
    expect(exporter.networkPolicy).toBeUndefined();
    expect(exporter.scraperRole).toBeUndefined();
  });

  test('names everything node-exporter, labelled as an exporter', () => {
    expect(daemonSet.metadata.name).toBe('node-exporter');
    expect(daemonSet.metadata.namespace).toBe('monitoring');
    expect(daemonSet.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'node-exporter',
      'app.kubernetes.io/instance': 'node-exporter',
      'app.kubernetes.io/component': 'exporter',
      'app.kubernetes.io/version': 'v1.12.1',
    });
    expect(spec.serviceAccountName).toBe('node-exporter');
    expect(daemonSet.spec.template.metadata.annotations['kubectl.kubernetes.io/default-container'])
      .toBe('node-exporter');
  });

  test('runs the pinned node_exporter 1.12.1 alone', () => {
    expect(spec.containers.map((c: any) => c.name)).toEqual(['node-exporter']);
    expect(main.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
    expect(main.args).toEqual(new NodeExporterArgs().args);
  });

  test('mounts /proc, /sys and / read-only, / with HostToContainer, and the flags point there', () => {
    expect(mountAt(main, '/host/proc')).toMatchObject({ readOnly: true, mountPropagation: 'None' });
    expect(mountAt(main, '/host/sys')).toMatchObject({ readOnly: true, mountPropagation: 'None' });
    expect(mountAt(main, '/host/root'))
      .toMatchObject({ readOnly: true, mountPropagation: 'HostToContainer' });
    const hostPathOf = (at: string) => volumeNamed(spec, mountAt(main, at).name).hostPath;
    expect(hostPathOf('/host/proc')).toEqual({ path: '/proc', type: 'Directory' });
    expect(hostPathOf('/host/sys')).toEqual({ path: '/sys', type: 'Directory' });
    expect(hostPathOf('/host/root')).toEqual({ path: '/', type: 'Directory' });
    expect(flag(main.args, 'path.procfs')).toBe('/host/proc');
    expect(flag(main.args, 'path.sysfs')).toBe('/host/sys');
    expect(flag(main.args, 'path.rootfs')).toBe('/host/root');
    expect(flag(main.args, 'path.udev.data')).toBe('/host/root/run/udev/data');
  });

  test('has no other volume: no scratch directory, no token', () => {
    expect(spec.volumes.map((v: any) => v.name).sort())
      .toEqual(['host-proc', 'host-root', 'host-sys']);
    expect(main.volumeMounts).toHaveLength(3);
  });

  test('joins the node\'s network and process namespaces, not its IPC', () => {
    expect(spec.hostNetwork).toBe(true);
    expect(spec.hostPID).toBe(true);
    expect(spec.hostIPC).toBeUndefined();
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('serves 9100 named metrics on every interface, bound on the node, probed with GET /', () => {
    expect(main.ports)
      .toEqual([{ containerPort: 9100, hostPort: 9100, name: 'metrics', protocol: 'TCP' }]);
    expect(flag(main.args, 'web.listen-address')).toBe(':9100');
    expect(main.livenessProbe.httpGet).toMatchObject({ path: '/', port: 9100 });
    expect(main.readinessProbe.httpGet).toMatchObject({ path: '/', port: 9100 });
    expect(main.env).toBeUndefined();
    expect(exporter.port).toBe(9100);
    expect(exporter.portName).toBe('metrics');
  });

  test('runs as the numeric user and group 65534, hardened, without a token', () => {
    expect(spec.securityContext).toMatchObject({
      runAsUser: 65534,
      runAsGroup: 65534,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(main.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65534,
      runAsNonRoot: true,
      runAsUser: 65534,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('tolerates every taint, on Linux, off virtual-kubelet and Fargate nodes', () => {
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(requiredTerms(spec)).toEqual([{
      matchExpressions: [
        { key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] },
        { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate'] },
      ],
    }]);
  });

  test('has no priority class and rolls a tenth of the nodes at a time', () => {
    expect(spec.priorityClassName).toBeUndefined();
    expect(daemonSet.spec.updateStrategy)
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
    expect(daemonSet.spec.revisionHistoryLimit).toBe(10);
  });

  test('requests 102m CPU and 180 MiB, limits memory to 180 MiB, not CPU', () => {
    expect(main.resources)
      .toEqual({ requests: { cpu: '102m', memory: '180Mi' }, limits: { memory: '180Mi' } });
  });

  test('has a headless Service with the named metrics port', () => {
    const service = only(manifests, 'Service');
    expect(service.metadata).toMatchObject({ name: 'node-exporter', namespace: 'monitoring' });
    expect(service.metadata.annotations).toBeUndefined();
    expect(service.spec).toEqual({
      clusterIP: 'None',
      selector: SELECTOR,
      ports: [{ name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' }],
    });
    expect(exporter.service.kind).toBe('Service');
  });

  test('records three read-only host paths in the host access report', () => {
    const report = exporter.agent.hostAccess;
    expect(report.hostPaths.map((g) => [g.path, g.mountPath, g.readOnly])).toEqual([
      ['/proc', '/host/proc', true], ['/sys', '/host/sys', true], ['/', '/host/root', true],
    ]);
    expect(report.serviceAccountToken).toBe(false);
    expect(report.hostPID).toBe(true);
  });

  test('warns only that the unmanaged namespace must admit privileged pods', () => {
    expect(warnings).toHaveLength(1);
    expect(warnings[0])
      .toMatch(/^namespace 'monitoring' is not managed by this app: it must admit the 'privileged'/);
  });
});

describe('every path flag names a mounted path', () => {
  const cases: Array<[string, NodeExporterProps]> = [
    ['defaults', {}],
    ['without the root mount', { rootFilesystem: false }],
    ['with a textfile directory', { textfileDirectory: '/var/lib/node_exporter/textfile' }],
    ['behind the proxy', { rbacProxy: {} }],
    ['behind the proxy, without root, with textfiles, off the host network', {
      rbacProxy: {}, rootFilesystem: false, textfileDirectory: '/srv/metrics', hostNetwork: false,
    }],
  ];
  test.each(cases)('%s', (_name, props) => {
    // WHEN
    const { main } = render(props);
    const mounted = main.volumeMounts.map((m: any) => m.mountPath);
    const paths = main.args
      .filter((arg: string) => /^--(path\.[a-z.]+|collector\.textfile\.directory)=/.test(arg))
      .map((arg: string) => arg.split('=')[1]);

    // THEN each is a mount point or lies inside one
    expect(paths.length).toBeGreaterThan(1);
    for (const path of paths) {
      expect(mounted.filter((m: string) => path === m || path.startsWith(`${m}/`))).toHaveLength(1);
    }
  });
});

describe('root filesystem off', () => {
  // GIVEN
  const { main, spec } = render({ rootFilesystem: false });

  test('removes the mount, its flags and the filesystem collector', () => {
    expect(main.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/host/proc', '/host/sys']);
    expect(spec.volumes.map((v: any) => v.hostPath.path)).toEqual(['/proc', '/sys']);
    expect(flag(main.args, 'path.rootfs')).toBeUndefined();
    expect(flag(main.args, 'path.udev.data')).toBeUndefined();
    expect(main.args).toContain('--no-collector.filesystem');
    expect(main.args.some((a: string) => a.startsWith('--collector.filesystem.'))).toBe(false);
  });

  test('refuses the filesystem settings that need it', () => {
    expect(() => build({ rootFilesystem: false, mountPointsExclude: ['/mnt/.+'] }))
      .toThrow('mountPointsExclude: received ["/mnt/.+"]; filesystem excludes need the root mount');
    expect(() => build({ rootFilesystem: false, fsTypesExclude: ['tmpfs'] }))
      .toThrow('fsTypesExclude: received ["tmpfs"]; filesystem excludes need the root mount');
    expect(() => build({ rootFilesystem: false, enableCollectors: ['filesystem'] }))
      .toThrow("enableCollectors: received 'filesystem'; the filesystem collector needs the root mount");
  });
});

describe('host namespaces', () => {
  test('host network off: no host port, cluster DNS, pod-IP reachable', () => {
    const { spec, main } = render({ hostNetwork: false });
    expect(spec.hostNetwork ?? false).toBe(false);
    expect(spec.dnsPolicy).toBe('ClusterFirst');
    expect(main.ports).toEqual([{ containerPort: 9100, name: 'metrics', protocol: 'TCP' }]);
    expect(spec.hostPID).toBe(true);
  });

  test('host PID off', () => {
    const { spec, exporter } = render({ hostPID: false });
    expect(spec.hostPID).toBeUndefined();
    expect(spec.hostNetwork).toBe(true);
    expect(exporter.agent.hostAccess.hostPID).toBe(false);
  });

  test('the node IP without host network is refused', () => {
    expect(() => build({ hostNetwork: false, listenAddress: ListenAddress.NODE_IP }))
      .toThrow("listenAddress: received 'node IP'; the node IP exists only in the node's network namespace");
  });
});

describe('collectors', () => {
  test('are enabled and disabled by name', () => {
    const { main } = render({
      enableCollectors: ['systemd', 'processes'],
      disableCollectors: ['wifi', 'hwmon'],
    });
    expect(main.args).toEqual(expect.arrayContaining([
      '--collector.systemd', '--collector.processes', '--no-collector.wifi', '--no-collector.hwmon',
    ]));
  });

  test('are checked against the release', () => {
    expect(() => build({ enableCollectors: ['gpu'] }))
      .toThrow("enableCollectors[0]: received 'gpu'; node_exporter 1.12.1 has no such collector");
    expect(() => build({ release: NodeExporterRelease.V1_5_0, enableCollectors: ['swap'] }))
      .toThrow("enableCollectors[0]: received 'swap'; node_exporter 1.5.0 has no such collector");
    expect(() => build({ enableCollectors: ['ntp'], disableCollectors: ['ntp'] }))
      .toThrow('enableCollectors: received ["ntp"]; a collector cannot be both enabled and disabled');
  });

  test('excludes extend the built-in lists', () => {
    const { main } = render({
      mountPointsExclude: ['/mnt/.+'],
      fsTypesExclude: ['tmpfs'],
      netdevDeviceExclude: ['cali.*'],
    });
    expect(flag(main.args, 'collector.filesystem.mount-points-exclude'))
      .toBe('^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+|'
        + 'var/lib/kubelet/pods/.+|run/containerd/.+|run/k3s/containerd/.+|mnt/.+)($|/)');
    expect(flag(main.args, 'collector.filesystem.fs-types-exclude'))
      .toMatch(/^\^\(autofs\|.*\|tracefs\|tmpfs\)\$$/);
    const devices = '^(veth.*|[a-f0-9]{15}|cali.*)$';
    expect(flag(main.args, 'collector.netdev.device-exclude')).toBe(devices);
    expect(flag(main.args, 'collector.netclass.ignored-devices')).toBe(devices);
  });

  test('extra flags that a property owns are refused', () => {
    expect(() => build({ extraArgs: ['--path.rootfs=/'] }))
      .toThrow("extraArgs[0]: received '--path.rootfs=/'; '--path.rootfs' is set through a "
        + 'NodeExporterArgs property');
  });
});

describe('textfile directory', () => {
  test('is mounted read-only where the flag points and must exist on the node', () => {
    const { main, spec, exporter } = render({ textfileDirectory: TEXTFILES });
    expect(flag(main.args, 'collector.textfile.directory')).toBe('/host/textfile');
    const mount = mountAt(main, '/host/textfile');
    expect(mount.readOnly).toBe(true);
    expect(volumeNamed(spec, mount.name).hostPath)
      .toEqual({ path: TEXTFILES, type: 'Directory' });
    expect(exporter.agent.hostAccess.hostPaths.every((g) => g.readOnly)).toBe(true);
  });

  test('is created on the node only when asked for', () => {
    const { main, spec } = render({ textfileDirectory: TEXTFILES, createTextfileDirectory: true });
    const volume = volumeNamed(spec, mountAt(main, '/host/textfile').name);
    expect(volume.hostPath.type).toBe('DirectoryOrCreate');
  });

  test.each([
    ['var/lib/textfile', "it must start with '/'"],
    ['/var/lib/textfile/', "it must not end with '/'"],
    ['/var/lib/../textfile', "it must not contain '.' or '..' segments"],
  ])('%p, not absolute and normal, is refused', (directory, problem) => {
    expect(() => build({ textfileDirectory: directory }))
      .toThrow(`textfileDirectory: received '${directory}'; expected an absolute, normal path `
        + `(${problem})`);
  });

  test('a sensitive directory is refused', () => {
    expect(() => build({ textfileDirectory: '/var/lib/kubelet/textfile' }))
      .toThrow("textfileDirectory: received '/var/lib/kubelet/textfile'; this is a sensitive host path");
  });

  test('with the textfile collector off is refused', () => {
    expect(() => build({ textfileDirectory: '/srv/prom', disableCollectors: ['textfile'] }))
      .toThrow("textfileDirectory: received '/srv/prom'; the textfile collector is disabled");
  });

  test('createTextfileDirectory without a directory is refused', () => {
    expect(() => build({ createTextfileDirectory: true }))
      .toThrow('createTextfileDirectory: received true; applies only to a textfileDirectory');
  });

  test('the builder takes only the directory types', () => {
    const file = HostPathType.FILE;
    expect(() => new NodeExporterArgs({ textfileDirectory: '/srv/prom', textfileDirectoryType: file }))
      .toThrow("textfileDirectoryType: received 'File'; expected one of Directory, DirectoryOrCreate");
    expect(() => new NodeExporterArgs({ textfileDirectoryType: HostPathType.DIRECTORY }))
      .toThrow("textfileDirectoryType: received 'Directory'; applies only to a textfileDirectory");
  });
});

describe('port', () => {
  test('moves container port, host port, listen address, probes and Service port together', () => {
    const { main, manifests, exporter } = render({ port: 9200 });
    expect(main.ports)
      .toEqual([{ containerPort: 9200, hostPort: 9200, name: 'metrics', protocol: 'TCP' }]);
    expect(flag(main.args, 'web.listen-address')).toBe(':9200');
    expect(main.livenessProbe.httpGet.port).toBe(9200);
    expect(main.readinessProbe.httpGet.port).toBe(9200);
    expect(only(manifests, 'Service').spec.ports)
      .toEqual([{ name: 'metrics', port: 9200, targetPort: 'metrics', protocol: 'TCP' }]);
    expect(exporter.port).toBe(9200);
  });

  test.each([0, 65536, 70000, 9100.5, -1])('%p is refused', (port) => {
    expect(() => build({ port }))
      .toThrow(`port: received ${port}; expected a whole number from 1 to 65535`);
  });

  test('listens on the node IP only, from status.hostIP in brackets', () => {
    const { main } = render({ listenAddress: ListenAddress.NODE_IP });
    expect(flag(main.args, 'web.listen-address')).toBe('[$(HOST_IP)]:9100');
    expect(main.env)
      .toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
  });
});

describe('kube-rbac-proxy', () => {
  // GIVEN the proxy with its defaults
  const { manifests, spec, main, exporter } = render({ rbacProxy: {}, serviceMonitor: {} });
  const proxy = containerNamed(spec, 'kube-rbac-proxy');

  test('node_exporter listens on 127.0.0.1 on the internal port, declared, unprobed', () => {
    expect(flag(main.args, 'web.listen-address')).toBe('127.0.0.1:9101');
    expect(main.ports)
      .toEqual([{ containerPort: 9101, hostPort: 9101, name: 'internal', protocol: 'TCP' }]);
    expect(main.livenessProbe).toBeUndefined();
    expect(main.readinessProbe).toBeUndefined();
  });

  test('the proxy serves the public port with TLS on the pod IP, forwarding to the internal', () => {
    expect(proxy.image).toBe('quay.io/brancz/kube-rbac-proxy:v0.22.1');
    expect(proxy.args).toEqual([
      '--secure-listen-address=[$(POD_IP)]:9100',
      expect.stringContaining(`--tls-cipher-suites=${PROXY_ARGS_CIPHERS},`),
      '--upstream=http://127.0.0.1:9101/',
    ]);
    expect(proxy.env)
      .toEqual([{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]);
    expect(proxy.ports)
      .toEqual([{ containerPort: 9100, hostPort: 9100, name: 'https', protocol: 'TCP' }]);
    expect(proxy.livenessProbe.tcpSocket).toEqual({ port: 9100 });
    expect(proxy.readinessProbe.tcpSocket).toEqual({ port: 9100 });
    expect(exporter.portName).toBe('https');
  });

  test('the proxy is hardened like the exporter and sized as kube-prometheus', () => {
    expect(proxy.securityContext).toEqual(main.securityContext);
    expect(proxy.volumeMounts).toBeUndefined();
    expect(proxy.resources)
      .toEqual({ requests: { cpu: '10m', memory: '20Mi' }, limits: { memory: '40Mi' } });
  });

  test('the pod gets a token and a ClusterRole to create token and subject access reviews', () => {
    expect(spec.automountServiceAccountToken).toBe(true);
    const role = manifests.find((m) => m.kind === 'ClusterRole');
    expect(role.metadata.name).toBe('monitoring-node-exporter');
    expect(role.rules).toEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      {
        apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'],
      },
    ]);
    const binding = manifests.find((m) => m.kind === 'ClusterRoleBinding');
    expect(binding.subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'node-exporter', namespace: 'monitoring' }]);
  });

  test('the Service names the port https; the ServiceMonitor scrapes it with TLS and token', () => {
    expect(only(manifests, 'Service').spec.ports)
      .toEqual([{ name: 'https', port: 9100, targetPort: 'https', protocol: 'TCP' }]);
    const endpoint = only(manifests, 'ServiceMonitor').spec.endpoints[0];
    expect(endpoint).toMatchObject({
      port: 'https',
      scheme: 'https',
      tlsConfig: { insecureSkipVerify: true },
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    });
  });

  test('the internal port is a prop; the public port is not allowed for it', () => {
    const { main: custom } = render({ rbacProxy: { internalPort: 19100 } });
    expect(flag(custom.args, 'web.listen-address')).toBe('127.0.0.1:19100');
    expect(() => build({ rbacProxy: { internalPort: 9100 } }))
      .toThrow('rbacProxy.internalPort: received 9100; expected a port other than the public '
        + 'port 9100');
    expect(() => build({ port: 9300, rbacProxy: { internalPort: 9300 } }))
      .toThrow('rbacProxy.internalPort: received 9300; expected a port other than the public '
        + 'port 9300');
    expect(() => build({ rbacProxy: { internalPort: 0 } }))
      .toThrow('rbacProxy.internalPort: received 0; expected a whole number from 1 to 65535');
    expect(() => build({ port: 65535, rbacProxy: {} }))
      .toThrow('rbacProxy.internalPort: received 65536; the default is port + 1, out of range '
        + 'for port 65535');
  });

  test('off the host network the internal port stays in the pod and nothing binds the node', () => {
    const { spec: podOnly } = render({ rbacProxy: {}, hostNetwork: false });
    expect(containerNamed(podOnly, 'node-exporter').ports).toBeUndefined();
    expect(containerNamed(podOnly, 'kube-rbac-proxy').ports)
      .toEqual([{ containerPort: 9100, name: 'https', protocol: 'TCP' }]);
  });

  test('the proxy listens where listenAddress says', () => {
    const { spec: all } = render({ rbacProxy: {}, listenAddress: ListenAddress.ALL_INTERFACES });
    expect(containerNamed(all, 'kube-rbac-proxy').args[0]).toBe('--secure-listen-address=:9100');
  });

  test('scrapers get get on /metrics through a ClusterRole of their own', () => {
    const { manifests: granted, exporter: withScrapers } = render({
      rbacProxy: { scrapers: [{ name: 'prometheus-k8s', namespace: 'monitoring' }] },
    });
    const named = (kind: string, name: string) =>
      granted.find((m) => m.kind === kind && m.metadata.name === name);
    const role = named('ClusterRole', 'monitoring-node-exporter-scrape');
    expect(role.rules).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    const binding = named('ClusterRoleBinding', role.metadata.name);
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'monitoring' }]);
    expect(withScrapers.scraperRole?.name).toBe('monitoring-node-exporter-scrape');
    const scrapers = [{ name: 'Prometheus', namespace: 'monitoring' }];
    expect(() => build({ rbacProxy: { scrapers } }))
      .toThrow("rbacProxy.scrapers[0].name: received 'Prometheus'; expected an RFC 1123 label");
  });

  test('the proxy image and resources can be changed, and are checked under their names', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { spec: custom } = render({
      rbacProxy: {
        image: { repository: 'mirror.example/kube-rbac-proxy', digest },
        resources: { memoryLimit: Size.mebibytes(64) },
      },
    });
    const proxyContainer = containerNamed(custom, 'kube-rbac-proxy');
    expect(proxyContainer.image).toBe(`mirror.example/kube-rbac-proxy:v0.22.1@${digest}`);
    expect(proxyContainer.resources.limits.memory).toBe('64Mi');
    const resources = { memoryRequest: Size.mebibytes(64), memoryLimit: Size.mebibytes(32) };
    expect(() => build({ rbacProxy: { resources } }))
      .toThrow("rbacProxy.resources.memoryLimit: received '32Mi'; expected at least the memory "
        + 'request of 64Mi');
    expect(() => build({ rbacProxy: { image: { tag: 'latest' } } }))
      .toThrow("rbacProxy.image.tag: received 'latest'; expected an image with an explicit tag");
  });
});

describe('NetworkPolicy', () => {
  test('lets Prometheus pods of the namespace reach the port, and denies egress', () => {
    const { manifests, exporter } = render({ networkPolicy: {}, hostNetwork: false });
    const policy = only(manifests, 'NetworkPolicy');
    expect(policy.metadata).toMatchObject({ name: 'node-exporter', namespace: 'monitoring' });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port: 9100, protocol: 'TCP' }],
      }],
      egress: [],
    });
    expect(exporter.networkPolicy?.kind).toBe('NetworkPolicy');
  });

  test('off the host network it raises no warning', () => {
    const { warnings } = render({ networkPolicy: {}, hostNetwork: false });
    expect(warnings.filter((w) => w.startsWith('networkPolicy'))).toEqual([]);
  });

  test('on the host network it raises the warning that it likely has no effect', () => {
    const { warnings } = render({ networkPolicy: {} });
    expect(warnings).toContain('networkPolicy: the pods use the host network, and most network '
      + 'plugins apply no NetworkPolicy to host-network pods: the policy likely has no effect; '
      + 'use rbacProxy to protect the endpoint, or turn hostNetwork off');
  });

  test('with the proxy it allows egress, for the proxy\'s calls to the API server', () => {
    const { manifests } = render({ networkPolicy: {}, rbacProxy: {}, hostNetwork: false });
    expect(only(manifests, 'NetworkPolicy').spec.egress).toEqual([{}]);
  });

  test('takes pod and namespace selectors', () => {
    const { manifests } = render({
      hostNetwork: false,
      networkPolicy: {
        allowFrom: [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'observability' } },
          { podLabels: { app: 'vmagent' }, namespaceLabels: { team: 'sre' } }],
      },
    });
    expect(only(manifests, 'NetworkPolicy').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } },
      {
        podSelector: { matchLabels: { app: 'vmagent' } },
        namespaceSelector: { matchLabels: { team: 'sre' } },
      },
    ]);
  });

  test('refuses no peer, an empty peer and bad labels', () => {
    expect(() => build({ networkPolicy: { allowFrom: [] } }))
      .toThrow('networkPolicy.allowFrom: received []; expected at least one peer');
    expect(() => build({ networkPolicy: { allowFrom: [{}] } }))
      .toThrow('networkPolicy.allowFrom[0]: received {}; expected podLabels, namespaceLabels or '
        + 'both');
    expect(() => build({ networkPolicy: { allowFrom: [{ podLabels: { app: 'bad value' } }] } }))
      .toThrow("networkPolicy.allowFrom[0].podLabels['app']: received 'bad value'; expected a "
        + 'label value');
  });
});

describe('scheduling', () => {
  test('the virtual-node exclusion can be turned off', () => {
    const { spec } = render({ avoidVirtualNodes: false });
    expect(spec.affinity).toBeUndefined();
  });

  test('required node affinity joins the exclusions in one term', () => {
    const { spec } = render({
      requiredNodeAffinity: [
        { key: 'node.example/pool', operator: NodeSelectorOperator.IN, values: ['edge'] },
      ],
    });
    const terms = requiredTerms(spec);
    expect(terms).toHaveLength(1);
    expect(terms[0].matchExpressions.map((e: any) => e.key))
      .toEqual(['node.example/pool', 'type', 'eks.amazonaws.com/compute-type']);
  });

  test('tolerations, priority class and rollout can be changed', () => {
    const { spec, manifests } = render({
      tolerations: [AgentToleration.controlPlane()],
      priorityClassName: 'system-cluster-critical',
      rollout: AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.count(2) }),
      nodeSelector: { 'node.example/metrics': 'on' },
    });
    expect(spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(spec.priorityClassName).toBe('system-cluster-critical');
    expect(only(manifests, 'DaemonSet').spec.updateStrategy.rollingUpdate)
      .toEqual({ maxUnavailable: 2 });
    expect(spec.nodeSelector)
      .toEqual({ 'node.example/metrics': 'on', 'kubernetes.io/os': 'linux' });
  });

  test('a critical priority class in a managed namespace gets its ResourceQuota', () => {
    const chart = testChart();
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'monitoring' });
    new NodeExporter(chart, 'exporter', { namespace, priorityClassName: 'system-node-critical' });
    const quota = only(synth(chart), 'ResourceQuota');
    expect(quota.spec.scopeSelector.matchExpressions[0].values).toEqual(['system-node-critical']);
  });

  test('Windows is refused', () => {
    expect(() => build({ operatingSystem: NodeOperatingSystem.WINDOWS }))
      .toThrow("operatingSystem: received 'windows'; node_exporter runs on Linux only");
    expect(() => build({ nodeSelector: { 'kubernetes.io/os': 'windows' } }))
      .toThrow("nodeSelector['kubernetes.io/os']: received 'windows'; conflicts with "
        + 'operatingSystem linux');
  });

  test('a surge on the host network is refused', () => {
    expect(() => build({ rollout: AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(1) }) }))
      .toThrow("rollout.maxSurge: received '1'; an agent on the host network or with host ports "
        + 'cannot surge');
  });
});

describe('resources', () => {
  test('a larger memory request raises the default limit with it', () => {
    const { main } = render({ resources: { memoryRequest: Size.mebibytes(300) } });
    expect(main.resources)
      .toEqual({ requests: { cpu: '102m', memory: '300Mi' }, limits: { memory: '300Mi' } });
  });

  test('a CPU limit is set only when asked for, and checked', () => {
    const { main } = render({ resources: { cpuLimit: kplus.Cpu.millis(250) } });
    expect(main.resources.limits).toEqual({ cpu: '250m', memory: '180Mi' });
    expect(() => build({ resources: { cpuLimit: kplus.Cpu.millis(50) } }))
      .toThrow("resources.cpuLimit: received '50m'; expected at least the CPU request of 102m");
  });
});

describe('discovery', () => {
  test('scrape annotations on the Service', () => {
    const { manifests } = render({ scrapeAnnotations: true });
    expect(only(manifests, 'Service').metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9100',
      'prometheus.io/scheme': 'http',
      'prometheus.io/path': '/metrics',
    });
    const { manifests: proxied } = render({ scrapeAnnotations: true, rbacProxy: {} });
    expect(only(proxied, 'Service').metadata.annotations['prometheus.io/scheme']).toBe('https');
  });

  test('a ServiceMonitor selects the Service and sets instance to the node name', () => {
    // GIVEN typed scrape options
    const { manifests, exporter } = render({
      serviceMonitor: {
        interval: Duration.seconds(15),
        jobLabel: 'app.kubernetes.io/name',
        labels: { release: 'kube-prometheus-stack' },
        metricRelabelings: [
          { action: RelabelAction.DROP, sourceLabels: ['__name__'], regex: 'node_scrape_.*' },
        ],
      },
    });
    const monitor = only(manifests, 'ServiceMonitor');
    const service = only(manifests, 'Service');

    // THEN
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata).toMatchObject({ name: 'node-exporter', namespace: 'monitoring' });
    expect(monitor.metadata.labels).toMatchObject({
      'release': 'kube-prometheus-stack',
      'app.kubernetes.io/name': 'node-exporter',
    });
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/name');
    expect(monitor.spec.endpoints).toEqual([{
      port: 'metrics',
      interval: '15s',
      scheme: 'http',
      relabelings: [{
        action: 'replace',
        sourceLabels: ['__meta_kubernetes_pod_node_name'],
        targetLabel: 'instance',
        regex: '(.*)',
        replacement: '$1',
      }],
      metricRelabelings: [{ action: 'drop', sourceLabels: ['__name__'], regex: 'node_scrape_.*' }],
    }]);
    expect(exporter.serviceMonitor?.kind).toBe('ServiceMonitor');
  });

  test('a PodMonitor selects the pods by their metrics port', () => {
    const { manifests, exporter } = render({ podMonitor: {} });
    const monitor = only(manifests, 'PodMonitor');
    expect(only(manifests, 'DaemonSet').spec.template.metadata.labels)
      .toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.podMetricsEndpoints[0]).toMatchObject({ port: 'metrics', scheme: 'http' });
    expect(monitor.spec.podMetricsEndpoints[0].relabelings[0].targetLabel).toBe('instance');
    expect(exporter.podMonitor?.kind).toBe('PodMonitor');
  });

  test('a PodMonitor behind the proxy needs a token Secret', () => {
    expect(() => build({ rbacProxy: {}, podMonitor: {} }))
      .toThrow('podMonitor.bearerTokenSecret: received undefined; a PodMonitor cannot send '
        + "Prometheus' own token file");
    const secret = { secretName: 'prometheus-token', key: 'token' };
    const { manifests } = render({ rbacProxy: {}, podMonitor: { bearerTokenSecret: secret } });
    expect(only(manifests, 'PodMonitor').spec.podMetricsEndpoints[0]).toMatchObject({
      port: 'https',
      scheme: 'https',
      authorization: { type: 'Bearer', credentials: { name: 'prometheus-token', key: 'token' } },
    });
  });

  test('monitor options are checked under their own names', () => {
    const timing = { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(20) };
    expect(() => build({ serviceMonitor: timing }))
      .toThrow("serviceMonitor.scrapeTimeout: received '20s'; expected at most the interval, 10s");
  });

  test('a ServiceMonitor and a PodMonitor together are refused', () => {
    expect(() => build({ serviceMonitor: {}, podMonitor: {} }))
      .toThrow("podMonitor: received 'set with serviceMonitor'; expected one of serviceMonitor "
        + 'and podMonitor');
  });
});

describe('image', () => {
  test('the tag, digest and repository can be changed', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const imageOf = (image: ContainerImageOptions) => render({ image }).main.image;
    expect(imageOf({ tag: 'v1.12.1-distroless' })).toBe(`${UPSTREAM}:v1.12.1-distroless`);
    expect(imageOf({ digest })).toBe(`${UPSTREAM}:v1.12.1@${digest}`);
    expect(imageOf({ repository: 'mirror.example/node-exporter' }))
      .toBe('mirror.example/node-exporter:v1.12.1');
  });

  test('another version than the release raises a warning', () => {
    const { warnings } = render({ image: { tag: 'v1.13.0' } });
    expect(warnings).toContain(`image '${UPSTREAM}:v1.13.0' does not carry the tag of `
      + 'node_exporter 1.12.1, whose flags and collector names the arguments are written for; '
      + 'set release to match or keep the tag');
    const { warnings: none } = render({ image: { tag: 'v1.12.1-distroless' } });
    expect(none.filter((w) => w.startsWith('image'))).toEqual([]);
  });

  test('the release picks the image', () => {
    expect(render({ release: NodeExporterRelease.V1_5_0 }).main.image).toBe(`${UPSTREAM}:v1.5.0`);
  });

  test('latest, a bad digest and a tag in the repository are refused', () => {
    expect(() => build({ image: { tag: 'latest' } }))
      .toThrow("image.tag: received 'latest'; expected an image with an explicit tag or digest");
    expect(() => build({ image: { digest: 'sha256:abc' } }))
      .toThrow("image.digest: received 'sha256:abc'; expected a digest of the form "
        + 'sha256:<64 hex digits>');
    expect(() => build({ image: { repository: 'mirror.example/node-exporter:v1' } }))
      .toThrow("image.repository: received 'mirror.example/node-exporter:v1'; expected a "
        + 'repository without a tag or digest');
    expect(() => build({ image: { tag: 'v1@sha256:x' } }))
      .toThrow("image.tag: received 'v1@sha256:x'; expected a tag alone; give a digest with digest");
  });
});

describe('identity', () => {
  test('name, app name, component and labels can be changed', () => {
    const { manifests } = render({
      name: 'host-metrics',
      appName: 'host-metrics',
      component: 'metrics',
      partOf: 'observability',
      labels: { team: 'sre' },
    });
    const daemonSet = only(manifests, 'DaemonSet');
    expect(daemonSet.metadata.name).toBe('host-metrics');
    expect(daemonSet.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'host-metrics',
      'app.kubernetes.io/component': 'metrics',
      'app.kubernetes.io/part-of': 'observability',
      'team': 'sre',
    });
    expect(only(manifests, 'Service').metadata.name).toBe('host-metrics');
  });

  test('two exporters in one chart need names of their own', () => {
    const chart = testChart('monitoring');
    new NodeExporter(chart, 'a', { name: 'node-exporter-a' });
    new NodeExporter(chart, 'b', { name: 'node-exporter-b', port: 9200 });
    const daemonSets = synth(chart).filter((m) => m.kind === 'DaemonSet');
    expect(daemonSets.map((m) => m.metadata.name)).toEqual(['node-exporter-a', 'node-exporter-b']);

    const clash = testChart('monitoring');
    new NodeExporter(clash, 'a');
    expect(() => new NodeExporter(clash, 'b', { port: 9200 }))
      .toThrow("name: received 'node-exporter'; NodeExporter 'test/a' already has this name in "
        + "namespace 'monitoring'");
    const elsewhere = testChart('monitoring');
    new NodeExporter(elsewhere, 'a');
    const kubeSystem = AgentNamespace.fromName('kube-system');
    expect(() => new NodeExporter(elsewhere, 'b', { namespace: kubeSystem })).not.toThrow();
  });

  test('a bad name is refused', () => {
    expect(() => build({ name: 'Node_Exporter' }))
      .toThrow("name: received 'Node_Exporter'; expected an RFC 1123 label");
  });
});

describe('host-access policy', () => {
  test('is NodeAgent\'s, on by default, and can be turned off', () => {
    const admission = (manifests: any[]) => manifests.map((m) => m.kind)
      .filter((kind) => kind.startsWith('ValidatingAdmissionPolicy'));
    expect(admission(render().manifests))
      .toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
    expect(admission(render({ hostAccessPolicy: false }).manifests)).toEqual([]);
  });
});

describe('a managed namespace', () => {
  test('enforces the privileged level the host access needs, and raises no warning', () => {
    const chart = new Chart(Testing.app(), 'test');
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'monitoring' });
    new NodeExporter(chart, 'exporter', { namespace, rbacProxy: {}, serviceMonitor: {} });
    const manifests = synth(chart);
    const labels = only(manifests, 'Namespace').metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(Warnings.collect(chart)).toEqual([]);
  });
});

describe('NodeExporter defaults', () => {
  test('render as their snapshot', () => {
    // GIVEN no props at all
    const chart = testChart();
    new NodeExporter(chart, 'node-exporter');

    // THEN every object matches the recorded defaults
    expect(synth(chart)).toMatchSnapshot();
  });
});

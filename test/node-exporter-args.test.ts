import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HostPathType } from '../src/host-access';
import {
  KubeRbacProxyArgs,
  ListenAddress,
  NodeExporterArgs,
  NodeExporterArgsProps,
  NodeExporterPaths,
  NodeExporterRelease,
  NodeExporterScrape,
  NodeExporterScrapeTarget,
  RelabelAction,
  ScrapeScheme,
} from '../src/node-exporter';

/** The value of `--name=value` in a list of arguments, or undefined. */
function flag(args: string[], name: string): string | undefined {
  const found = args.find((arg) => arg.startsWith(`--${name}=`));
  return found?.slice(name.length + 3);
}

/** Every path a flag of these arguments names inside the container. */
function pathFlags(args: string[]): string[] {
  return args
    .filter((arg) => /^--(path\.[a-z.]+|collector\.textfile\.directory)=/.test(arg))
    .map((arg) => arg.split('=')[1]);
}

const UPSTREAM_MOUNT_POINT_LIST = 'dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+';
const UPSTREAM_MOUNT_POINTS = `^/(${UPSTREAM_MOUNT_POINT_LIST})($|/)`;
const UPSTREAM_FS_TYPES_1_12 = '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|'
  + 'hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|'
  + 'sysfs|tracefs)$';
const K8S_MOUNT_POINTS = 'var/lib/kubelet/pods/.+|run/containerd/.+|run/k3s/containerd/.+';
const K8S_DEVICES = 'veth.*|[a-f0-9]{15}';

describe('NodeExporterArgs defaults', () => {
  // GIVEN no settings
  const exporter = new NodeExporterArgs();

  test('targets node_exporter 1.12.1, the anchors\' version, and its upstream image', () => {
    expect(exporter.release).toBe(NodeExporterRelease.V1_12_1);
    expect(exporter.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
  });

  test('writes the complete default command line', () => {
    expect(exporter.args).toEqual([
      '--web.listen-address=:9100',
      '--path.procfs=/host/proc',
      '--path.sysfs=/host/sys',
      '--path.rootfs=/host/root',
      '--path.udev.data=/host/root/run/udev/data',
      `--collector.filesystem.mount-points-exclude=^/(${UPSTREAM_MOUNT_POINT_LIST}|${K8S_MOUNT_POINTS})($|/)`,
      `--collector.netdev.device-exclude=^(${K8S_DEVICES})$`,
      `--collector.netclass.ignored-devices=^(${K8S_DEVICES})$`,
    ]);
  });

  test('mounts /proc, /sys and / read-only where the flags point, / with HostToContainer', () => {
    expect(exporter.mounts.map((m) => [m.path, m.mountPath, m.propagation ?? 'none'])).toEqual([
      ['/proc', NodeExporterPaths.PROC, 'none'],
      ['/sys', NodeExporterPaths.SYS, 'none'],
      ['/', NodeExporterPaths.ROOT, kplus.MountPropagation.HOST_TO_CONTAINER],
    ]);
    expect(exporter.mounts.every((m) => m.writable === undefined)).toBe(true);
    expect(exporter.mounts.every((m) => m.type === HostPathType.DIRECTORY)).toBe(true);
    expect(NodeExporterPaths.PROC).toBe('/host/proc');
    expect(NodeExporterPaths.SYS).toBe('/host/sys');
    expect(NodeExporterPaths.ROOT).toBe('/host/root');
  });

  test('gives the reasons the host-access model asks for the sensitive mounts', () => {
    const root = exporter.mounts.find((m) => m.path === '/')!;
    expect(root.sensitiveReason).toMatch(/filesystem/);
    expect(root.writableSensitiveReason).toMatch(/65534/);
    expect(exporter.mounts.every((m) => (m.sensitiveReason ?? '').length > 0)).toBe(true);
  });

  test('serves plain HTTP on port 9100 named metrics, probed with GET /', () => {
    expect(exporter.port).toBe(9100);
    expect(exporter.portName).toBe('metrics');
    expect(exporter.scheme).toBe(ScrapeScheme.HTTP);
    expect(exporter.probe).toEqual({ port: 9100, httpPath: '/' });
    expect(exporter.env).toEqual([]);
    expect(exporter.rbacProxy).toBeUndefined();
  });

  test('runs the release\'s default collectors, filesystem included', () => {
    expect(exporter.collectors).toEqual(NodeExporterRelease.V1_12_1.defaultCollectors);
    expect(exporter.collectors)
      .toEqual(expect.arrayContaining(['cpu', 'meminfo', 'filesystem', 'netdev', 'kernel_hung']));
    expect(exporter.collectors).not.toContain('systemd');
  });
});

describe('every flag names a mounted path', () => {
  const cases: Array<[string, NodeExporterArgsProps]> = [
    ['defaults', {}],
    ['without the root mount', { rootFilesystem: false }],
    ['with a textfile directory', { textfileDirectory: '/var/lib/node_exporter/textfile' }],
    ['behind the proxy, without root, with textfiles', {
      rbacProxy: {}, rootFilesystem: false, textfileDirectory: '/srv/metrics',
    }],
  ];
  test.each(cases)('%s', (_name, props) => {
    // WHEN
    const exporter = new NodeExporterArgs(props);
    const mounted = exporter.mounts.map((m) => m.mountPath!);

    // THEN each path flag is a mount point or lies inside one
    for (const path of pathFlags(exporter.args)) {
      expect(mounted.some((m) => path === m || path.startsWith(`${m}/`))).toBe(true);
    }
  });
});

describe('listening', () => {
  test('the port moves the listen address', () => {
    const exporter = new NodeExporterArgs({ port: 9200 });
    expect(flag(exporter.args, 'web.listen-address')).toBe(':9200');
    expect(exporter.probe.port).toBe(9200);
  });

  test('the node IP comes from status.hostIP, in brackets for both address families', () => {
    const exporter = new NodeExporterArgs({ listenAddress: ListenAddress.NODE_IP });
    expect(flag(exporter.args, 'web.listen-address')).toBe('[$(HOST_IP)]:9100');
    expect(exporter.env).toEqual([{ name: 'HOST_IP', fieldPath: 'status.hostIP' }]);
  });

  test('the pod IP comes from status.podIP', () => {
    const exporter = new NodeExporterArgs({ listenAddress: ListenAddress.POD_IP, hostNetwork: false });
    expect(flag(exporter.args, 'web.listen-address')).toBe('[$(POD_IP)]:9100');
    expect(exporter.env).toEqual([{ name: 'POD_IP', fieldPath: 'status.podIP' }]);
  });

  test('the node IP without host network is refused', () => {
    expect(() => new NodeExporterArgs({ listenAddress: ListenAddress.NODE_IP, hostNetwork: false }))
      .toThrow("listenAddress: received 'node IP'; the node IP exists only in the node's network namespace; "
        + 'turn hostNetwork on or use ListenAddress.POD_IP or ListenAddress.ALL_INTERFACES');
  });

  test.each([0, 65536, -1, 9100.5])('port %p is refused', (port) => {
    expect(() => new NodeExporterArgs({ port }))
      .toThrow(`port: received ${port}; expected a whole number from 1 to 65535`);
  });

  test.each([1, 65535])('port %p is accepted', (port) => {
    expect(new NodeExporterArgs({ port }).port).toBe(port);
  });
});

describe('root mount off', () => {
  // GIVEN
  const exporter = new NodeExporterArgs({ rootFilesystem: false });

  test('drops --path.rootfs, --path.udev.data and the filesystem excludes', () => {
    expect(flag(exporter.args, 'path.rootfs')).toBeUndefined();
    expect(flag(exporter.args, 'path.udev.data')).toBeUndefined();
    expect(exporter.args.some((arg) => arg.startsWith('--collector.filesystem.'))).toBe(false);
  });

  test('turns the filesystem collector off and mounts no /', () => {
    expect(exporter.args).toContain('--no-collector.filesystem');
    expect(exporter.collectors).not.toContain('filesystem');
    expect(exporter.mounts.map((m) => m.path)).toEqual(['/proc', '/sys']);
  });

  test('keeps the network excludes, which do not depend on it', () => {
    expect(flag(exporter.args, 'collector.netdev.device-exclude')).toBe(`^(${K8S_DEVICES})$`);
  });

  test('refuses to enable the filesystem collector', () => {
    expect(() => new NodeExporterArgs({ rootFilesystem: false, enableCollectors: ['filesystem'] }))
      .toThrow("enableCollectors: received 'filesystem'; the filesystem collector needs the root mount; "
        + 'set rootFilesystem to true');
  });

  test.each(['mountPointsExclude', 'fsTypesExclude'])('refuses %s', (property) => {
    expect(() => new NodeExporterArgs({ rootFilesystem: false, [property]: ['tmpfs'] }))
      .toThrow(`${property}: received ["tmpfs"]; filesystem excludes need the root mount (rootFilesystem `
        + 'is false, so the filesystem collector is off); remove them or set rootFilesystem to true');
  });

  test('does not disable the filesystem collector twice', () => {
    const args = new NodeExporterArgs({ rootFilesystem: false, disableCollectors: ['filesystem'] }).args;
    expect(args.filter((arg) => arg === '--no-collector.filesystem')).toHaveLength(1);
  });
});

describe('collectors', () => {
  test('enables and disables by name, in the order given', () => {
    const exporter = new NodeExporterArgs({
      enableCollectors: ['systemd', 'processes'],
      disableCollectors: ['wifi', 'hwmon'],
    });
    expect(exporter.args.filter((arg) => /collector\.[a-z_]+$/.test(arg))).toEqual([
      '--collector.systemd', '--collector.processes', '--no-collector.wifi', '--no-collector.hwmon',
    ]);
    expect(exporter.collectors).toEqual(expect.arrayContaining(['systemd', 'processes']));
    expect(exporter.collectors).not.toContain('hwmon');
  });

  test('names given twice become one flag', () => {
    const args = new NodeExporterArgs({ disableCollectors: ['btrfs', 'btrfs'] }).args;
    expect(args.filter((arg) => arg === '--no-collector.btrfs')).toHaveLength(1);
  });

  test('an unknown name is refused with the list of known ones', () => {
    expect(() => new NodeExporterArgs({ enableCollectors: ['cpu', 'gpu'] }))
      .toThrow(new RegExp("^enableCollectors\\[1\\]: received 'gpu'; node_exporter 1\\.12\\.1 has no such "
        + 'collector; expected one of arp, bcache, '));
    expect(() => new NodeExporterArgs({ disableCollectors: ['nope'] }))
      .toThrow(/^disableCollectors\[0\]: received 'nope'; node_exporter 1\.12\.1 has no such collector/);
  });

  test('a name in both lists is refused', () => {
    expect(() => new NodeExporterArgs({ enableCollectors: ['wifi', 'ntp'], disableCollectors: ['wifi'] }))
      .toThrow('enableCollectors: received ["wifi"]; a collector cannot be both enabled and disabled; '
        + 'remove it from enableCollectors or disableCollectors');
  });

  test('names are checked against the release targeted', () => {
    expect(new NodeExporterArgs({ disableCollectors: ['kernel_hung'] }).args).toContain('--no-collector.kernel_hung');
    expect(() => new NodeExporterArgs({ release: NodeExporterRelease.V1_5_0, disableCollectors: ['kernel_hung'] }))
      .toThrow(/^disableCollectors\[0\]: received 'kernel_hung'; node_exporter 1\.5\.0 has no such collector/);
  });
});

describe('excludes extend the built-in lists', () => {
  test('a user mount point keeps every built-in and Kubernetes entry', () => {
    const exporter = new NodeExporterArgs({ mountPointsExclude: ['/mnt/scratch/.+'] });
    expect(flag(exporter.args, 'collector.filesystem.mount-points-exclude')).toBe(
      `^/(${UPSTREAM_MOUNT_POINT_LIST}|${K8S_MOUNT_POINTS}|mnt/scratch/.+)($|/)`);
  });

  test('a user fs type keeps the built-in types', () => {
    const exporter = new NodeExporterArgs({ fsTypesExclude: ['tmpfs', 'ramfs'] });
    expect(flag(exporter.args, 'collector.filesystem.fs-types-exclude'))
      .toBe(UPSTREAM_FS_TYPES_1_12.replace('|tracefs)$', '|tracefs|tmpfs|ramfs)$'));
  });

  test('a user network device keeps the Kubernetes ones, for netdev and netclass', () => {
    const exporter = new NodeExporterArgs({ netdevDeviceExclude: ['cali.*'] });
    expect(flag(exporter.args, 'collector.netdev.device-exclude')).toBe(`^(${K8S_DEVICES}|cali.*)$`);
    expect(flag(exporter.args, 'collector.netclass.ignored-devices')).toBe(`^(${K8S_DEVICES}|cali.*)$`);
  });

  test('without the Kubernetes entries and without user entries, upstream\'s defaults apply untouched', () => {
    const args = new NodeExporterArgs({ kubernetesExcludes: false }).args;
    expect(args.some((arg) => arg.includes('-exclude=') || arg.includes('ignored-devices='))).toBe(false);
  });

  test('without the Kubernetes entries a user entry still keeps the built-in list', () => {
    const exporter = new NodeExporterArgs({ kubernetesExcludes: false, mountPointsExclude: ['/data/.+'] });
    expect(flag(exporter.args, 'collector.filesystem.mount-points-exclude'))
      .toBe(UPSTREAM_MOUNT_POINTS.replace(')($|/)', '|data/.+)($|/)'));
  });

  test('entries given twice appear once', () => {
    const exporter = new NodeExporterArgs({ fsTypesExclude: ['overlay', 'tmpfs', 'tmpfs'] });
    const entries = flag(exporter.args, 'collector.filesystem.fs-types-exclude')!.slice(2, -2).split('|');
    expect(entries.filter((entry) => entry === 'overlay')).toHaveLength(1);
    expect(entries.filter((entry) => entry === 'tmpfs')).toHaveLength(1);
    expect(entries[entries.length - 1]).toBe('tmpfs');
  });

  test('the built-in lists reproduce upstream\'s expressions', () => {
    const release = NodeExporterRelease.V1_12_1;
    expect(`^/(${release.defaultMountPointsExclude.join('|')})($|/)`).toBe(UPSTREAM_MOUNT_POINTS);
    expect(`^(${release.defaultFsTypesExclude.join('|')})$`).toBe(UPSTREAM_FS_TYPES_1_12);
    expect(release.defaultNetdevDeviceExclude).toEqual([]);
    expect(NodeExporterRelease.V1_5_0.defaultFsTypesExclude).not.toContain('erofs');
  });

  test.each([
    ['var/lib/x', 'expected a pattern for an absolute path below \'/\', such as \'/var/lib/kubelet/pods/.+\''],
    ['/', 'expected a pattern for an absolute path below \'/\', such as \'/var/lib/kubelet/pods/.+\''],
    ['', 'expected a non-empty regular expression on one line'],
  ])('mount point %p is refused', (entry, message) => {
    expect(() => new NodeExporterArgs({ mountPointsExclude: [entry] }))
      .toThrow(`mountPointsExclude[0]: received '${entry}'; ${message}`);
  });

  const RE2 = 'expected a Go (RE2) regular expression; ';
  const BALANCED = 'expected balanced parentheses and brackets, so that the entry stays one alternative '
    + 'of the combined expression';
  test.each([
    ['(?!eth0).*', `${RE2}look-ahead and look-behind are not supported`],
    ['(a)\\1', `${RE2}back-references are not supported`],
    ['eth0)|(.*', BALANCED],
    ['[a-z', BALANCED],
  ])('device pattern %p is refused', (entry, message) => {
    expect(() => new NodeExporterArgs({ netdevDeviceExclude: ['ok', entry] }))
      .toThrow(`netdevDeviceExclude[1]: received '${entry}'; ${message}`);
  });

  test.each(['[)]', '\\(', '[]a]', 'x{2,}', '(a|b)+'])('pattern %p is accepted', (entry) => {
    expect(() => new NodeExporterArgs({ fsTypesExclude: [entry] })).not.toThrow();
  });
});

describe('textfile directory', () => {
  test('is mounted read-only at its own path and named by the flag, and must exist by default', () => {
    const exporter = new NodeExporterArgs({ textfileDirectory: '/var/lib/node_exporter/textfile' });
    expect(flag(exporter.args, 'collector.textfile.directory')).toBe('/host/textfile');
    expect(exporter.mounts).toContainEqual({
      path: '/var/lib/node_exporter/textfile',
      mountPath: NodeExporterPaths.TEXTFILE,
      type: HostPathType.DIRECTORY,
    });
  });

  test('is created by the kubelet only when asked', () => {
    const exporter = new NodeExporterArgs({
      textfileDirectory: '/var/lib/node_exporter/textfile',
      textfileDirectoryType: HostPathType.DIRECTORY_OR_CREATE,
    });
    expect(exporter.mounts.find((m) => m.mountPath === NodeExporterPaths.TEXTFILE)?.type)
      .toBe(HostPathType.DIRECTORY_OR_CREATE);
  });

  test('is absent by default', () => {
    expect(flag(new NodeExporterArgs().args, 'collector.textfile.directory')).toBeUndefined();
  });

  test.each([
    ['var/lib/textfile', "it must start with '/'"],
    ['/var/lib/textfile/', "it must not end with '/'"],
    ['/var/lib/../textfile', "it must not contain '.' or '..' segments"],
    ['/var//lib', "it must not contain '//'"],
  ])('%p is refused', (directory, problem) => {
    expect(() => new NodeExporterArgs({ textfileDirectory: directory }))
      .toThrow(`textfileDirectory: received '${directory}'; expected an absolute, normal path (${problem})`);
  });

  test('/ is refused', () => {
    expect(() => new NodeExporterArgs({ textfileDirectory: '/' }))
      .toThrow("textfileDirectory: received '/'; expected a directory below '/'");
  });

  test('with the textfile collector disabled is refused', () => {
    expect(() => new NodeExporterArgs({ textfileDirectory: '/srv/prom', disableCollectors: ['textfile'] }))
      .toThrow("textfileDirectory: received '/srv/prom'; the textfile collector is disabled; "
        + 'remove it from disableCollectors or unset textfileDirectory');
  });
});

describe('extra arguments', () => {
  test('pass through after the generated ones', () => {
    const args = new NodeExporterArgs({ extraArgs: ['--collector.systemd.unit-include=kubelet.service'] }).args;
    expect(args[args.length - 1]).toBe('--collector.systemd.unit-include=kubelet.service');
  });

  test.each([
    '--path.rootfs=/', '--web.listen-address=:9999', '--collector.wifi', '--no-collector.cpu',
    '--collector.filesystem.mount-points-exclude=^$', '--collector.netdev.device-exclude=lo',
    '--collector.textfile.directory=/tmp', '--collector.disable-defaults',
  ])('%p, owned by a property, is refused', (arg) => {
    expect(() => new NodeExporterArgs({ extraArgs: [arg] }))
      .toThrow(`extraArgs[0]: received '${arg}'; '${arg.split('=')[0]}' is set through a NodeExporterArgs `
        + 'property; use the property instead');
  });

  test('a value that is not a long flag is refused', () => {
    expect(() => new NodeExporterArgs({ extraArgs: ['-v'] }))
      .toThrow("extraArgs[0]: received '-v'; expected a long flag such as '--collector.systemd.unit-include=...'");
  });
});

describe('behind kube-rbac-proxy', () => {
  // GIVEN
  const exporter = new NodeExporterArgs({ rbacProxy: {} });
  const proxy = exporter.rbacProxy!;

  test('node_exporter listens on 127.0.0.1 on the internal port, with no environment', () => {
    expect(flag(exporter.args, 'web.listen-address')).toBe('127.0.0.1:9101');
    expect(exporter.env).toEqual([]);
  });

  test('the proxy serves the public port over TLS, named https, probed by TCP', () => {
    expect(exporter.port).toBe(9100);
    expect(exporter.portName).toBe('https');
    expect(exporter.scheme).toBe(ScrapeScheme.HTTPS);
    expect(exporter.probe).toEqual({ port: 9100 });
  });

  test('the proxy runs the pinned image with kube-prometheus\' arguments', () => {
    expect(proxy.image).toBe('quay.io/brancz/kube-rbac-proxy:v0.22.1');
    expect(proxy.args).toEqual([
      '--secure-listen-address=[$(POD_IP)]:9100',
      '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,'
        + 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,'
        + 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
      '--upstream=http://127.0.0.1:9101/',
    ]);
    expect(proxy.env).toEqual([{ name: 'POD_IP', fieldPath: 'status.podIP' }]);
  });

  test('the proxy needs token and subject-access reviews; a scraper needs get on /metrics', () => {
    expect(proxy.rbacRules).toEqual([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
    expect(proxy.scraperRules).toEqual([{ urls: ['/metrics'], verbs: ['get'] }]);
  });

  test('the listen address applies to the proxy', () => {
    const proxied = new NodeExporterArgs({ rbacProxy: {}, listenAddress: ListenAddress.ALL_INTERFACES, port: 8443 });
    expect(flag(proxied.rbacProxy!.args, 'secure-listen-address')).toBe(':8443');
    expect(flag(proxied.args, 'web.listen-address')).toBe('127.0.0.1:8444');
  });

  test('a chosen internal port is used', () => {
    const proxied = new NodeExporterArgs({ rbacProxy: { internalPort: 19100 } });
    expect(flag(proxied.args, 'web.listen-address')).toBe('127.0.0.1:19100');
    expect(flag(proxied.rbacProxy!.args, 'upstream')).toBe('http://127.0.0.1:19100/');
  });

  test('an internal port equal to the public port is refused', () => {
    expect(() => new NodeExporterArgs({ port: 9100, rbacProxy: { internalPort: 9100 } }))
      .toThrow('rbacProxy.internalPort: received 9100; expected a port other than the public port 9100, '
        + 'which the proxy listens on');
  });

  test.each([0, 65536])('internal port %p is refused', (internalPort) => {
    expect(() => new NodeExporterArgs({ rbacProxy: { internalPort } }))
      .toThrow(`rbacProxy.internalPort: received ${internalPort}; expected a whole number from 1 to 65535`);
  });

  test('the default internal port cannot run past 65535', () => {
    expect(() => new NodeExporterArgs({ port: 65535, rbacProxy: {} }))
      .toThrow('rbacProxy.internalPort: received 65536; the default is port + 1, out of range for port 65535; '
        + 'set an internal port from 1 to 65535');
  });

  test('KubeRbacProxyArgs on its own checks its ports', () => {
    expect(() => new KubeRbacProxyArgs({ port: 8443, upstreamPort: 8443 }))
      .toThrow('upstreamPort: received 8443; expected a port other than port 8443, '
        + 'which the proxy itself listens on');
    expect(() => new KubeRbacProxyArgs({ port: 70000, upstreamPort: 8080 }))
      .toThrow('port: received 70000; expected a whole number from 1 to 65535');
    expect(() => new KubeRbacProxyArgs({ port: 8443, upstreamPort: 0 }))
      .toThrow('upstreamPort: received 0; expected a whole number from 1 to 65535');
  });
});

describe('NodeExporterRelease', () => {
  test('1.12.1 knows the collectors added since Debian\'s 1.5.0, and nothing was removed', () => {
    const added = NodeExporterRelease.V1_12_1.collectors
      .filter((name) => !NodeExporterRelease.V1_5_0.hasCollector(name));
    expect(added).toEqual(['cpu_vulnerabilities', 'dmmultipath', 'kernel_hung', 'nvmesubsystem', 'pcidevice',
      'softirqs', 'swap', 'watchdog', 'xfrm']);
    expect(NodeExporterRelease.V1_5_0.collectors.every((name) => NodeExporterRelease.V1_12_1.hasCollector(name)))
      .toBe(true);
  });

  test('defaults follow upstream', () => {
    const release = NodeExporterRelease.V1_12_1;
    expect(release.isEnabledByDefault('kernel_hung')).toBe(true);
    expect(release.isEnabledByDefault('systemd')).toBe(false);
    expect(release.isEnabledByDefault('wifi')).toBe(false);
    expect(release.defaultCollectors.every((name) => release.hasCollector(name))).toBe(true);
    expect(NodeExporterRelease.V1_5_0.image).toBe('quay.io/prometheus/node-exporter:v1.5.0');
  });
});

describe('NodeExporterScrape', () => {
  const http: NodeExporterScrapeTarget = {
    name: 'node-exporter',
    namespace: 'monitoring',
    selector: { 'app.kubernetes.io/name': 'node-exporter' },
    portName: 'metrics',
    scheme: ScrapeScheme.HTTP,
  };
  const https: NodeExporterScrapeTarget = { ...http, portName: 'https', scheme: ScrapeScheme.HTTPS };
  const instanceRule = {
    action: 'replace',
    sourceLabels: ['__meta_kubernetes_pod_node_name'],
    targetLabel: 'instance',
    regex: '(.*)',
    replacement: '$1',
  };

  test('a default ServiceMonitor scrapes over HTTP with instance set to the node name', () => {
    const monitor = new NodeExporterScrape().renderServiceMonitor(http);
    expect(monitor).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'node-exporter', namespace: 'monitoring' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'node-exporter' } },
        endpoints: [{ port: 'metrics', scheme: 'http', relabelings: [instanceRule] }],
      },
    });
    expect(() => new ServiceMonitor(monitor).validate()).not.toThrow();
  });

  test('behind the proxy a ServiceMonitor sends Prometheus\' token over TLS, as kube-prometheus', () => {
    const monitor = new NodeExporterScrape({ interval: Duration.seconds(15) }).renderServiceMonitor(https);
    expect(monitor.spec.endpoints[0]).toEqual({
      port: 'https',
      interval: '15s',
      relabelings: [instanceRule],
      scheme: 'https',
      tlsConfig: { insecureSkipVerify: true },
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    });
    expect(() => new ServiceMonitor(monitor).validate()).not.toThrow();
  });

  test('a token Secret becomes the authorization of either monitor', () => {
    const scrape = new NodeExporterScrape({ bearerTokenSecret: { secretName: 'prometheus-token', key: 'token' } });
    const authorization = { type: 'Bearer', credentials: { name: 'prometheus-token', key: 'token' } };
    const service = scrape.renderServiceMonitor(https);
    const pod = scrape.renderPodMonitor(https);
    expect(service.spec.endpoints[0].authorization).toEqual(authorization);
    expect(service.spec.endpoints[0].bearerTokenFile).toBeUndefined();
    expect(pod.spec.podMetricsEndpoints[0].authorization).toEqual(authorization);
    expect(() => new PodMonitor(pod).validate()).not.toThrow();
  });

  test('a PodMonitor of an HTTPS target without a token Secret is refused', () => {
    expect(() => new NodeExporterScrape().renderPodMonitor(https))
      .toThrow("bearerTokenSecret: received undefined; a PodMonitor cannot send Prometheus' own token file to "
        + 'an HTTPS target; give a Secret with a token, or use a ServiceMonitor');
  });

  test('a PodMonitor carries every option', () => {
    const monitor = new NodeExporterScrape({
      interval: Duration.seconds(90),
      scrapeTimeout: Duration.millis(1500),
      honorLabels: true,
      jobLabel: 'app.kubernetes.io/name',
      labels: { release: 'prometheus' },
      relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }],
      metricRelabelings: [{ action: RelabelAction.DROP, sourceLabels: ['__name__'], regex: 'node_scrape_.*' }],
    }).renderPodMonitor(http);
    expect(monitor.metadata.labels).toEqual({ release: 'prometheus' });
    expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/name');
    expect(monitor.spec.podMetricsEndpoints[0]).toEqual({
      port: 'metrics',
      interval: '1m30s',
      scrapeTimeout: '1s500ms',
      honorLabels: true,
      scheme: 'http',
      relabelings: [
        instanceRule,
        { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
      ],
      metricRelabelings: [{ action: 'drop', sourceLabels: ['__name__'], regex: 'node_scrape_.*' }],
    });
    expect(() => new PodMonitor(monitor).validate()).not.toThrow();
  });

  test('the instance rule can be left out', () => {
    const monitor = new NodeExporterScrape({ instanceFromNodeName: false }).renderServiceMonitor(http);
    expect(monitor.spec.endpoints[0].relabelings).toBeUndefined();
  });

  test.each([
    [Duration.hours(2), '2h'], [Duration.minutes(1), '1m'], [Duration.millis(250), '250ms'],
    [Duration.seconds(3725), '1h2m5s'],
  ])('interval %p is written as %p', (interval, text) => {
    const monitor = new NodeExporterScrape({ interval }).renderServiceMonitor(http);
    expect(monitor.spec.endpoints[0].interval).toBe(text);
    expect(() => new ServiceMonitor(monitor).validate()).not.toThrow();
  });

  test('a scrape timeout longer than the interval is refused', () => {
    expect(() => new NodeExporterScrape({ interval: Duration.seconds(15), scrapeTimeout: Duration.seconds(20) }))
      .toThrow("scrapeTimeout: received '20s'; expected at most the interval, 15s");
  });

  test('a scrape timeout equal to the interval is accepted', () => {
    expect(() => new NodeExporterScrape({ interval: Duration.seconds(15), scrapeTimeout: Duration.seconds(15) }))
      .not.toThrow();
  });

  test.each([
    ['interval', Duration.seconds(0)],
    ['interval', Duration.millis(0.5)],
    ['scrapeTimeout', Duration.millis(1.25)],
  ])('%s %p is refused', (property, duration) => {
    expect(() => new NodeExporterScrape({ [property]: duration }))
      .toThrow(new RegExp(`^${property}: received '.*'; expected a positive duration in whole milliseconds$`));
  });

  test('relabeling rules are checked', () => {
    expect(() => new NodeExporterScrape({ relabelings: [{ sourceLabels: ['a'] }] }))
      .toThrow('relabelings[0].targetLabel: received undefined; the replace action needs a target label');
    expect(() => new NodeExporterScrape({ relabelings: [{ action: RelabelAction.HASHMOD, targetLabel: 'shard' }] }))
      .toThrow('relabelings[0].modulus: received undefined; '
        + 'the hashmod action needs a whole-number modulus of 1 or more');
    expect(() => new NodeExporterScrape({ metricRelabelings: [{ action: RelabelAction.DROP, modulus: 3 }] }))
      .toThrow('metricRelabelings[0].modulus: received 3; only the hashmod action takes a modulus');
    expect(() => new NodeExporterScrape({ relabelings: [{ action: RelabelAction.KEEP, sourceLabels: ['9lives'] }] }))
      .toThrow("relabelings[0].sourceLabels[0]: received '9lives'; expected a label name: letters, digits and '_', "
        + 'not starting with a digit');
    expect(() => new NodeExporterScrape({ relabelings: [{ action: RelabelAction.LOWERCASE, targetLabel: '${1}' }] }))
      .toThrow(/^relabelings\[0\]\.targetLabel: received '\$\{1\}'; expected a label name/);
  });

  test('a replace target may use regex groups; hashmod renders its modulus', () => {
    const monitor = new NodeExporterScrape({
      instanceFromNodeName: false,
      relabelings: [
        { sourceLabels: ['__name__'], regex: '(.*)_bytes', targetLabel: '${1}_size' },
        { action: RelabelAction.HASHMOD, sourceLabels: ['__address__'], targetLabel: '__tmp_hash', modulus: 4 },
      ],
    }).renderServiceMonitor(http);
    expect(monitor.spec.endpoints[0].relabelings[1]).toEqual(
      { action: 'hashmod', sourceLabels: ['__address__'], targetLabel: '__tmp_hash', modulus: 4 });
    expect(() => new ServiceMonitor(monitor).validate()).not.toThrow();
  });

  test('labels, job label, secret and target are checked', () => {
    expect(() => new NodeExporterScrape({ labels: { 'bad key!': 'x' } }))
      .toThrow(/^labels: received 'bad key!'; expected a label key/);
    expect(() => new NodeExporterScrape({ labels: { team: 'bad value!' } }))
      .toThrow(/^labels\['team'\]: received 'bad value!'; expected a label value/);
    expect(() => new NodeExporterScrape({ jobLabel: '-x' }))
      .toThrow(/^jobLabel: received '-x'; expected a label key/);
    expect(() => new NodeExporterScrape({ bearerTokenSecret: { secretName: 'token', key: 'a/b' } }))
      .toThrow("bearerTokenSecret.key: received 'a/b'; expected a Secret key: at most 253 letters, digits, "
        + "'-', '_' and '.'");
    expect(() => new NodeExporterScrape({ bearerTokenSecret: { secretName: 'Token', key: 'token' } }))
      .toThrow(/^bearerTokenSecret\.secretName: received 'Token'; expected a Secret name: at most 253/);
    // Secret names are DNS subdomains, as the API server takes them: dots are allowed.
    expect(() => new NodeExporterScrape({ bearerTokenSecret: { secretName: 'prometheus.token', key: 'token' } }))
      .not.toThrow();
    expect(() => new NodeExporterScrape().renderServiceMonitor({ ...http, selector: {} }))
      .toThrow('target.selector: received {}; expected at least one label; an empty selector makes the '
        + 'ServiceMonitor select everything');
    expect(() => new NodeExporterScrape().renderPodMonitor({ ...http, name: 'Node_Exporter' }))
      .toThrow(/^target\.name: received 'Node_Exporter'; expected an RFC 1123 label/);
  });

  test('the monitors follow NodeExporterArgs\' port and scheme', () => {
    const exporter = new NodeExporterArgs({ rbacProxy: {} });
    const monitor = new NodeExporterScrape().renderServiceMonitor({
      ...http, portName: exporter.portName, scheme: exporter.scheme,
    });
    expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'https', scheme: 'https' });
  });
});

import * as kplus from 'cdk8s-plus-28';
import { alternation, checkFragment } from './excludes';
import { ListenAddress } from './listen';
import { NodeExporterPaths } from './paths';
import { KubeRbacProxyArgs } from './rbac-proxy';
import { NodeExporterRelease } from './release';
import { ScrapeScheme } from './scrape-scheme';
import { FieldEnvVar } from '../field-env';
import { checkAbsolutePath, HostPathMountProps, HostPathType } from '../host-access';
import { SensitiveHostPaths } from '../sensitive-paths';
import { checkOneOf, checkPort, invalid, show } from '../validation';

/**
 * Options for the kube-rbac-proxy sidecar in front of node_exporter.
 */
export interface NodeExporterRbacProxyOptions {
  /**
   * The port node_exporter listens on, on 127.0.0.1 only, for the proxy to forward to.
   * Under host network it is a port of the node, so it must be free there too.
   *
   * @default - the public port plus one (9101 for the default 9100)
   */
  readonly internalPort?: number;
}

/**
 * The settings of node_exporter that `NodeExporterArgs` and the `NodeExporter` construct
 * share: what becomes its command line.
 */
export interface NodeExporterOptions {
  /**
   * The release whose flags and collectors the arguments are written for.
   *
   * @default NodeExporterRelease.V1_12_1
   */
  readonly release?: NodeExporterRelease;

  /**
   * The port that Prometheus scrapes: node_exporter's own, or the proxy's when
   * `rbacProxy` is set.
   *
   * @default 9100
   */
  readonly port?: number;

  /**
   * The addresses the public port is bound to.
   *
   * @default - `ListenAddress.ALL_INTERFACES`, or `ListenAddress.POD_IP` for the proxy (as
   * kube-prometheus binds it)
   */
  readonly listenAddress?: ListenAddress;

  /**
   * Mount the node's root filesystem at `NodeExporterPaths.ROOT` and pass `--path.rootfs`.
   * Without it the filesystem collector is turned off (it would report the container's own
   * filesystems), and so are `--path.udev.data` and the filesystem excludes.
   *
   * @default true
   */
  readonly rootFilesystem?: boolean;

  /**
   * Collectors to turn on (`--collector.<name>`), by the names of the release.
   *
   * @default - none beyond the release's defaults
   */
  readonly enableCollectors?: string[];

  /**
   * Collectors to turn off (`--no-collector.<name>`), by the names of the release.
   *
   * @default - none
   */
  readonly disableCollectors?: string[];

  /**
   * Mount points the filesystem collector skips, as absolute-path patterns (Go regular
   * expressions) that match a mount point or a directory above it, such as
   * `/var/lib/kubelet/pods/.+`. They are added to the release's built-in list, never put
   * in its place.
   *
   * @default - the built-in list, plus the Kubernetes entries of `kubernetesExcludes`
   */
  readonly mountPointsExclude?: string[];

  /**
   * Filesystem types the filesystem collector skips, as Go regular expressions such as
   * `tmpfs`, added to the release's built-in list.
   *
   * @default - the built-in list
   */
  readonly fsTypesExclude?: string[];

  /**
   * Network devices the netdev and netclass collectors skip, as Go regular expressions
   * matched against the whole device name, such as `cali.*`. Upstream excludes no device,
   * so these and the `kubernetesExcludes` entries make up the list.
   *
   * @default - the Kubernetes entries of `kubernetesExcludes`
   */
  readonly netdevDeviceExclude?: string[];

  /**
   * Also skip what Kubernetes creates per pod, as kube-prometheus does: the mount points
   * under `/var/lib/kubelet/pods`, `/run/containerd` and `/run/k3s/containerd` (volumes,
   * secrets and shm of every pod) and the `veth*` and 15-hex-digit network devices of pod
   * networks. Without them the number of series grows with the number of pods.
   *
   * @default true
   */
  readonly kubernetesExcludes?: boolean;

  /**
   * A directory on the node with `*.prom` files for the textfile collector, mounted
   * read-only at `NodeExporterPaths.TEXTFILE`.
   *
   * @default - no textfile directory
   */
  readonly textfileDirectory?: string;

  /**
   * Further flags, for settings this class has no property for (such as
   * `--collector.systemd.unit-include=...`). Flags that the properties above own are
   * refused, so that none of them is given twice or names a path that is not mounted.
   *
   * @default - none
   */
  readonly extraArgs?: string[];
}

/**
 * What node_exporter runs with: the settings that become its command line.
 */
export interface NodeExporterArgsProps extends NodeExporterOptions {
  /**
   * Whether the pod runs in the node's network namespace. Only checked here:
   * `ListenAddress.NODE_IP` needs it.
   *
   * @default true
   */
  readonly hostNetwork?: boolean;

  /**
   * What the kubelet requires at `textfileDirectory`: `HostPathType.DIRECTORY` (it must
   * exist, or the pod does not start) or `HostPathType.DIRECTORY_OR_CREATE` (the kubelet
   * creates it, owned by root with mode 0755, where it is missing).
   *
   * @default HostPathType.DIRECTORY - as `NodeExporter` mounts it
   */
  readonly textfileDirectoryType?: HostPathType;

  /**
   * Put a kube-rbac-proxy sidecar in front: node_exporter listens on 127.0.0.1 only and
   * the proxy serves the public port over TLS to callers the API server authorizes.
   *
   * @default - no proxy; node_exporter serves the public port over plain HTTP
   */
  readonly rbacProxy?: NodeExporterRbacProxyOptions;
}

/**
 * How the kubelet checks that a container is up.
 */
export interface NodeExporterProbe {
  /** The container port to probe. */
  readonly port: number;

  /**
   * The HTTP path to get; unset means a TCP connect only.
   *
   * @default - a TCP check
   */
  readonly httpPath?: string;
}

const KUBERNETES_MOUNT_POINTS = [
  '/var/lib/kubelet/pods/.+', '/run/containerd/.+', '/run/k3s/containerd/.+',
];
const KUBERNETES_NETWORK_DEVICES = ['veth.*', '[a-f0-9]{15}'];

/** Flags that a property owns, refused in `extraArgs`. */
const OWNED_FLAGS = [
  /^--web\.listen-address(=|$)/,
  /^--web\.systemd-socket(=|$)/,
  /^--path\./,
  /^--(no-)?collector\.[a-z_]+$/,
  /^--collector\.disable-defaults(=|$)/,
  /^--collector\.filesystem\.(mount-points|fs-types)-(exclude|include)(=|$)/,
  /^--collector\.filesystem\.(ignored-mount-points|ignored-fs-types)(=|$)/,
  /^--collector\.netdev\.device-(exclude|include|blacklist|whitelist)(=|$)/,
  /^--collector\.netclass\.ignored-devices(=|$)/,
  /^--collector\.textfile\.directory(=|$)/,
];

/**
 * The command line, environment and host mounts of node_exporter, worked out from typed
 * settings and checked against the release they are for.
 *
 * Pure data: a construct puts `args`, `env` and `mounts` on the container (and, with a
 * proxy, `rbacProxy` on a second one); nothing here creates Kubernetes objects.
 */
export class NodeExporterArgs {
  /** The release the arguments are written for. */
  public readonly release: NodeExporterRelease;

  /** The image of that release. */
  public readonly image: string;

  /** node_exporter's arguments. */
  public readonly args: string[];

  /** The environment variables its arguments refer to. */
  public readonly env: FieldEnvVar[];

  /**
   * The host paths node_exporter reads, each exactly where its flag points: `/proc`,
   * `/sys`, `/` (unless `rootFilesystem` is false) and the textfile directory if any, all
   * read-only.
   */
  public readonly mounts: HostPathMountProps[];

  /** The collectors that will run, sorted. */
  public readonly collectors: string[];

  /** The port Prometheus scrapes. */
  public readonly port: number;

  /** The name of that port: `metrics`, or `https` behind the proxy. */
  public readonly portName: string;

  /** How Prometheus scrapes it. */
  public readonly scheme: ScrapeScheme;

  /** What the liveness and readiness probes of the serving container check. */
  public readonly probe: NodeExporterProbe;

  /**
   * The sidecar's arguments.
   *
   * @default - no proxy
   */
  public readonly rbacProxy?: KubeRbacProxyArgs;

  constructor(props: NodeExporterArgsProps = {}) {
    this.release = props.release ?? NodeExporterRelease.V1_12_1;
    this.image = this.release.image;
    this.port = props.port ?? 9100;
    checkPort('port', this.port);
    const hostNetwork = props.hostNetwork ?? true;
    const rootFilesystem = props.rootFilesystem ?? true;

    const listen = props.listenAddress
      ?? (props.rbacProxy ? ListenAddress.POD_IP : ListenAddress.ALL_INTERFACES);
    if (listen === ListenAddress.NODE_IP && !hostNetwork) {
      throw invalid('listenAddress', listen.description,
        'the node IP exists only in the node\'s network namespace; turn hostNetwork on or '
        + 'use ListenAddress.POD_IP or ListenAddress.ALL_INTERFACES');
    }

    const args: string[] = [];
    if (props.rbacProxy) {
      const internalPort = props.rbacProxy.internalPort ?? this.port + 1;
      if (props.rbacProxy.internalPort === undefined && internalPort > 65535) {
        throw invalid('rbacProxy.internalPort', internalPort,
          'the default is port + 1, out of range for port 65535; '
          + 'set an internal port from 1 to 65535');
      }
      checkPort('rbacProxy.internalPort', internalPort);
      if (internalPort === this.port) {
        throw invalid('rbacProxy.internalPort', internalPort,
          `expected a port other than the public port ${this.port}, which the proxy listens on`);
      }
      this.rbacProxy = new KubeRbacProxyArgs({
        port: this.port,
        upstreamPort: internalPort,
        listenAddress: listen,
      });
      args.push(`--web.listen-address=127.0.0.1:${internalPort}`);
      this.env = [];
      this.portName = 'https';
      this.scheme = ScrapeScheme.HTTPS;
      this.probe = { port: this.port };
    } else {
      args.push(`--web.listen-address=${listen.hostPort(this.port)}`);
      this.env = listen.env ? [listen.env] : [];
      this.portName = 'metrics';
      this.scheme = ScrapeScheme.HTTP;
      this.probe = { port: this.port, httpPath: '/' };
    }

    args.push(`--path.procfs=${NodeExporterPaths.PROC}`, `--path.sysfs=${NodeExporterPaths.SYS}`);
    if (rootFilesystem) {
      args.push(`--path.rootfs=${NodeExporterPaths.ROOT}`);
      args.push(`--path.udev.data=${NodeExporterPaths.UDEV_DATA}`);
    }

    const toggles = this.collectorToggles(props, rootFilesystem);
    args.push(...toggles.flags);
    this.collectors = toggles.running;

    const kubernetes = props.kubernetesExcludes ?? true;
    if (rootFilesystem) {
      args.push(...this.filesystemExcludes(props, kubernetes));
    } else {
      rejectWithoutRoot('mountPointsExclude', props.mountPointsExclude);
      rejectWithoutRoot('fsTypesExclude', props.fsTypesExclude);
    }
    args.push(...networkExcludes(props.netdevDeviceExclude ?? [], kubernetes));

    this.mounts = hostMounts(rootFilesystem);
    if (props.textfileDirectory !== undefined) {
      checkTextfileDirectory(props.textfileDirectory, this.collectors);
      args.push(`--collector.textfile.directory=${NodeExporterPaths.TEXTFILE}`);
      this.mounts.push({
        path: props.textfileDirectory,
        mountPath: NodeExporterPaths.TEXTFILE,
        type: textfileType(props.textfileDirectoryType),
      });
    }

    if (props.textfileDirectory === undefined && props.textfileDirectoryType !== undefined) {
      throw invalid('textfileDirectoryType', props.textfileDirectoryType,
        'applies only to a textfileDirectory; set one or remove textfileDirectoryType');
    }

    (props.extraArgs ?? []).forEach((arg, i) => checkExtraArg(`extraArgs[${i}]`, arg));
    args.push(...(props.extraArgs ?? []));
    this.args = args;
  }

  private collectorToggles(props: NodeExporterArgsProps, rootFilesystem: boolean) {
    const enable = [...new Set(props.enableCollectors ?? [])];
    const disable = [...new Set(props.disableCollectors ?? [])];
    this.checkCollectorNames('enableCollectors', enable);
    this.checkCollectorNames('disableCollectors', disable);

    const both = enable.filter((name) => disable.includes(name));
    if (both.length > 0) {
      throw invalid('enableCollectors', both,
        'a collector cannot be both enabled and disabled; remove it from enableCollectors or '
        + 'disableCollectors');
    }
    if (!rootFilesystem && enable.includes('filesystem')) {
      throw invalid('enableCollectors', 'filesystem',
        'the filesystem collector needs the root mount; set rootFilesystem to true');
    }
    if (!rootFilesystem && !disable.includes('filesystem')) {
      disable.push('filesystem');
    }

    const running = new Set(this.release.defaultCollectors);
    enable.forEach((name) => running.add(name));
    disable.forEach((name) => running.delete(name));
    return {
      flags: [
        ...enable.map((name) => `--collector.${name}`),
        ...disable.map((name) => `--no-collector.${name}`),
      ],
      running: [...running].sort(),
    };
  }

  private checkCollectorNames(property: string, names: string[]): void {
    names.forEach((name, i) => {
      if (!this.release.hasCollector(name)) {
        throw invalid(`${property}[${i}]`, name,
          `node_exporter ${this.release.version} has no such collector; expected one of `
          + this.release.collectors.join(', '));
      }
    });
  }

  private filesystemExcludes(props: NodeExporterArgsProps, kubernetes: boolean): string[] {
    const mountPoints = props.mountPointsExclude ?? [];
    mountPoints.forEach((entry, i) => checkMountPointPattern(`mountPointsExclude[${i}]`, entry));
    const fsTypes = props.fsTypesExclude ?? [];
    fsTypes.forEach((entry, i) => checkFragment(`fsTypesExclude[${i}]`, entry));

    const flags: string[] = [];
    const extraMountPoints = [...(kubernetes ? KUBERNETES_MOUNT_POINTS : []), ...mountPoints];
    if (extraMountPoints.length > 0) {
      // Upstream's form: patterns below '/', then the end or a further path segment.
      const entries = [
        ...this.release.defaultMountPointsExclude,
        ...extraMountPoints.map((pattern) => pattern.slice(1)),
      ];
      const expression = alternation('^/', entries, '($|/)');
      flags.push(`--collector.filesystem.mount-points-exclude=${expression}`);
    }
    if (fsTypes.length > 0) {
      const entries = [...this.release.defaultFsTypesExclude, ...fsTypes];
      flags.push(`--collector.filesystem.fs-types-exclude=${alternation('^', entries, '$')}`);
    }
    return flags;
  }
}

function networkExcludes(devices: string[], kubernetes: boolean): string[] {
  devices.forEach((entry, i) => checkFragment(`netdevDeviceExclude[${i}]`, entry));
  const entries = [...(kubernetes ? KUBERNETES_NETWORK_DEVICES : []), ...devices];
  if (entries.length === 0) {
    return [];
  }
  // netclass gets the same list, so that both collectors report the same devices.
  const expression = alternation('^', entries, '$');
  return [
    `--collector.netdev.device-exclude=${expression}`,
    `--collector.netclass.ignored-devices=${expression}`,
  ];
}

function checkMountPointPattern(property: string, entry: string): void {
  checkFragment(property, entry);
  if (!entry.startsWith('/') || entry === '/') {
    throw invalid(property, entry,
      'expected a pattern for an absolute path below \'/\', such as \'/var/lib/kubelet/pods/.+\'');
  }
}

function rejectWithoutRoot(property: string, entries: string[] | undefined): void {
  if (entries && entries.length > 0) {
    throw invalid(property, entries,
      'filesystem excludes need the root mount (rootFilesystem is false, so the filesystem '
      + 'collector is off); remove them or set rootFilesystem to true');
  }
}

function checkTextfileDirectory(directory: string, collectors: string[]): void {
  checkAbsolutePath('textfileDirectory', directory);
  if (directory === '/') {
    throw invalid('textfileDirectory', directory, 'expected a directory below \'/\'');
  }
  if (SensitiveHostPaths.isSensitive(directory)) {
    throw invalid('textfileDirectory', directory,
      'this is a sensitive host path (see SensitiveHostPaths); give the textfile collector a '
      + 'directory of its own, such as /var/lib/node_exporter/textfile');
  }
  if (!collectors.includes('textfile')) {
    throw invalid('textfileDirectory', directory,
      'the textfile collector is disabled; remove it from disableCollectors or unset '
      + 'textfileDirectory');
  }
}

function textfileType(type: HostPathType | undefined): HostPathType {
  if (type !== undefined) {
    checkOneOf('textfileDirectoryType', type,
      [HostPathType.DIRECTORY, HostPathType.DIRECTORY_OR_CREATE]);
  }
  return type ?? HostPathType.DIRECTORY;
}

function checkExtraArg(property: string, arg: string): void {
  if (!arg.startsWith('--')) {
    throw invalid(property, arg,
      'expected a long flag such as \'--collector.systemd.unit-include=...\'');
  }
  if (OWNED_FLAGS.some((flag) => flag.test(arg))) {
    throw invalid(property, arg,
      `${show(arg.split('=')[0])} is set through a NodeExporterArgs property; `
      + 'use the property instead');
  }
}

function hostMounts(rootFilesystem: boolean): HostPathMountProps[] {
  const mounts: HostPathMountProps[] = [
    {
      path: '/proc',
      mountPath: NodeExporterPaths.PROC,
      type: HostPathType.DIRECTORY,
      sensitiveReason: 'node_exporter reads the node\'s CPU, memory, network and mount tables '
        + 'from /proc',
    },
    {
      path: '/sys',
      mountPath: NodeExporterPaths.SYS,
      type: HostPathType.DIRECTORY,
      sensitiveReason: 'node_exporter reads the node\'s devices, thermal and power data from /sys',
    },
  ];
  if (rootFilesystem) {
    mounts.push({
      path: '/',
      mountPath: NodeExporterPaths.ROOT,
      type: HostPathType.DIRECTORY,
      propagation: kplus.MountPropagation.HOST_TO_CONTAINER,
      sensitiveReason: 'node_exporter reports the size and use of every filesystem the node '
        + 'mounts, including those mounted after it starts',
      writableSensitiveReason: 'the root mount contains the runtime sockets; node_exporter runs as '
        + 'user 65534 and never connects to them, and the sockets\' permissions refuse that user',
    });
  }
  return mounts;
}

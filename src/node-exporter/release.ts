// Collector tables and built-in excludes of the releases below; sources on each release.
interface ReleaseData {
  readonly enabled: string[];
  readonly disabled: string[];
  readonly mountPointsExclude: string[];
  readonly fsTypesExclude: string[];
}

const ENABLED_1_5 = [
  'arp', 'bcache', 'bonding', 'btrfs', 'conntrack', 'cpu', 'cpufreq', 'diskstats', 'dmi',
  'edac', 'entropy', 'fibrechannel', 'filefd', 'filesystem', 'hwmon', 'infiniband', 'ipvs',
  'loadavg', 'mdadm', 'meminfo', 'netclass', 'netdev', 'netstat', 'nfs', 'nfsd', 'nvme', 'os',
  'powersupplyclass', 'pressure', 'rapl', 'schedstat', 'selinux', 'sockstat', 'softnet',
  'stat', 'tapestats', 'textfile', 'thermal_zone', 'time', 'timex', 'udp_queues', 'uname',
  'vmstat', 'xfs', 'zfs',
];

const DISABLED_1_5 = [
  'buddyinfo', 'cgroups', 'drbd', 'drm', 'ethtool', 'interrupts', 'ksmd', 'lnstat', 'logind',
  'meminfo_numa', 'mountstats', 'network_route', 'ntp', 'perf', 'processes', 'qdisc', 'runit',
  'slabinfo', 'supervisord', 'sysctl', 'systemd', 'tcpstat', 'wifi', 'zoneinfo',
];

const MOUNT_POINTS_EXCLUDE = [
  'dev', 'proc', 'run/credentials/.+', 'sys', 'var/lib/docker/.+',
  'var/lib/containers/storage/.+',
];

const FS_TYPES_EXCLUDE_1_5 = [
  'autofs', 'binfmt_misc', 'bpf', 'cgroup2?', 'configfs', 'debugfs', 'devpts', 'devtmpfs',
  'fusectl', 'hugetlbfs', 'iso9660', 'mqueue', 'nsfs', 'overlay', 'proc', 'procfs', 'pstore',
  'rpc_pipefs', 'securityfs', 'selinuxfs', 'squashfs', 'sysfs', 'tracefs',
];

// Later releases add erofs (read-only images, like squashfs).
const FS_TYPES_EXCLUDE_1_12 = [
  'autofs', 'binfmt_misc', 'bpf', 'cgroup2?', 'configfs', 'debugfs', 'devpts', 'devtmpfs',
  'fusectl', 'hugetlbfs', 'iso9660', 'mqueue', 'nsfs', 'overlay', 'proc', 'procfs', 'pstore',
  'rpc_pipefs', 'securityfs', 'selinuxfs', 'squashfs', 'erofs', 'sysfs', 'tracefs',
];

/**
 * The node_exporter releases this library knows the command line of.
 *
 * A release fixes three things that change between versions: the image, the collectors the
 * binary accepts (a `--collector.<name>` flag for an unknown name stops it at start-up) and
 * the built-in exclude lists that `NodeExporterArgs` extends instead of replacing.
 */
export class NodeExporterRelease {
  /**
   * node_exporter 1.12.1, the version the kube-prometheus and prometheus-node-exporter
   * chart anchors run.
   *
   * Collector list: the upstream README's tables (Linux and any-OS rows), plus `kernel_hung`
   * (added in 1.11.0, enabled by default) and `nvmesubsystem` and `dmmultipath` (added in
   * 1.12.0, disabled by default). Excludes: the constants in `collector/filesystem_linux.go`.
   */
  public static readonly V1_12_1 = new NodeExporterRelease('1.12.1', {
    enabled: [
      ...ENABLED_1_5,
      'kernel_hung',
      'watchdog',
    ],
    disabled: [
      ...DISABLED_1_5,
      'cpu_vulnerabilities',
      'dmmultipath',
      'nvmesubsystem',
      'pcidevice',
      'softirqs',
      'swap',
      'xfrm',
    ],
    mountPointsExclude: MOUNT_POINTS_EXCLUDE,
    fsTypesExclude: FS_TYPES_EXCLUDE_1_12,
  });

  /**
   * node_exporter 1.5.0, the version Debian 12 (bookworm) packages.
   *
   * The collector list and defaults are upstream's, as the binary's `--help` prints them
   * less the changes of Debian's default-settings patch (which enables `systemd`, excludes
   * `lo` and more mount points, and sets a textfile directory).
   */
  public static readonly V1_5_0 = new NodeExporterRelease('1.5.0', {
    enabled: ENABLED_1_5,
    disabled: DISABLED_1_5,
    mountPointsExclude: MOUNT_POINTS_EXCLUDE,
    fsTypesExclude: FS_TYPES_EXCLUDE_1_5,
  });

  /** The version, without a leading `v`. */
  public readonly version: string;

  /** The upstream image of this release. */
  public readonly image: string;

  /** Every collector the Linux binary of this release accepts, sorted. */
  public readonly collectors: string[];

  /** The collectors that run when no flag names them, sorted. */
  public readonly defaultCollectors: string[];

  /**
   * The built-in `--collector.filesystem.mount-points-exclude` entries, each a pattern for
   * a path below `/` without the leading slash, as upstream writes them
   * (`^/(dev|proc|...)($|/)`).
   */
  public readonly defaultMountPointsExclude: string[];

  /** The built-in `--collector.filesystem.fs-types-exclude` entries (`^(...)$`). */
  public readonly defaultFsTypesExclude: string[];

  /** The built-in `--collector.netdev.device-exclude` entries: none upstream. */
  public readonly defaultNetdevDeviceExclude: string[];

  private constructor(version: string, data: ReleaseData) {
    this.version = version;
    this.image = `quay.io/prometheus/node-exporter:v${version}`;
    this.collectors = [...data.enabled, ...data.disabled].sort();
    this.defaultCollectors = [...data.enabled].sort();
    this.defaultMountPointsExclude = [...data.mountPointsExclude];
    this.defaultFsTypesExclude = [...data.fsTypesExclude];
    this.defaultNetdevDeviceExclude = [];
  }

  /** Whether this release has a collector of that name. */
  public hasCollector(name: string): boolean {
    return this.collectors.includes(name);
  }

  /** Whether the collector runs when no flag names it. */
  public isEnabledByDefault(name: string): boolean {
    return this.defaultCollectors.includes(name);
  }
}

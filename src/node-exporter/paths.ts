/**
 * Where the node_exporter container sees the node's filesystems.
 *
 * `NodeExporterArgs` points every `--path.*` and directory flag at one of these, and lists
 * the matching mounts in `NodeExporterArgs.mounts`; a construct that mounts exactly those
 * never leaves a flag naming a path that is not there.
 */
export class NodeExporterPaths {
  /** The node's `/proc`, for `--path.procfs`. */
  public static readonly PROC = '/host/proc';

  /** The node's `/sys`, for `--path.sysfs`. */
  public static readonly SYS = '/host/sys';

  /** The node's `/`, for `--path.rootfs`. */
  public static readonly ROOT = '/host/root';

  /** The node's udev database, inside the root mount, for `--path.udev.data`. */
  public static readonly UDEV_DATA = '/host/root/run/udev/data';

  /** The textfile collector's directory, for `--collector.textfile.directory`. */
  public static readonly TEXTFILE = '/host/textfile';

  private constructor() {}
}

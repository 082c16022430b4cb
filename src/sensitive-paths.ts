/**
 * The catalogue of host paths that give an agent power over its node.
 *
 * A path is sensitive when it is one of these directories, lies inside one, or contains one
 * (`/var` holds `/var/lib/kubelet`, `/` holds everything). A short list of files inside them
 * is known to be harmless to read and passes without a reason.
 */
export class SensitiveHostPaths {
  /** Directories whose content lets an agent read secrets of, or take over, the node. */
  public static readonly DIRECTORIES: string[] = [
    '/',
    '/bin',
    '/boot',
    '/dev',
    '/etc',
    '/home',
    '/lib',
    '/lib64',
    '/proc',
    '/root',
    '/run',
    '/sbin',
    '/sys',
    '/usr',
    '/var/lib/containerd',
    '/var/lib/containers',
    '/var/lib/docker',
    '/var/lib/etcd',
    '/var/lib/kubelet',
    '/var/run',
  ];

  /**
   * Container-runtime sockets. Whoever can connect to one can start a privileged container;
   * a read-only mount does not stop connect(), so every mount that reaches one needs the
   * stronger acknowledgement.
   */
  public static readonly RUNTIME_SOCKETS: string[] = [
    '/run/containerd/containerd.sock',
    '/run/crio/crio.sock',
    '/run/cri-dockerd.sock',
    '/run/docker.sock',
    '/run/k3s/containerd/containerd.sock',
    '/run/podman/podman.sock',
    '/var/run/containerd/containerd.sock',
    '/var/run/crio/crio.sock',
    '/var/run/cri-dockerd.sock',
    '/var/run/docker.sock',
    '/var/run/dockershim.sock',
    '/var/run/k3s/containerd/containerd.sock',
    '/var/run/podman/podman.sock',
  ];

  /** Paths inside sensitive directories that reveal nothing worth protecting when read. */
  public static readonly HARMLESS: string[] = [
    '/etc/localtime',
    '/etc/machine-id',
    '/etc/os-release',
    '/etc/timezone',
    '/usr/share/zoneinfo',
  ];

  /** Whether `path` is, lies inside, or contains a sensitive directory or socket. */
  public static isSensitive(path: string): boolean {
    if (SensitiveHostPaths.isHarmless(path)) {
      return false;
    }
    const all = [...SensitiveHostPaths.DIRECTORIES, ...SensitiveHostPaths.RUNTIME_SOCKETS];
    // Every path lies inside '/', so the root counts only as itself (and as what contains
    // the other entries).
    return all.some((entry) => (entry === '/' ? path === '/' : isWithin(path, entry)) || isWithin(entry, path));
  }

  /** Whether a mount of `path` reaches a container-runtime socket. */
  public static reachesRuntimeSocket(path: string): boolean {
    return SensitiveHostPaths.RUNTIME_SOCKETS.some((socket) => isWithin(socket, path));
  }

  /** Whether `path` is on the harmless list (or inside a harmless directory). */
  public static isHarmless(path: string): boolean {
    return SensitiveHostPaths.HARMLESS.some((entry) => isWithin(path, entry));
  }

  private constructor() {}
}

/**
 * Whether `path` equals `base` or lies below it, matching whole path segments, so that
 * `/var/logx` is not within `/var/log`. A trailing slash on either is ignored.
 */
export function isWithin(path: string, base: string): boolean {
  const p = withoutTrailingSlash(path);
  const b = withoutTrailingSlash(base);
  if (b === '/') {
    return p.startsWith('/');
  }
  return p === b || p.startsWith(`${b}/`);
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

import { HostPathType } from '../host-access';

/**
 * The container runtime of the nodes the agent runs on. It decides where container log
 * files really live, and so which host directories the agent must mount.
 */
export enum ContainerRuntime {
  /**
   * containerd: log files under `/var/log/pods`, linked from `/var/log/containers`.
   */
  CONTAINERD = 'containerd',

  /**
   * CRI-O: the same layout as containerd.
   */
  CRIO = 'cri-o',

  /**
   * Docker Engine (through cri-dockerd): the links in `/var/log/pods` lead on to JSON files
   * under `/var/lib/docker/containers`.
   */
  DOCKER = 'docker',
}

/**
 * Where the systemd journal of the node is kept.
 */
export enum JournalDirectory {
  /**
   * `/var/log/journal`, the persistent journal (journald `Storage=persistent`, or `auto`
   * with the directory present).
   */
  PERSISTENT = 'persistent',

  /**
   * `/run/log/journal`, the volatile journal kept in memory (`Storage=volatile`, or `auto`
   * without `/var/log/journal`).
   */
  VOLATILE = 'volatile',
}

/**
 * A host directory the agent reads, mounted read-only at the same path inside the container
 * so that symbolic links between these directories resolve.
 */
export interface LogHostPath {
  /**
   * Absolute path, the same on the node and in the container.
   */
  readonly path: string;

  /**
   * What must exist at the path for the kubelet to mount it: `HostPathType.DIRECTORY` (the
   * pod does not start without it, which is better than an agent that silently reads
   * nothing) or `HostPathType.DIRECTORY_OR_CREATE`. A log path is always a directory.
   */
  readonly type: HostPathType;
}

/**
 * The host directories that hold logs, per container runtime.
 */
export class LogHostPaths {
  /**
   * Directories on the chain from `/var/log/containers/*.log` to the real log files.
   *
   * Every link must resolve inside the container, so each directory on the chain is mounted,
   * and nothing else: a containerd or CRI-O node gets no Docker path.
   */
  public static forContainerLogs(runtime: ContainerRuntime): LogHostPath[] {
    const paths: LogHostPath[] = [
      { path: '/var/log/containers', type: HostPathType.DIRECTORY },
      { path: '/var/log/pods', type: HostPathType.DIRECTORY },
    ];
    if (runtime === ContainerRuntime.DOCKER) {
      paths.push({ path: '/var/lib/docker/containers', type: HostPathType.DIRECTORY });
    }
    return paths;
  }

  /**
   * The journal directory to read. The agent reads one directory by path: opening the
   * journal without a path would filter on the container's own machine id and find nothing.
   */
  public static forJournal(directory: JournalDirectory): LogHostPath[] {
    return [{ path: LogHostPaths.journalPath(directory), type: HostPathType.DIRECTORY }];
  }

  /**
   * The path of a journal directory.
   */
  public static journalPath(directory: JournalDirectory): string {
    return directory === JournalDirectory.VOLATILE ? '/run/log/journal' : '/var/log/journal';
  }

  private constructor() {}
}

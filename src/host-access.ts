import { createHash } from 'crypto';
import * as kplus from 'cdk8s-plus-28';
import { SensitiveHostPaths } from './sensitive-paths';
import { checkDnsLabel, checkOneOf, checkReason, invalid } from './validation';

/**
 * What must exist at a host path for the kubelet to mount it.
 *
 * The library always emits an explicit type: the API's empty default skips every check and
 * mounts whatever is there, or nothing.
 */
export enum HostPathType {
  /** A directory must exist at the path. */
  DIRECTORY = 'Directory',
  /** A directory is created (mode 0755, owned by the kubelet) if nothing exists at the path. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** A file must exist at the path. */
  FILE = 'File',
  /** An empty file is created (mode 0644, owned by the kubelet) if nothing exists at the path. */
  FILE_OR_CREATE = 'FileOrCreate',
  /** A UNIX socket must exist at the path. */
  SOCKET = 'Socket',
  /** A character device must exist at the path. */
  CHAR_DEVICE = 'CharDevice',
  /** A block device must exist at the path. */
  BLOCK_DEVICE = 'BlockDevice',
}

/**
 * Recursive read-only mounts (Kubernetes 1.30 and later).
 *
 * A plain read-only mount leaves the mounts below it writable; a recursive one makes them
 * read-only too.
 */
export enum RecursiveReadOnly {
  /** Make every sub-mount read-only; the pod fails to start where the runtime can't. */
  ENABLED = 'Enabled',
  /** Make every sub-mount read-only where the node's runtime supports it. */
  IF_POSSIBLE = 'IfPossible',
}

/**
 * A host path that an agent's container mounts.
 */
export interface HostPathMountProps {
  /**
   * The absolute, normal path on the node: no `..`, no `//`, no trailing slash.
   */
  readonly path: string;

  /**
   * Where the container sees it.
   *
   * @default - the same path as on the node
   */
  readonly mountPath?: string;

  /**
   * What must exist at the path. The creating types (`DIRECTORY_OR_CREATE`,
   * `FILE_OR_CREATE`) make the kubelet create it when it is missing.
   *
   * @default HostPathType.DIRECTORY
   */
  readonly type?: HostPathType;

  /**
   * Mount it writable.
   *
   * @default false - read-only
   */
  readonly writable?: boolean;

  /**
   * Mount propagation. `HOST_TO_CONTAINER` lets the container see mounts the node makes
   * later; `BIDIRECTIONAL` also lets the container mount into the node, and is accepted only
   * for a privileged container.
   *
   * @default kplus.MountPropagation.NONE
   */
  readonly propagation?: kplus.MountPropagation;

  /**
   * Make the read-only mount recursive, so the mounts below it are read-only too. Needs a
   * read-only mount with propagation `NONE`.
   *
   * @default - not recursive
   */
  readonly recursiveReadOnly?: RecursiveReadOnly;

  /**
   * Why the agent needs a sensitive path (see `SensitiveHostPaths`). Required for those and
   * carried into the manifest as a pod-template annotation.
   *
   * @default - none; a sensitive path is refused
   */
  readonly sensitiveReason?: string;

  /**
   * Why the agent needs to write a sensitive path, or to reach a container-runtime socket.
   * A stronger acknowledgement than `sensitiveReason`, which it does not replace.
   *
   * @default - none; a writable sensitive path or a runtime socket is refused
   */
  readonly writableSensitiveReason?: string;

  /**
   * The name of the pod volume.
   *
   * @default - `host-` followed by the path in lower case, `/` turned into `-`
   */
  readonly volumeName?: string;
}

/**
 * One host path that one container of an agent can reach, as data.
 */
export interface HostPathGrant {
  /** The container that mounts it. */
  readonly container: string;

  /** The path on the node. */
  readonly path: string;

  /** The path inside the container. */
  readonly mountPath: string;

  /** The pod volume that carries it. */
  readonly volumeName: string;

  /** The hostPath type. */
  readonly type: HostPathType;

  /** Whether the mount is read-only. */
  readonly readOnly: boolean;

  /** The mount propagation. */
  readonly propagation: kplus.MountPropagation;

  /**
   * Recursive read-only setting.
   *
   * @default - not recursive
   */
  readonly recursiveReadOnly?: RecursiveReadOnly;

  /** Whether the path is in the sensitive catalogue. */
  readonly sensitive: boolean;

  /** Whether the mount reaches a container-runtime socket. */
  readonly reachesRuntimeSocket: boolean;

  /**
   * The reason given for a sensitive path.
   *
   * @default - none given (the path is not sensitive)
   */
  readonly reason?: string;

  /**
   * The reason given for writing a sensitive path or reaching a runtime socket.
   *
   * @default - none given
   */
  readonly writableReason?: string;
}

/**
 * Checks that a path is absolute and normal.
 *
 * @param property the property named in the error
 */
export function checkAbsolutePath(property: string, path: string): void {
  const problem = pathProblem(path);
  if (problem) {
    throw invalid(property, path, `expected an absolute, normal path (${problem})`);
  }
}

function pathProblem(path: string): string | undefined {
  if (path.length === 0) {
    return 'it is empty';
  }
  if (!path.startsWith('/')) {
    return 'it must start with \'/\'';
  }
  if (path.includes('//')) {
    return 'it must not contain \'//\'';
  }
  if (path.length > 1 && path.endsWith('/')) {
    return 'it must not end with \'/\'';
  }
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) {
    return 'it must not contain \'.\' or \'..\' segments';
  }
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    return 'it must not contain control characters';
  }
  return undefined;
}

/** A path as a volume-name fragment: lower case, every run of other characters a `-`. */
export function pathSlug(path: string): string {
  return path === '/' ? 'root' : path.slice(1).toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The default volume name of a host path. */
export function hostVolumeName(path: string): string {
  return podVolumeName('host', pathSlug(path), path);
}

/**
 * A pod volume name, `<prefix>-<slug>` without trailing dashes. Past 63 characters it is
 * cut and ends in a digest of `source`, so that two long names stay apart.
 */
export function podVolumeName(prefix: string, slug: string, source: string): string {
  const name = `${prefix}-${slug}`.replace(/-+$/, '');
  if (name.length <= 63) {
    return name;
  }
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 8);
  return `${name.slice(0, 54).replace(/-+$/, '')}-${digest}`;
}

/**
 * Validates one declared host path and turns it into a grant.
 *
 * @param property the property path used in error messages, e.g. `hostPaths[0]`
 * @param container the name of the container that mounts it
 * @param privileged whether that container runs privileged
 */
export function grantHostPath(
  property: string,
  props: HostPathMountProps,
  container: string,
  privileged: boolean,
): HostPathGrant {
  checkAbsolutePath(`${property}.path`, props.path);
  const mountPath = props.mountPath ?? props.path;
  checkAbsolutePath(`${property}.mountPath`, mountPath);
  if (mountPath.includes(':')) {
    throw invalid(`${property}.mountPath`, mountPath, 'expected a path without \':\'');
  }

  const type = props.type ?? HostPathType.DIRECTORY;
  checkOneOf(`${property}.type`, type, Object.values(HostPathType));
  const writable = props.writable ?? false;
  const propagation = props.propagation ?? kplus.MountPropagation.NONE;
  if (propagation === kplus.MountPropagation.BIDIRECTIONAL && !privileged) {
    throw invalid(`${property}.propagation`, propagation,
      'Bidirectional propagation is accepted only for a privileged container; '
      + 'use HostToContainer or None, or set privileged: true on the container');
  }
  if (props.recursiveReadOnly !== undefined) {
    if (writable) {
      throw invalid(`${property}.recursiveReadOnly`, props.recursiveReadOnly,
        'a recursive read-only mount cannot be writable; remove writable or recursiveReadOnly');
    }
    if (propagation !== kplus.MountPropagation.NONE) {
      throw invalid(`${property}.recursiveReadOnly`, props.recursiveReadOnly,
        `a recursive read-only mount needs propagation None, not ${propagation}`);
    }
  }

  checkReason(`${property}.sensitiveReason`, props.sensitiveReason);
  checkReason(`${property}.writableSensitiveReason`, props.writableSensitiveReason);
  // The harmless list is harmless to read: every entry lies inside a sensitive directory,
  // so writing one is writing that directory.
  const sensitive = SensitiveHostPaths.isSensitive(props.path)
    || (writable && SensitiveHostPaths.isHarmless(props.path));
  const socket = SensitiveHostPaths.reachesRuntimeSocket(props.path);
  if (sensitive && !props.sensitiveReason) {
    throw invalid(`${property}.path`, props.path,
      'this host path is sensitive (it is, lies inside, or contains one of '
      + `${SensitiveHostPaths.DIRECTORIES.join(', ')} or a runtime socket); `
      + 'mount a narrower path, or set sensitiveReason to say why the agent needs it');
  }
  if (socket && !props.writableSensitiveReason) {
    throw invalid(`${property}.path`, props.path,
      'this mount reaches a container-runtime socket, which a read-only mount does not '
      + 'protect; set writableSensitiveReason to say why the agent needs it');
  }
  if (sensitive && writable && !props.writableSensitiveReason) {
    throw invalid(`${property}.writable`, writable,
      `writing the sensitive host path '${props.path}' needs writableSensitiveReason as well `
      + 'as sensitiveReason; mount it read-only or give the stronger reason');
  }
  if (props.writableSensitiveReason && !writable && !socket) {
    throw invalid(`${property}.writableSensitiveReason`, props.writableSensitiveReason,
      'applies to writable mounts and to mounts that reach a runtime socket; this mount is '
      + 'read-only and reaches none, so remove it');
  }
  if (!sensitive && !socket && (props.sensitiveReason || props.writableSensitiveReason)) {
    const given = props.sensitiveReason ? 'sensitiveReason' : 'writableSensitiveReason';
    throw invalid(`${property}.${given}`, props[given],
      `'${props.path}' is not a sensitive path; remove the reason so that reviewers `
      + 'see reasons only where they matter');
  }

  const volumeName = props.volumeName ?? hostVolumeName(props.path);
  checkDnsLabel(`${property}.volumeName`, volumeName);

  return {
    container,
    path: props.path,
    mountPath,
    volumeName,
    type,
    readOnly: !writable,
    propagation,
    recursiveReadOnly: props.recursiveReadOnly,
    sensitive,
    reachesRuntimeSocket: socket,
    reason: props.sensitiveReason,
    writableReason: props.writableSensitiveReason,
  };
}

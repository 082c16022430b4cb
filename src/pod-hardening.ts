import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkInteger, invalid } from './validation';

const LINUX_CAPABILITIES = [
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE',
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER',
  'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID', 'SETPCAP',
  'SETUID', 'SYSLOG', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE',
  'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG',
  'WAKE_ALARM',
];

/**
 * A Linux capability that an agent's container adds. Every container drops `ALL` first.
 */
export class Capability {
  /** Bind ports below 1024. */
  public static readonly NET_BIND_SERVICE = new Capability('NET_BIND_SERVICE');
  /** Configure interfaces, routes, iptables and nftables of the network namespace. */
  public static readonly NET_ADMIN = new Capability('NET_ADMIN');
  /** Use raw and packet sockets. */
  public static readonly NET_RAW = new Capability('NET_RAW');
  /** Read files and directories whatever their permission bits. */
  public static readonly DAC_READ_SEARCH = new Capability('DAC_READ_SEARCH');
  /** Trace and inspect other processes. */
  public static readonly SYS_PTRACE = new Capability('SYS_PTRACE');
  /** Load and unload kernel modules. */
  public static readonly SYS_MODULE = new Capability('SYS_MODULE');
  /** Load BPF programs (kernel 5.8 and later). */
  public static readonly BPF = new Capability('BPF');
  /** Use perf events (kernel 5.8 and later). */
  public static readonly PERFMON = new Capability('PERFMON');
  /** Raise resource limits. */
  public static readonly SYS_RESOURCE = new Capability('SYS_RESOURCE');
  /** Nearly every administrative operation; prefer a narrower capability. */
  public static readonly SYS_ADMIN = new Capability('SYS_ADMIN');

  /**
   * A capability by name, with or without the `CAP_` prefix.
   */
  public static of(name: string): Capability {
    const bare = name.toUpperCase().replace(/^CAP_/, '');
    if (!LINUX_CAPABILITIES.includes(bare)) {
      throw invalid('capabilities', name,
        `expected a Linux capability name such as NET_ADMIN (${LINUX_CAPABILITIES.length} are `
        + 'known; ALL is not accepted: name each capability the agent needs)');
    }
    return new Capability(bare);
  }

  private constructor(
    /** The capability name as Kubernetes spells it, without `CAP_`. */
    public readonly name: string,
  ) {}
}

/**
 * Requests and limits of one container of an agent.
 *
 * The requests are reserved on every node, so they are sized for an agent, not for an
 * application.
 */
export interface AgentResources {
  /**
   * CPU reserved on each node.
   *
   * @default Cpu.millis(50)
   */
  readonly cpuRequest?: kplus.Cpu;

  /**
   * CPU ceiling. Throttling an agent delays its work, so none is set unless asked for.
   *
   * @default - no CPU limit
   */
  readonly cpuLimit?: kplus.Cpu;

  /**
   * Memory reserved on each node.
   *
   * @default Size.mebibytes(64)
   */
  readonly memoryRequest?: Size;

  /**
   * Memory ceiling; the container is restarted when it goes over.
   *
   * @default - 256 MiB, or the memory request when that is larger
   */
  readonly memoryLimit?: Size;
}

/** Resolves resources with the agent defaults and checks requests against limits. */
export function resolveResources(property: string, given: AgentResources = {}): kplus.ContainerResources {
  const cpuRequest = given.cpuRequest ?? kplus.Cpu.millis(50);
  const memoryRequest = given.memoryRequest ?? Size.mebibytes(64);
  const memoryLimit = given.memoryLimit
    ?? (memoryRequest.toMebibytes() > 256 ? memoryRequest : Size.mebibytes(256));
  const requestMiB = memoryRequest.toMebibytes();
  const limitMiB = memoryLimit.toMebibytes();
  if (limitMiB < requestMiB) {
    throw invalid(`${property}.memoryLimit`, `${limitMiB}Mi`,
      `expected at least the memory request of ${requestMiB}Mi`);
  }
  if (given.cpuLimit && cpuMillis(given.cpuLimit) < cpuMillis(cpuRequest)) {
    throw invalid(`${property}.cpuLimit`, given.cpuLimit.amount,
      `expected at least the CPU request of ${cpuRequest.amount}`);
  }
  return {
    cpu: { request: cpuRequest, limit: given.cpuLimit },
    memory: { request: memoryRequest, limit: memoryLimit },
  };
}

function cpuMillis(cpu: kplus.Cpu): number {
  const amount = String(cpu.amount);
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

/** The memory limit of resolved resources, in MiB. */
export function memoryLimitMebibytes(resources: kplus.ContainerResources): number {
  return resources.memory!.limit!.toMebibytes();
}

/**
 * Checks that an image names its version: a tag other than `latest`, or a digest.
 */
export function checkImage(property: string, image: string): void {
  const digestAt = image.indexOf('@');
  const name = digestAt >= 0 ? image.slice(0, digestAt) : image;
  const digest = digestAt >= 0 ? image.slice(digestAt + 1) : undefined;
  if (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest)) {
    throw invalid(property, image, 'expected a digest of the form sha256:<64 hex digits>');
  }
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
  if (name.length === 0 || /\s/.test(image)) {
    throw invalid(property, image, 'expected an image reference such as registry/name:tag');
  }
  if (tag !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw invalid(property, image, 'expected a tag of letters, digits, \'_\', \'.\' and \'-\'');
  }
  if (digest === undefined && (tag === undefined || tag === 'latest')) {
    throw invalid(property, image,
      'expected an image with an explicit tag or digest (name:1.2.3 or name@sha256:...); '
      + 'a bare name or :latest changes under the agent on every node');
  }
}

/** The tag of an image reference, if it has one. */
export function imageTag(image: string): string | undefined {
  const name = image.split('@')[0];
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
}

/**
 * The user and group an agent runs as.
 */
export interface PodIdentityProps {
  /**
   * The numeric user the containers run as. A number, not a name, so that the kubelet can
   * check `runAsNonRoot`. 0 is accepted only with `runAsRoot`.
   *
   * @default 65534 (nobody), or 0 with runAsRoot
   */
  readonly runAsUser?: number;

  /**
   * The numeric primary group.
   *
   * @default 65534 (nogroup), or 0 with runAsRoot
   */
  readonly runAsGroup?: number;

  /**
   * Supplementary group owning the pod's writable volumes.
   *
   * @default - none
   */
  readonly fsGroup?: number;

  /**
   * Run the containers as root (user 0). Every capability is still dropped unless declared.
   *
   * @default false
   */
  readonly runAsRoot?: boolean;
}

/** The user and group resolved for a pod or a container.
 *
 * @internal
 */
export interface ResolvedIdentity {
  readonly user: number;
  readonly group: number;
  readonly root: boolean;
}

/** Resolves user and group, refusing root unless asked for by name. */
export function resolveIdentity(property: string, props: PodIdentityProps): ResolvedIdentity {
  const root = props.runAsRoot ?? false;
  const user = props.runAsUser ?? (root ? 0 : 65534);
  const group = props.runAsGroup ?? (root ? 0 : 65534);
  checkInteger(`${property}runAsUser`, user, 0, 2147483647);
  checkInteger(`${property}runAsGroup`, group, 0, 2147483647);
  if (props.fsGroup !== undefined) {
    checkInteger(`${property}fsGroup`, props.fsGroup, 0, 2147483647);
  }
  if (user === 0 && !root) {
    throw invalid(`${property}runAsUser`, user, 'user 0 is root: set runAsRoot: true to ask for it by name');
  }
  if (root && user !== 0) {
    throw invalid(`${property}runAsRoot`, root, `runAsRoot conflicts with runAsUser ${user}; set one of them`);
  }
  return { user, group, root };
}

/**
 * The hardened security context of one container.
 */
export function containerSecurityContext(
  identity: ResolvedIdentity,
  privileged: boolean,
  capabilities: Capability[],
  readOnlyRootFilesystem: boolean,
): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: !identity.root,
    user: identity.user,
    group: identity.group,
    privileged,
    // The API refuses privileged with allowPrivilegeEscalation false.
    allowPrivilegeEscalation: privileged,
    readOnlyRootFilesystem,
    capabilities: {
      drop: [kplus.Capability.ALL],
      add: capabilities.length > 0 ? capabilities.map((c) => c.name as kplus.Capability) : undefined,
    },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

import { HostPathGrant } from './host-access';

/**
 * Pod Security Standards levels, as the `pod-security.kubernetes.io/*` namespace labels
 * spell them.
 */
export enum PodSecurityLevel {
  /** Unrestricted: host paths, host namespaces, host ports, privilege. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations; still allows root and some capabilities. */
  BASELINE = 'baseline',
  /** Current pod hardening best practice. */
  RESTRICTED = 'restricted',
}

const ORDER = [PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED];

// Capabilities the baseline level lets a container add.
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** The least permissive of several levels that admits all of them. */
export function leastLevelAdmitting(levels: PodSecurityLevel[]): PodSecurityLevel {
  return levels.reduce((acc, level) => (ORDER.indexOf(level) > ORDER.indexOf(acc) ? level : acc),
    PodSecurityLevel.RESTRICTED);
}

/** One container's security settings, as data. */
export interface ContainerAccess {
  /** The container name. */
  readonly name: string;

  /** Whether it is an init container. */
  readonly init: boolean;

  /** The image. */
  readonly image: string;

  /** Whether it runs privileged. */
  readonly privileged: boolean;

  /** Capabilities added after dropping ALL. */
  readonly capabilities: string[];

  /** The numeric user. */
  readonly runAsUser: number;

  /** The numeric group. */
  readonly runAsGroup: number;

  /** Whether privilege escalation is allowed. */
  readonly allowPrivilegeEscalation: boolean;

  /** Whether the root filesystem is read-only. */
  readonly readOnlyRootFilesystem: boolean;

  /** Host ports bound. */
  readonly hostPorts: number[];
}

/** The Pod Security checks an agent fails at each level, as the API server names them. */
export interface PodSecurityFindings {
  /** Checks of the baseline level that the agent fails. */
  readonly baseline: string[];

  /** Checks of the restricted level (beyond baseline) that the agent fails. */
  readonly restricted: string[];
}

/** Inputs of the Pod Security evaluation.
 *
 * @internal
 */
export interface PodSecurityInput {
  readonly hostPaths: HostPathGrant[];
  readonly hostNetwork: boolean;
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly containers: ContainerAccess[];
}

/**
 * Evaluates the Pod Security checks from declared access. The check names follow the API
 * server's warnings (`hostPath volumes`, `host namespaces`, ...).
 */
export function evaluatePodSecurity(input: PodSecurityInput): PodSecurityFindings {
  const baseline: string[] = [];
  const restricted: string[] = [];
  if (input.hostNetwork || input.hostPID || input.hostIPC) {
    baseline.push('host namespaces');
  }
  if (input.containers.some((c) => c.privileged)) {
    baseline.push('privileged');
  }
  if (input.containers.some((c) => c.capabilities.some((cap) => !BASELINE_CAPABILITIES.includes(cap)))) {
    baseline.push('non-default capabilities');
  }
  if (input.hostPaths.length > 0) {
    baseline.push('hostPath volumes');
  }
  if (input.containers.some((c) => c.hostPorts.length > 0)) {
    baseline.push('hostPort');
  }
  if (input.hostPaths.length > 0) {
    restricted.push('restricted volume types');
  }
  if (input.containers.some((c) => c.allowPrivilegeEscalation)) {
    restricted.push('allowPrivilegeEscalation != false');
  }
  if (input.containers.some((c) => c.capabilities.some((cap) => cap !== 'NET_BIND_SERVICE'))) {
    restricted.push('unrestricted capabilities');
  }
  if (input.containers.some((c) => c.runAsUser === 0)) {
    restricted.push('runAsNonRoot != true', 'runAsUser=0');
  }
  return { baseline, restricted };
}

/** The least Pod Security level that admits the findings. */
export function levelOf(findings: PodSecurityFindings): PodSecurityLevel {
  if (findings.baseline.length > 0) {
    return PodSecurityLevel.PRIVILEGED;
  }
  return findings.restricted.length > 0 ? PodSecurityLevel.BASELINE : PodSecurityLevel.RESTRICTED;
}

import { ApiAccessRule, NonResourceAccessRule } from './api-access';
import { HostPathGrant } from './host-access';
import { ContainerAccess, PodSecurityFindings, PodSecurityLevel } from './pod-security';

/**
 * Everything an agent can touch on its node, and how it reaches the API, as data.
 *
 * Admission policies, reports and bindings in other languages are built from this; it is
 * computed from the same model that renders the manifest.
 */
export interface HostAccessReport {
  /** The agent's name (the DaemonSet's name). */
  readonly agent: string;

  /** The namespace of the agent. */
  readonly namespace: string;

  /** Host paths, one entry per container mount. */
  readonly hostPaths: HostPathGrant[];

  /** Whether the pods use the node's network namespace. */
  readonly hostNetwork: boolean;

  /** Whether the pods use the node's process namespace. */
  readonly hostPID: boolean;

  /** Whether the pods use the node's IPC namespace. */
  readonly hostIPC: boolean;

  /** Security settings of every container, init containers included. */
  readonly containers: ContainerAccess[];

  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;

  /** Whether the ServiceAccount token is mounted into the pods. */
  readonly serviceAccountToken: boolean;

  /** Declared Kubernetes API access. */
  readonly apiAccess: ApiAccessRule[];

  /** Declared access to non-resource URLs. */
  readonly nonResourceAccess: NonResourceAccessRule[];

  /**
   * The priority class of the pods.
   *
   * @default - none
   */
  readonly priorityClassName?: string;

  /** The least Pod Security level whose namespace admits the pods. */
  readonly podSecurityLevel: PodSecurityLevel;

  /** The Pod Security checks the pods fail, by level. */
  readonly podSecurityFindings: PodSecurityFindings;
}

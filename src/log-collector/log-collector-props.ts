import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ContainerLogsOptions, ILogEngine, JournalOptions, KubernetesMetadataOptions, LogBufferOptions,
} from './engine';
import { ContainerRuntime } from './host-paths';
import { LogOutput } from './log-output';
import { IAgentNamespace } from '../agent-namespace';
import { AgentIdentityProps } from '../identity';
import { MonitorEndpointOptions } from '../monitor-endpoint';
import { NodeTargetingProps } from '../node-targeting';
import { AgentResources } from '../pod-hardening';
import { RolloutProps } from '../rollout';

/**
 * How Prometheus scrapes a log collector's own metrics, through a ServiceMonitor of the
 * Prometheus Operator (`monitoring.coreos.com/v1`).
 */
export interface LogCollectorServiceMonitorOptions extends MonitorEndpointOptions {
  /**
   * More labels of the ServiceMonitor object itself, for the Prometheus Operator's
   * `serviceMonitorSelector`. The collector's own labels are always there.
   *
   * @default - only the collector's labels
   */
  readonly labels?: { [key: string]: string };
}

/**
 * Props of `LogCollector`.
 *
 * Node targeting, rollout and identity labels are those of `NodeAgent`, with these
 * differences: `tolerations` defaults to `[AgentToleration.everything()]` (every node, the
 * control plane included; give a list to narrow it), `operatingSystem` accepts only Linux,
 * and a `rollout` that surges is refused.
 */
export interface LogCollectorProps extends NodeTargetingProps, RolloutProps, AgentIdentityProps {
  /**
   * Where to send the records: at least one output, each with its own `match`.
   */
  readonly outputs: LogOutput[];

  /**
   * The log engine that renders the configuration and runs on the nodes.
   *
   * @default new FluentBitEngine()
   */
  readonly engine?: ILogEngine;

  /**
   * The name of the DaemonSet and of the collector's other objects. The engine leaves the
   * container logs of the pods named after it out, so it never ships itself.
   *
   * @default - a name derived from the construct path
   */
  readonly name?: string;

  /**
   * The namespace. Use an `AgentNamespace` so that its Pod Security labels admit the
   * collector, which mounts host paths.
   *
   * @default - the chart's namespace, or `default`, as unmanaged
   */
  readonly namespace?: IAgentNamespace;

  /**
   * The container runtime of the nodes, which decides the host directories mounted: a
   * containerd or CRI-O node gets no Docker path.
   *
   * @default ContainerRuntime.CONTAINERD
   */
  readonly containerRuntime?: ContainerRuntime;

  /**
   * Collection of the container log files.
   *
   * @default - every container's logs, with the defaults of `ContainerLogsOptions`
   */
  readonly containerLogs?: ContainerLogsOptions;

  /**
   * Collect the systemd journal of the node too; its directory is mounted read-only.
   *
   * @default - the journal is not read
   */
  readonly journal?: JournalOptions;

  /**
   * Enrich container logs with pod and namespace metadata. The ServiceAccount token is
   * mounted, and a ClusterRole grants get, list and watch on pods and namespaces.
   *
   * @default - no enrichment, no token, no ClusterRole
   */
  readonly kubernetesMetadata?: KubernetesMetadataOptions;

  /**
   * Buffering between collection and delivery.
   *
   * @default - filesystem buffering in the state directory, with the defaults of
   * `LogBufferOptions`
   */
  readonly buffer?: LogBufferOptions;

  /**
   * The host directory of the read-position databases and the filesystem buffer, mounted
   * writable at the same path and created when missing. An absolute, normal path that is
   * not sensitive and neither lies under nor contains another mount of the collector.
   *
   * @default - `/var/lib/<engine name>/<namespace>-<name>`
   */
  readonly stateDirectory?: string;

  /**
   * Port of the metrics and health endpoint, which the probes, the Service and the
   * ServiceMonitor use.
   *
   * @default 2020
   */
  readonly metricsPort?: number;

  /**
   * Requests and limits. The memory limit bounds every buffer: a buffer at or above it,
   * alone or with the others, is an error.
   *
   * @default - 50m CPU and 64 MiB memory requested, 256 MiB memory limit, no CPU limit
   */
  readonly resources?: AgentResources;

  /**
   * The priority class of the pods, such as `system-node-critical`.
   *
   * @default - none
   */
  readonly priorityClassName?: string;

  /**
   * Time a pod gets to stop after SIGTERM; longer than the engine's own flush at shutdown.
   *
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Image pull policy.
   *
   * @default kplus.ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * More annotations on the pod template.
   *
   * @default - only the configuration hash
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Emit a Prometheus Operator ServiceMonitor for the metrics Service.
   *
   * @default - no ServiceMonitor
   */
  readonly serviceMonitor?: LogCollectorServiceMonitorOptions;

  /**
   * Emit the ValidatingAdmissionPolicy that pins the collector's declared host access (see
   * `NodeAgentProps.hostAccessPolicy`).
   *
   * @default true
   */
  readonly hostAccessPolicy?: boolean;
}

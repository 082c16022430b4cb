import { NodeExporterOptions } from './args';
import { ContainerImageOptions } from './image';
import { NodeExporterScrapeOptions } from './monitors';
import { NodeExporterNetworkPolicyOptions } from './network-policy';
import { NodeExporterRbacProxyProps } from './proxy-container';
import { IAgentNamespace } from '../agent-namespace';
import { NodeSelectionProps, AgentToleration } from '../node-targeting';
import { AgentResources } from '../pod-hardening';
import { AgentRollout } from '../rollout';

/**
 * Props of `NodeExporter`.
 */
export interface NodeExporterProps extends NodeExporterOptions, NodeSelectionProps {
  /**
   * The name of the DaemonSet, its Service, ServiceAccount and other objects.
   *
   * @default 'node-exporter'
   */
  readonly name?: string;

  /**
   * The namespace. Use an `AgentNamespace` to have its Pod Security labels follow the agent.
   *
   * @default - the chart's namespace, or `default`, as unmanaged
   */
  readonly namespace?: IAgentNamespace;

  /**
   * Where node_exporter's image comes from. A tag of another version than `release` runs
   * flags written for `release`; a warning says so.
   *
   * @default - the image of `release`, `quay.io/prometheus/node-exporter:v1.12.1`
   */
  readonly image?: ContainerImageOptions;

  /**
   * Run in the node's network namespace, as both anchors do, so that the network metrics
   * describe the node. See docs/node-exporter.md for what turning it off costs.
   *
   * @default true
   */
  readonly hostNetwork?: boolean;

  /**
   * Run in the node's process namespace, as both anchors do.
   *
   * @default true
   */
  readonly hostPID?: boolean;

  /**
   * Let the kubelet create `textfileDirectory` (owned by root, mode 0755) on nodes that lack
   * it, instead of keeping the pod from starting there.
   *
   * @default false - the directory must exist on the node
   */
  readonly createTextfileDirectory?: boolean;

  /**
   * Put a kube-rbac-proxy sidecar in front: node_exporter listens on 127.0.0.1 on an
   * internal port, the proxy serves `port` over TLS to callers the API server authorizes,
   * and the pod gets a ServiceAccount token to ask it.
   *
   * @default - no proxy; node_exporter serves `port` over plain HTTP
   */
  readonly rbacProxy?: NodeExporterRbacProxyProps;

  /**
   * Emit a NetworkPolicy that lets only the scrapers reach the port. Most network plugins
   * do not apply policies to host-network pods; with `hostNetwork` a warning says so.
   *
   * @default - no NetworkPolicy
   */
  readonly networkPolicy?: NodeExporterNetworkPolicyOptions;

  /**
   * Annotate the Service with `prometheus.io/scrape`, `port`, `scheme` and `path`, for
   * Prometheus configurations that discover targets by annotation.
   *
   * @default false
   */
  readonly scrapeAnnotations?: boolean;

  /**
   * Emit a ServiceMonitor (monitoring.coreos.com/v1) for the Service.
   *
   * @default - none
   */
  readonly serviceMonitor?: NodeExporterScrapeOptions;

  /**
   * Emit a PodMonitor (monitoring.coreos.com/v1) for the pods. Not with `serviceMonitor`,
   * which would scrape every node twice.
   *
   * @default - none
   */
  readonly podMonitor?: NodeExporterScrapeOptions;

  /**
   * Keep off virtual-kubelet and serverless nodes (required node affinity
   * `type NotIn [virtual-kubelet]` and `eks.amazonaws.com/compute-type NotIn [fargate]`, as
   * the prometheus-node-exporter chart), which have no host to measure.
   *
   * @default true
   */
  readonly avoidVirtualNodes?: boolean;

  /**
   * The priority class of the pods, such as `system-cluster-critical` as kube-prometheus.
   *
   * @default - none
   */
  readonly priorityClassName?: string;

  /**
   * Emit the NodeAgent's ValidatingAdmissionPolicy and binding, which admit the DaemonSet
   * and its pods only with exactly the declared host access (Kubernetes 1.30 or later).
   *
   * @default true
   */
  readonly hostAccessPolicy?: boolean;

  /**
   * node_exporter's requests and limits.
   *
   * @default - 102m CPU and 180 MiB requested, 180 MiB memory limit (kube-prometheus'
   * sizing), no CPU limit
   */
  readonly resources?: AgentResources;

  /**
   * More annotations on the pod template.
   *
   * @default - only `kubectl.kubernetes.io/default-container: node-exporter`
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Taints the pods tolerate.
   *
   * @default [AgentToleration.everything()] - every node, as kube-prometheus
   */
  readonly tolerations?: AgentToleration[];

  /**
   * The update strategy.
   *
   * @default AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.percent(10) }) - a
   * tenth of the nodes at a time, as kube-prometheus
   */
  readonly rollout?: AgentRollout;

  /**
   * Seconds a new pod must be ready before it counts as available.
   *
   * @default 0
   */
  readonly minReadySeconds?: number;

  /**
   * Old revisions kept for rollback.
   *
   * @default 10
   */
  readonly revisionHistoryLimit?: number;

  /**
   * The name of the application, `app.kubernetes.io/name`. Kept at `node-exporter`, a
   * ServiceMonitor with `jobLabel: 'app.kubernetes.io/name'` gives the `job` label that the
   * node-mixin rules select.
   *
   * @default 'node-exporter'
   */
  readonly appName?: string;

  /**
   * The role of the agent, `app.kubernetes.io/component`.
   *
   * @default 'exporter'
   */
  readonly component?: string;

  /**
   * The larger application it belongs to, `app.kubernetes.io/part-of`.
   *
   * @default - no part-of label
   */
  readonly partOf?: string;

  /**
   * More labels for every object and the pods. They cannot replace the
   * `app.kubernetes.io/*` keys that the library sets.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

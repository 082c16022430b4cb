import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeExporterArgs, NodeExporterOptions } from './args';
import { ContainerImageOptions, resolveImage, tagNamesVersion } from './image';
import { NodeExporterScrape, NodeExporterScrapeOptions } from './monitors';
import { NodeExporterNetworkPolicyOptions, networkPolicySpec } from './network-policy';
import {
  NodeExporterRbacProxyProps, proxyContainer, ScraperServiceAccount, sized,
} from './proxy-container';
import { KubeRbacProxyArgs } from './rbac-proxy';
import { NodeExporterRelease } from './release';
import { AgentContainerProps, AgentPort } from '../agent-container';
import { IAgentNamespace } from '../agent-namespace';
import { toPolicyRules } from '../api-access';
import { fieldEnvValues } from '../field-env';
import { HostPathType } from '../host-access';
import { NodeAgent } from '../node-agent';
import {
  AgentToleration, NodeOperatingSystem, NodeSelectionProps, NodeSelectorOperator,
  NodeSelectorRequirement,
} from '../node-targeting';
import { AgentResources } from '../pod-hardening';
import { AgentRollout, NodeBudget } from '../rollout';
import { checkDnsLabel, invalid } from '../validation';
import { Warnings } from '../warnings';

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

/** The name of node_exporter's container. */
const EXPORTER = 'node-exporter';

/**
 * Prometheus' node_exporter on every node: the node's `/proc`, `/sys` and `/` read-only,
 * host network and host PID, a headless Service, and optionally kube-rbac-proxy in front,
 * a NetworkPolicy and a ServiceMonitor or PodMonitor.
 *
 * Built on `NodeAgent` (see `agent`), which checks and records its host access.
 */
export class NodeExporter extends Construct {
  /**
   * The node labels a virtual-kubelet or serverless node carries, as required node affinity
   * that keeps an agent off them.
   */
  public static readonly VIRTUAL_NODE_EXCLUSIONS: NodeSelectorRequirement[] = [
    { key: 'type', operator: NodeSelectorOperator.NOT_IN, values: ['virtual-kubelet'] },
    {
      key: 'eks.amazonaws.com/compute-type',
      operator: NodeSelectorOperator.NOT_IN,
      values: ['fargate'],
    },
  ];

  /** The agent: DaemonSet, ServiceAccount and, with the proxy, its ClusterRole. */
  public readonly agent: NodeAgent;

  /** The headless Service with the metrics port. */
  public readonly service: ApiObject;

  /** The port Prometheus scrapes: node_exporter's, or the proxy's. */
  public readonly port: number;

  /** The name of that port on the Service and the container: `metrics`, or `https`. */
  public readonly portName: string;

  /**
   * The ServiceMonitor.
   *
   * @default - none unless `serviceMonitor` is set
   */
  public readonly serviceMonitor?: ApiObject;

  /**
   * The PodMonitor.
   *
   * @default - none unless `podMonitor` is set
   */
  public readonly podMonitor?: ApiObject;

  /**
   * The NetworkPolicy.
   *
   * @default - none unless `networkPolicy` is set
   */
  public readonly networkPolicy?: ApiObject;

  /**
   * The ClusterRole that lets `rbacProxy.scrapers` through the proxy.
   *
   * @default - none unless scrapers are given
   */
  public readonly scraperRole?: ApiObject;

  constructor(scope: Construct, id: string, props: NodeExporterProps = {}) {
    super(scope, id);

    if (props.serviceMonitor && props.podMonitor) {
      throw invalid('podMonitor', 'set with serviceMonitor',
        'expected one of serviceMonitor and podMonitor: both would scrape every node twice');
    }
    const os = props.operatingSystem ?? NodeOperatingSystem.LINUX;
    if (os !== NodeOperatingSystem.LINUX) {
      throw invalid('operatingSystem', props.operatingSystem,
        'node_exporter runs on Linux only; use windows_exporter for Windows nodes');
    }

    const release = props.release ?? NodeExporterRelease.V1_12_1;
    const hostNetwork = props.hostNetwork ?? true;
    const proxy = props.rbacProxy;
    const exporter = new NodeExporterArgs({
      ...props,
      release,
      hostNetwork,
      textfileDirectoryType: textfileType(props),
      rbacProxy: proxy ? { internalPort: proxy.internalPort } : undefined,
    });
    if (props.createTextfileDirectory !== undefined && props.textfileDirectory === undefined) {
      throw invalid('createTextfileDirectory', props.createTextfileDirectory,
        'applies only to a textfileDirectory; set one or remove createTextfileDirectory');
    }
    this.port = exporter.port;
    this.portName = exporter.portName;

    const image = resolveImage('image', release.image, props.image);
    if (!tagNamesVersion(image, release.version)) {
      Warnings.add(this, `image '${image}' does not carry the tag of node_exporter `
        + `${release.version}, whose flags and collector names the arguments are written for; `
        + 'set release to match or keep the tag');
    }

    const main = this.exporterContainer(props, exporter, image, hostNetwork);
    const sidecars = proxy && exporter.rbacProxy ? [proxyContainer(proxy, exporter.rbacProxy)] : [];

    const name = props.name ?? 'node-exporter';
    this.checkUnique(name, props.namespace);
    this.agent = new NodeAgent(this, 'Agent', {
      ...main,
      name,
      namespace: props.namespace,
      sidecars,
      apiAccess: exporter.rbacProxy?.rbacRules,
      hostNetwork,
      hostPID: props.hostPID ?? true,
      operatingSystem: NodeOperatingSystem.LINUX,
      nodeSelector: props.nodeSelector,
      requiredNodeAffinity: [
        ...(props.requiredNodeAffinity ?? []),
        ...((props.avoidVirtualNodes ?? true) ? NodeExporter.VIRTUAL_NODE_EXCLUSIONS : []),
      ],
      preferredNodeAffinity: props.preferredNodeAffinity,
      tolerations: props.tolerations ?? [AgentToleration.everything()],
      rollout: props.rollout
        ?? AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.percent(10) }),
      minReadySeconds: props.minReadySeconds,
      revisionHistoryLimit: props.revisionHistoryLimit,
      appName: props.appName ?? 'node-exporter',
      component: props.component ?? 'exporter',
      partOf: props.partOf,
      labels: props.labels,
      priorityClassName: props.priorityClassName,
      hostAccessPolicy: props.hostAccessPolicy,
      podAnnotations: {
        'kubectl.kubernetes.io/default-container': EXPORTER,
        ...props.podAnnotations,
      },
    });

    this.service = this.addService(props.scrapeAnnotations ?? false, exporter);

    const target = {
      name: this.agent.name,
      namespace: this.agent.namespace.name,
      selector: this.agent.selectorLabels,
      portName: this.portName,
      scheme: exporter.scheme,
    };
    if (props.serviceMonitor) {
      this.serviceMonitor = this.addMonitor('ServiceMonitor', props.serviceMonitor,
        (scrape) => scrape.renderServiceMonitor(target));
    }
    if (props.podMonitor) {
      this.podMonitor = this.addMonitor('PodMonitor', props.podMonitor,
        (scrape) => scrape.renderPodMonitor(target));
    }

    if (props.networkPolicy) {
      this.networkPolicy = new kplus.k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: this.metadata(),
        spec: networkPolicySpec(props.networkPolicy, this.agent.selectorLabels, this.port,
          proxy !== undefined),
      });
      if (hostNetwork) {
        Warnings.add(this, 'networkPolicy: the pods use the host network, and most network plugins '
          + 'apply no NetworkPolicy to host-network pods: the policy likely has no effect; '
          + 'use rbacProxy to protect the endpoint, or turn hostNetwork off');
      }
    }

    if (proxy?.scrapers && proxy.scrapers.length > 0 && exporter.rbacProxy) {
      this.scraperRole = this.grantScrapers(proxy.scrapers, exporter.rbacProxy);
    }
  }

  /** Refuses a second NodeExporter of the same name and namespace in the chart. */
  private checkUnique(name: string, namespace: IAgentNamespace | undefined): void {
    const namespaceName = namespace?.name ?? Chart.of(this).namespace ?? 'default';
    const twin = Chart.of(this).node.findAll().find((c) => c !== this && c instanceof NodeExporter
      && c.agent !== undefined && c.agent.name === name
      && c.agent.namespace.name === namespaceName);
    if (twin) {
      throw invalid('name', name,
        `NodeExporter '${twin.node.path}' already has this name in namespace '${namespaceName}', `
        + 'and their objects would replace each other; give one of them another name');
    }
  }

  private exporterContainer(
    props: NodeExporterProps, exporter: NodeExporterArgs, image: string, hostNetwork: boolean,
  ): AgentContainerProps {
    const ports: AgentPort[] = [];
    if (!exporter.rbacProxy) {
      ports.push({ number: exporter.port, name: exporter.portName });
    } else if (hostNetwork) {
      // The internal port is a port of the node: declaring it lets the scheduler keep another
      // pod that binds it off the node.
      ports.push({ number: exporter.rbacProxy.upstreamPort, name: 'internal' });
    }
    const probe = exporter.probe.httpPath !== undefined
      ? kplus.Probe.fromHttpGet(exporter.probe.httpPath, { port: exporter.probe.port })
      : undefined;
    return {
      image,
      containerName: EXPORTER,
      args: exporter.args,
      envVariables: fieldEnvValues(exporter.env),
      ports,
      hostPaths: exporter.mounts,
      // node_exporter writes nothing, so it gets no scratch directory.
      writableDirectories: [],
      resources: sized('resources', props.resources, 102, 180, 180),
      liveness: exporter.rbacProxy ? undefined : probe,
      readiness: exporter.rbacProxy ? undefined : probe,
    };
  }

  private metadata(): { name: string; namespace: string; labels: { [key: string]: string } } {
    const agent = this.agent;
    return { name: agent.name, namespace: agent.namespace.name, labels: agent.labels };
  }

  private addService(annotate: boolean, exporter: NodeExporterArgs): ApiObject {
    const annotations = annotate ? {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(this.port),
      'prometheus.io/scheme': exporter.scheme,
      'prometheus.io/path': '/metrics',
    } : undefined;
    return new kplus.k8s.KubeService(this, 'Service', {
      metadata: { ...this.metadata(), annotations },
      spec: {
        clusterIp: 'None',
        selector: this.agent.selectorLabels,
        ports: [{
          name: this.portName,
          port: this.port,
          targetPort: kplus.k8s.IntOrString.fromString(this.portName),
          protocol: 'TCP',
        }],
      },
    });
  }

  private addMonitor(
    kind: 'ServiceMonitor' | 'PodMonitor', options: NodeExporterScrapeOptions,
    render: (scrape: NodeExporterScrape) => any,
  ): ApiObject {
    // Errors name the prop the options came from.
    const property = kind === 'ServiceMonitor' ? 'serviceMonitor' : 'podMonitor';
    let manifest: any;
    try {
      manifest = render(new NodeExporterScrape(options));
    } catch (error) {
      throw new Error(`${property}.${(error as Error).message}`);
    }
    manifest.metadata.labels = { ...this.agent.labels, ...manifest.metadata.labels };
    return new ApiObject(this, kind, manifest);
  }


  private grantScrapers(scrapers: ScraperServiceAccount[], args: KubeRbacProxyArgs): ApiObject {
    scrapers.forEach((account, i) => {
      checkDnsLabel(`rbacProxy.scrapers[${i}].name`, account.name);
      checkDnsLabel(`rbacProxy.scrapers[${i}].namespace`, account.namespace);
    });
    const name = `${this.agent.namespace.name}-${this.agent.name}-scrape`;
    const metadata = { name, labels: this.agent.labels };
    const role = new kplus.k8s.KubeClusterRole(this, 'ScraperRole', {
      metadata,
      rules: toPolicyRules([], args.scraperRules),
    });
    new kplus.k8s.KubeClusterRoleBinding(this, 'ScraperRoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: metadata.name },
      subjects: scrapers.map((account) => ({ kind: 'ServiceAccount', ...account })),
    });
    return role;
  }
}

/** The hostPath type of the textfile directory: it must exist unless creating it is asked for. */
function textfileType(props: NodeExporterProps): HostPathType | undefined {
  if (props.textfileDirectory === undefined) {
    return undefined;
  }
  return props.createTextfileDirectory ? HostPathType.DIRECTORY_OR_CREATE : HostPathType.DIRECTORY;
}

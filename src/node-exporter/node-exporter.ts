import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeExporterArgs } from './args';
import { resolveImage, tagNamesVersion } from './image';
import { NodeExporterScrape, NodeExporterScrapeOptions } from './monitors';
import { networkPolicySpec } from './network-policy';
import { NodeExporterProps } from './node-exporter-props';
import {
  proxyContainer, ScraperServiceAccount, sized,
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
  AgentToleration, NodeOperatingSystem, NodeSelectorOperator,
  NodeSelectorRequirement,
} from '../node-targeting';
import { AgentRollout, NodeBudget } from '../rollout';
import { checkDnsLabel, invalid } from '../validation';
import { Warnings } from '../warnings';

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

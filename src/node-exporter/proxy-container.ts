import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NodeExporterRbacProxyOptions } from './args';
import { ContainerImageOptions, resolveImage } from './image';
import { KubeRbacProxyArgs } from './rbac-proxy';
import { AgentContainerProps } from '../agent-container';
import { fieldEnvValues } from '../field-env';
import { AgentResources, resolveResources } from '../pod-hardening';

/** The name of the proxy's container. */
const PROXY = 'kube-rbac-proxy';

/** A ServiceAccount that may scrape node_exporter through kube-rbac-proxy. */
export interface ScraperServiceAccount {
  /** The ServiceAccount's name, such as `prometheus-k8s`. */
  readonly name: string;

  /** Its namespace. */
  readonly namespace: string;
}

/**
 * The kube-rbac-proxy sidecar of a `NodeExporter`.
 */
export interface NodeExporterRbacProxyProps extends NodeExporterRbacProxyOptions {
  /**
   * Where the proxy's image comes from.
   *
   * @default - `KubeRbacProxyArgs.IMAGE`, kube-rbac-proxy 0.22.1
   */
  readonly image?: ContainerImageOptions;

  /**
   * The proxy's requests and limits.
   *
   * @default - 10m CPU and 20 MiB requested, 40 MiB memory limit (kube-prometheus' sizing),
   * no CPU limit
   */
  readonly resources?: AgentResources;

  /**
   * ServiceAccounts to let through: a ClusterRole granting `get` on the non-resource URL
   * `/metrics`, which is what the proxy asks the API server about, bound to each. The grant
   * is cluster-wide and also reaches the API server's own `/metrics`.
   *
   * @default - none: the scraper's own RBAC must grant `get` on `/metrics`
   */
  readonly scrapers?: ScraperServiceAccount[];
}

/** The kube-rbac-proxy container of a NodeExporter. */
export function proxyContainer(
  props: NodeExporterRbacProxyProps, args: KubeRbacProxyArgs,
): AgentContainerProps {
  return {
    image: resolveImage('rbacProxy.image', args.image, props.image),
    containerName: PROXY,
    args: args.args,
    envVariables: fieldEnvValues(args.env),
    ports: [{ number: args.port, name: 'https' }],
    writableDirectories: [],
    resources: sized('rbacProxy.resources', props.resources, 10, 20, 40),
    // The proxy refuses unauthenticated requests, so the kubelet can only check the socket.
    liveness: kplus.Probe.fromTcpSocket({ port: args.port }),
    readiness: kplus.Probe.fromTcpSocket({ port: args.port }),
  };
}

/**
 * Resources with the anchors' sizing as defaults. The memory limit defaults to the larger
 * of the anchor's limit and the request, so that a larger request alone is enough.
 */
export function sized(
  property: string, given: AgentResources = {},
  cpuMillis: number, requestMiB: number, limitMiB: number,
): AgentResources {
  const memoryRequest = given.memoryRequest ?? Size.mebibytes(requestMiB);
  const resources: AgentResources = {
    cpuRequest: given.cpuRequest ?? kplus.Cpu.millis(cpuMillis),
    cpuLimit: given.cpuLimit,
    memoryRequest,
    memoryLimit: given.memoryLimit
      ?? (memoryRequest.toMebibytes() > limitMiB ? memoryRequest : Size.mebibytes(limitMiB)),
  };
  resolveResources(property, resources);
  return resources;
}

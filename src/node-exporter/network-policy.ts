import * as kplus from 'cdk8s-plus-28';
import { checkLabels, checkNonEmpty, invalid } from '../validation';

/**
 * Pods allowed to reach node_exporter's port through the NetworkPolicy.
 */
export interface ScraperPeer {
  /**
   * Labels of the pods allowed in.
   *
   * @default - every pod of the selected namespaces
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Labels of the namespaces those pods run in.
   *
   * @default - only the agent's own namespace
   */
  readonly namespaceLabels?: { [key: string]: string };
}

/**
 * Options of the NetworkPolicy in front of node_exporter.
 */
export interface NodeExporterNetworkPolicyOptions {
  /**
   * Who may connect to the metrics port. Every other ingress is denied.
   *
   * @default - pods labelled `app.kubernetes.io/name: prometheus` in the agent's namespace,
   * as kube-prometheus allows
   */
  readonly allowFrom?: ScraperPeer[];
}

/** The pods kube-prometheus lets in. */
const PROMETHEUS: ScraperPeer = { podLabels: { 'app.kubernetes.io/name': 'prometheus' } };

/**
 * The spec of a NetworkPolicy that lets the scrapers reach the port and nobody else.
 *
 * Egress: none without the proxy (node_exporter opens no connection); with it, every
 * destination, since the proxy calls the API server, whose address no selector names.
 */
export function networkPolicySpec(
  options: NodeExporterNetworkPolicyOptions,
  podSelector: { [key: string]: string },
  port: number,
  proxy: boolean,
): any {
  const peers = options.allowFrom ?? [PROMETHEUS];
  checkNonEmpty('networkPolicy.allowFrom', peers,
    'expected at least one peer; without the NetworkPolicy nobody is kept out, with no peer '
    + 'nobody gets in');
  const from = peers.map((peer, i) => {
    const at = `networkPolicy.allowFrom[${i}]`;
    if (peer.podLabels === undefined && peer.namespaceLabels === undefined) {
      throw invalid(at, peer, 'expected podLabels, namespaceLabels or both');
    }
    checkLabels(`${at}.podLabels`, peer.podLabels);
    checkLabels(`${at}.namespaceLabels`, peer.namespaceLabels);
    const selector = (labels?: { [key: string]: string }) => ({ matchLabels: { ...labels } });
    return {
      ...(peer.podLabels ? { podSelector: selector(peer.podLabels) } : {}),
      ...(peer.namespaceLabels ? { namespaceSelector: selector(peer.namespaceLabels) } : {}),
    };
  });
  return {
    podSelector: { matchLabels: { ...podSelector } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from, ports: [{ port: kplus.k8s.IntOrString.fromNumber(port), protocol: 'TCP' }] }],
    egress: proxy ? [{}] : [],
  };
}

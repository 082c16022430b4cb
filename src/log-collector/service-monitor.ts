import type { LogCollectorServiceMonitorOptions } from './log-collector-props';
import { monitorEndpointFields } from '../monitor-endpoint';
import { checkDnsLabel, checkLabels, invalid } from '../validation';

/** What the ServiceMonitor points at. */
export interface ServiceMonitorTarget {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly selector: { [key: string]: string };
  readonly portName: string;
  readonly path: string;
}

/**
 * Checks the options and writes the ServiceMonitor as plain JSON for an `ApiObject`. The
 * `instance` label is the node's name, so that a node's series keep their identity across
 * pod restarts.
 */
export function renderServiceMonitor(
  options: LogCollectorServiceMonitorOptions, target: ServiceMonitorTarget,
): { [key: string]: any } {
  const endpoint: { [key: string]: any } = {
    port: target.portName,
    path: target.path,
    scheme: 'http',
    ...monitorEndpointFields(options, 'serviceMonitor.'),
  };
  endpoint.relabelings = [{
    action: 'replace',
    sourceLabels: ['__meta_kubernetes_pod_node_name'],
    targetLabel: 'instance',
  }];

  const labels = { ...target.labels };
  checkLabels('serviceMonitor.labels', options.labels);
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    if (key in target.labels && target.labels[key] !== value) {
      throw invalid('serviceMonitor.labels', key,
        'the collector sets this label itself; use another key');
    }
    labels[key] = value;
  }
  checkDnsLabel('name', target.name);

  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: target.name, namespace: target.namespace, labels },
    spec: {
      selector: { matchLabels: { ...target.selector } },
      namespaceSelector: { matchNames: [target.namespace] },
      endpoints: [endpoint],
    },
  };
}

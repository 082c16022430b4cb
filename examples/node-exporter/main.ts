import { App, Chart, Duration } from 'cdk8s';
import { AgentNamespace, NodeExporter } from '../../src';

// kube-prometheus' node-exporter: host metrics of every node behind kube-rbac-proxy, scraped
// by the Prometheus Operator through a ServiceMonitor.
export function build(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'node-exporter');

  const namespace = new AgentNamespace(chart, 'Namespace', { name: 'monitoring' });
  new NodeExporter(chart, 'NodeExporter', {
    namespace,
    rbacProxy: { scrapers: [{ name: 'prometheus-k8s', namespace: 'monitoring' }] },
    serviceMonitor: { interval: Duration.seconds(15), jobLabel: 'app.kubernetes.io/name' },
    priorityClassName: 'system-cluster-critical',
  });
  return app;
}

import { App, Chart, Duration } from 'cdk8s';
import { AgentNamespace, LogCollector, LogOutput } from '../../src';

// fluent-bit on every node of a containerd cluster: every container's logs, enriched with
// pod and namespace metadata, to Loki, and the same container logs to Elasticsearch.
// Hosts are in-cluster Service names; credentials and the CA come from Secrets in the
// logging namespace, which this app does not create.
export function build(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'log-collector');

  const namespace = new AgentNamespace(chart, 'Namespace', { name: 'logging' });
  new LogCollector(chart, 'LogCollector', {
    name: 'log-collector',
    namespace,
    kubernetesMetadata: {},
    journal: { units: ['kubelet.service', 'containerd.service'] },
    outputs: [
      LogOutput.loki({
        host: 'loki-gateway.logging.svc',
        port: 80,
        labels: {
          job: 'fluent-bit',
          namespace: '$kubernetes[\'namespace_name\']',
          node: '$kubernetes[\'host\']',
        },
        tenantId: 'platform',
        basicAuth: {
          username: { secretName: 'loki-credentials', key: 'username' },
          password: { secretName: 'loki-credentials', key: 'password' },
        },
      }),
      LogOutput.elasticsearch({
        host: 'elasticsearch-es-http.logging.svc',
        match: 'kube.*',
        logstashPrefix: 'kube',
        tls: { ca: { secretName: 'elasticsearch-es-http-certs-public', key: 'ca.crt' } },
        basicAuth: {
          username: { secretName: 'elasticsearch-fluent-bit', key: 'username' },
          password: { secretName: 'elasticsearch-fluent-bit', key: 'password' },
        },
      }),
    ],
    priorityClassName: 'system-node-critical',
    serviceMonitor: { interval: Duration.seconds(30) },
  });
  return app;
}

// The library variant of the benchmark app: chart i holds one agent, cycling through a
// NodeAgent (as examples/log-agent-full), a LogCollector (as examples/log-collector) and a
// NodeExporter (as examples/node-exporter), each in an AgentNamespace of its own.
import { App, Chart, Duration } from 'cdk8s';
import {
  AgentNamespace, AgentToleration, LogCollector, LogOutput, NodeAgent, NodeExporter,
} from '../src';
import { chartId, kindOf } from './kinds';

/** Adds the charts of the mix of `size` agents to `app`. */
export function buildLibraryApp(size: number, app: App = new App()): App {
  for (let i = 0; i < size; i++) {
    addLibraryChart(app, i);
  }
  return app;
}

/** Adds chart `i` of the mix to `app`. */
export function addLibraryChart(app: App, i: number): Chart {
  const chart = new Chart(app, chartId(i));
  switch (kindOf(i)) {
    case 'node-agent':
      nodeAgent(chart, i);
      break;
    case 'log-collector':
      logCollector(chart, i);
      break;
    case 'node-exporter':
      nodeExporter(chart, i);
      break;
  }
  return chart;
}

function nodeAgent(chart: Chart, i: number): void {
  new NodeAgent(chart, 'LogAgent', {
    name: 'log-agent',
    namespace: new AgentNamespace(chart, 'Namespace', { name: `logging-${i}` }),
    image: 'busybox:1.36',
    command: ['sh', '-c', 'tail -n +1 -F /host-logs/*.log /host-logs/containers/*.log'],
    hostPaths: [{ path: '/var/log', mountPath: '/host-logs' }],
    tolerations: [AgentToleration.controlPlane()],
  });
}

function logCollector(chart: Chart, i: number): void {
  new LogCollector(chart, 'LogCollector', {
    name: 'log-collector',
    namespace: new AgentNamespace(chart, 'Namespace', { name: `logging-${i}` }),
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
}

function nodeExporter(chart: Chart, i: number): void {
  const namespace = `monitoring-${i}`;
  new NodeExporter(chart, 'NodeExporter', {
    namespace: new AgentNamespace(chart, 'Namespace', { name: namespace }),
    rbacProxy: { scrapers: [{ name: 'prometheus-k8s', namespace }] },
    serviceMonitor: { interval: Duration.seconds(15), jobLabel: 'app.kubernetes.io/name' },
    priorityClassName: 'system-cluster-critical',
  });
}

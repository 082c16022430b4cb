import { App, Chart } from 'cdk8s';
import { AgentNamespace, AgentToleration, NodeAgent } from '../../src';

// The classic per-node log agent: every node's /var/log, read-only, under /host-logs.
export function build(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'log-agent-full');

  const namespace = new AgentNamespace(chart, 'Namespace', { name: 'logging' });
  new NodeAgent(chart, 'LogAgent', {
    name: 'log-agent',
    namespace,
    image: 'busybox:1.36',
    command: ['sh', '-c', 'tail -n +1 -F /host-logs/*.log /host-logs/containers/*.log'],
    hostPaths: [{ path: '/var/log', mountPath: '/host-logs' }],
    tolerations: [AgentToleration.controlPlane()],
  });
  return app;
}

import { App, Chart } from 'cdk8s';
import {
  AgentNamespace, AgentToleration, Capability, HostPathType, NodeAgent,
} from '../../src';

// The kube-proxy / CNI pattern, modelled on kind's kindnet: it programs the node's own
// kernel, so it joins the host network with only the network capabilities it needs.
export function build(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'node-network-agent');

  new NodeAgent(chart, 'NetworkAgent', {
    name: 'kindnet',
    namespace: AgentNamespace.fromName('kube-system'),
    image: 'docker.io/kindest/kindnetd:v20250512-df8de77b',
    hostNetwork: true,
    // iptables needs its capabilities in the effective set, which Kubernetes grants only to
    // root (a non-root process loses added capabilities at exec).
    runAsRoot: true,
    capabilities: [Capability.NET_ADMIN, Capability.NET_RAW],
    exposeNodeIdentity: true,
    hostPaths: [
      {
        path: '/lib/modules',
        sensitiveReason: 'loads the netfilter modules that iptables rules need',
      },
      {
        path: '/run/xtables.lock',
        type: HostPathType.FILE_OR_CREATE,
        writable: true,
        sensitiveReason: 'iptables takes this lock to serialise rule changes with the other node agents',
        writableSensitiveReason: 'the lock is taken with a write lock on the file, so it must be writable',
      },
    ],
    apiAccess: [{ resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
    tolerations: [AgentToleration.everything()],
    priorityClassName: 'system-node-critical',
    resources: {},
  });
  return app;
}

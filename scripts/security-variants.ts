// Generated variants for `npm run security`: one agent per kind of declared host access, so
// that the scanners see each declaration on its own, beside the examples.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AgentNamespace, Capability, ContainerRuntime, HostPathType, LogCollector, LogOutput,
  NodeAgent, NodeAgentProps, NodeExporter,
} from '../src';

/** A variant: an app built into `outdir`. */
export interface Variant {
  readonly name: string;
  readonly description: string;
  build(outdir: string): App;
}

const IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.53';

function agentVariant(name: string, description: string, props: Partial<NodeAgentProps>): Variant {
  return {
    name,
    description,
    build(outdir: string): App {
      const app = new App({ outdir });
      const chart = new Chart(app, name);
      const namespace = new AgentNamespace(chart, 'Namespace', { name: 'agents' });
      new NodeAgent(chart, 'Agent', { name, namespace, image: IMAGE, ...props });
      return app;
    },
  };
}

function chartVariant(name: string, description: string, body: (chart: Chart) => void): Variant {
  return {
    name,
    description,
    build(outdir: string): App {
      const app = new App({ outdir });
      body(new Chart(app, name));
      return app;
    },
  };
}

export const VARIANTS: Variant[] = [
  agentVariant('agent-defaults', 'NodeAgent with no host access at all', {}),
  agentVariant('agent-read-only-path', 'a read-only host path that is not sensitive', {
    hostPaths: [{ path: '/var/log', mountPath: '/host-logs' }],
  }),
  agentVariant('agent-host-network', 'host network, so its port is bound on the node', {
    hostNetwork: true,
    ports: [{ number: 9100, name: 'metrics' }],
  }),
  agentVariant('agent-host-pid-ipc', 'host PID and host IPC namespaces', {
    hostPID: true,
    hostIPC: true,
  }),
  agentVariant('agent-host-port', 'a host port without the host network', {
    ports: [{ number: 8125, name: 'statsd', protocol: kplus.Protocol.UDP, hostPort: 8125 }],
  }),
  agentVariant('agent-capabilities', 'added capabilities, non-root', {
    capabilities: [Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_PTRACE],
  }),
  agentVariant('agent-root', 'root, with one capability', {
    runAsRoot: true,
    capabilities: [Capability.DAC_READ_SEARCH],
  }),
  agentVariant('agent-writable-sensitive', 'a writable sensitive host path, with both reasons', {
    hostPaths: [{
      path: '/var/lib/kubelet/device-plugins',
      type: HostPathType.DIRECTORY,
      writable: true,
      sensitiveReason: 'registers a device plugin with the kubelet',
      writableSensitiveReason: 'the plugin creates its socket in this directory',
    }],
  }),
  agentVariant('agent-runtime-socket', 'the Docker socket, with both reasons', {
    runAsRoot: true,
    hostPaths: [{
      path: '/var/run/docker.sock',
      type: HostPathType.SOCKET,
      sensitiveReason: 'lists the containers of the node for their metadata',
      writableSensitiveReason: 'connect() on the socket is needed to query the engine',
    }],
  }),
  agentVariant('agent-privileged', 'privileged, root, with Bidirectional propagation', {
    runAsRoot: true,
    privileged: true,
    hostPaths: [{
      path: '/var/lib/kubelet/plugins/csi.example.com',
      type: HostPathType.DIRECTORY_OR_CREATE,
      writable: true,
      propagation: kplus.MountPropagation.BIDIRECTIONAL,
      sensitiveReason: 'the CSI node plugin serves its socket here',
      writableSensitiveReason: 'the plugin mounts volumes for pods through this directory',
    }],
  }),
  agentVariant('agent-api-access', 'API access, so the ServiceAccount token is mounted', {
    apiAccess: [{ resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
  }),
  agentVariant('agent-sidecar-init', 'an init container and a sidecar with host paths', {
    hostPaths: [{ path: '/var/log/pods', mountPath: '/pods' }],
    initContainers: [{
      containerName: 'prepare',
      image: IMAGE,
      hostPaths: [{
        path: '/var/lib/agent-state', type: HostPathType.DIRECTORY_OR_CREATE, writable: true,
      }],
    }],
    sidecars: [{
      containerName: 'exporter',
      image: IMAGE,
      hostPaths: [{
        path: '/proc',
        mountPath: '/host/proc',
        sensitiveReason: 'reads process statistics of the node',
      }],
    }],
  }),
  chartVariant('log-collector-minimal', 'LogCollector: its defaults, one output', (chart) => {
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'logging' });
    new LogCollector(chart, 'Logs', { name: 'logs', namespace, outputs: [LogOutput.stdout()] });
  }),
  chartVariant('log-collector-docker', 'LogCollector: Docker engine, metadata', (chart) => {
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'logging' });
    new LogCollector(chart, 'Logs', {
      name: 'logs',
      namespace,
      containerRuntime: ContainerRuntime.DOCKER,
      kubernetesMetadata: {},
      outputs: [LogOutput.forward({ host: 'aggregator.logging.svc' })],
    });
  }),
  chartVariant('node-exporter-minimal', 'NodeExporter with its defaults, no proxy', (chart) => {
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'monitoring' });
    new NodeExporter(chart, 'NodeExporter', { namespace });
  }),
  chartVariant('node-exporter-pod-network', 'NodeExporter: no host network or PID', (chart) => {
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'monitoring' });
    new NodeExporter(chart, 'NodeExporter', { namespace, hostNetwork: false, hostPID: false });
  }),
];

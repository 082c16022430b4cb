import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AgentRollout, AgentToleration, Capability, HostPathType, LogCollector, LogOutput, NodeAgent, NodeAgentProps,
  NodeBudget, NodeExporter, NodeSelectorOperator, TolerationOperator,
} from '../src';
import { testChart } from './support/synth';

// Every invalid combination is a synth-time error that names the property and shows the
// value received. Each row: what is built, and two fragments the message must contain.
type Case = [string, () => void, string, string];

const agent = (props: Partial<NodeAgentProps>) => () =>
  new NodeAgent(testChart(), 'agent', { name: 'agent', image: 'busybox:1.36', ...props });
const loki = LogOutput.loki({ host: 'loki.logging.svc', port: 3100 });
const collector = (props: object) => () =>
  new LogCollector(testChart(), 'logs', { outputs: [loki], ...props });
const exporter = (props: object) => () => new NodeExporter(testChart(), 'ne', props);

const cases: Case[] = [
  // host access
  ['relative host path', agent({ hostPaths: [{ path: 'var/log' }] }), 'hostPaths[0].path', "'var/log'"],
  ['.. in a host path', agent({ hostPaths: [{ path: '/var/log/../lib' }] }), 'hostPaths[0].path', "'/var/log/../lib'"],
  ['// in a host path', agent({ hostPaths: [{ path: '/var//log' }] }), 'hostPaths[0].path', "'/var//log'"],
  ['trailing slash', agent({ hostPaths: [{ path: '/var/log/' }] }), 'hostPaths[0].path', "'/var/log/'"],
  ['empty host path', agent({ hostPaths: [{ path: '' }] }), 'hostPaths[0].path', "''"],
  ['relative mount path', agent({ hostPaths: [{ path: '/var/log', mountPath: 'logs' }] }), 'hostPaths[0].mountPath', "'logs'"],
  ['sensitive path without reason', agent({ hostPaths: [{ path: '/etc' }] }), 'hostPaths[0].path', "'/etc'"],
  ['parent of a sensitive path', agent({ hostPaths: [{ path: '/var' }] }), 'hostPaths[0].path', "'/var'"],
  ['runtime socket read-only without the stronger reason',
    agent({ hostPaths: [{ path: '/run/containerd/containerd.sock', type: HostPathType.SOCKET, sensitiveReason: 'x y' }] }),
    'hostPaths[0].path', "'/run/containerd/containerd.sock'"],
  ['writable sensitive path without the stronger reason',
    agent({ hostPaths: [{ path: '/run/xtables.lock', type: HostPathType.FILE_OR_CREATE, writable: true, sensitiveReason: 'lock' }] }),
    'hostPaths[0].writable', 'true'],
  ['Bidirectional without privilege',
    agent({ hostPaths: [{ path: '/var/log', propagation: kplus.MountPropagation.BIDIRECTIONAL }] }),
    'hostPaths[0].propagation', "'Bidirectional'"],
  ['two mounts at one container path',
    agent({ hostPaths: [{ path: '/var/log' }, { path: '/var/lib/agent', mountPath: '/var/log' }] }),
    'hostPaths[1].mountPath', "'/var/log'"],
  ['a host path over /tmp', agent({ hostPaths: [{ path: '/var/log', mountPath: '/tmp' }] }), 'writableDirectories[0].path', "'/tmp'"],
  ['blank reason', agent({ hostPaths: [{ path: '/etc', sensitiveReason: '  ' }] }), 'hostPaths[0].sensitiveReason', "'  '"],
  // hardening
  ['bare image', agent({ image: 'busybox' }), 'image', "'busybox'"],
  ['latest image', agent({ image: 'busybox:latest' }), 'image', "'busybox:latest'"],
  ['malformed digest', agent({ image: 'busybox@sha256:abc' }), 'image', "'busybox@sha256:abc'"],
  ['user 0 without runAsRoot', agent({ runAsUser: 0 }), 'runAsUser', '0'],
  ['negative user', agent({ runAsUser: -5 }), 'runAsUser', '-5'],
  ['memory limit below request',
    agent({ resources: { memoryRequest: Size.mebibytes(128), memoryLimit: Size.mebibytes(64) } }), 'resources.memoryLimit', "'64Mi'"],
  ['unknown capability', () => Capability.of('FLY'), 'capabilities', "'FLY'"],
  ['port out of range', agent({ ports: [{ number: 70000 }] }), 'ports[0].number', '70000'],
  ['port name too long', agent({ ports: [{ number: 8080, name: 'a-very-long-port-name' }] }), 'ports[0].name', "'a-very-long-port-name'"],
  ['host port differs under host network', agent({ hostNetwork: true, ports: [{ number: 8080, hostPort: 8081 }] }),
    'ports[0].hostPort', '8081'],
  ['sidecar without a name', agent({ sidecars: [{ image: 'busybox:1.36' }] }), 'sidecars[0].containerName', 'undefined'],
  ['duplicate container name', agent({ sidecars: [{ image: 'busybox:1.36', containerName: 'agent' }] }),
    'sidecars[0].containerName', "'agent'"],
  // node targeting
  ['conflicting os selector', agent({ nodeSelector: { 'kubernetes.io/os': 'windows' } }), "nodeSelector['kubernetes.io/os']", "'windows'"],
  ['In without values', agent({ requiredNodeAffinity: [{ key: 'pool', operator: NodeSelectorOperator.IN }] }),
    'requiredNodeAffinity[0].values', '[]'],
  ['Gt with a word', agent({ requiredNodeAffinity: [{ key: 'gen', operator: NodeSelectorOperator.GT, values: ['new'] }] }),
    'requiredNodeAffinity[0].values', '["new"]'],
  ['preference weight 0', agent({ preferredNodeAffinity: [{ weight: 0, requirements: [{ key: 'a', operator: NodeSelectorOperator.EXISTS }] }] }),
    'preferredNodeAffinity[0].weight', '0'],
  ['Exists toleration with a value', () => AgentToleration.of({ key: 'k', operator: TolerationOperator.EXISTS, value: 'v' }),
    'tolerations.value', "'v'"],
  ['keyless Equal toleration', () => AgentToleration.of({ operator: TolerationOperator.EQUAL }), 'tolerations.operator', "'Equal'"],
  ['tolerationSeconds without NoExecute', () => AgentToleration.of({ key: 'k', tolerationSeconds: 30 }),
    'tolerations.tolerationSeconds', '30'],
  // rollout
  ['surge on the host network', agent({ hostNetwork: true, rollout: AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(1) }) }),
    'rollout.maxSurge', "'1'"],
  ['surge and unavailability both set',
    () => AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(1), maxUnavailable: NodeBudget.count(1) }), 'rollout.maxSurge', "'1'"],
  ['both budgets zero', () => AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.count(0) }), 'rollout.maxUnavailable', "'0'"],
  ['percent over 100', () => NodeBudget.percent(150), 'rollout', "'150%'"],
  ['negative revisionHistoryLimit', agent({ revisionHistoryLimit: -1 }), 'revisionHistoryLimit', '-1'],
  // identity and API access
  ['invalid name', agent({ name: 'Agent_1' }), 'name', "'Agent_1'"],
  ['a label over a library key', agent({ labels: { 'app.kubernetes.io/name': 'x' } }), 'labels', "'app.kubernetes.io/name'"],
  ['wildcard resource', agent({ apiAccess: [{ resources: ['*'], verbs: ['get'] }] }), 'apiAccess[0].resources', "'*'"],
  ['unknown verb', agent({ apiAccess: [{ resources: ['pods'], verbs: ['escalate'] }] }), 'apiAccess[0].verbs', "'escalate'"],
  ['invalid priority class name', agent({ priorityClassName: 'Critical!' }), 'priorityClassName', "'Critical!'"],
  // LogCollector
  ['output without its host', () => LogOutput.loki({ host: '', port: 3100 }), 'host', "''"],
  ['output port out of range', () => LogOutput.forward({ host: 'fluentd.logging.svc', port: 0 }), 'port', '0'],
  ['relative state directory', collector({ stateDirectory: 'var/lib/fluent-bit' }), 'stateDirectory', "'var/lib/fluent-bit'"],
  ['state directory under a read-only log mount', collector({ stateDirectory: '/var/log/pods/state' }),
    'stateDirectory', "'/var/log/pods/state'"],
  ['collector surge', collector({ rollout: AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(1) }) }), 'rollout.maxSurge', "'1'"],
  ['buffer at the memory limit', collector({ resources: { memoryRequest: Size.mebibytes(16), memoryLimit: Size.mebibytes(32) } }),
    'containerLogs.memBufLimitMiB', '32'],
  ['collector metrics port out of range', collector({ metricsPort: 65536 }), 'metricsPort', '65536'],
  // NodeExporter
  ['exporter port out of range', exporter({ port: 0 }), 'port', '0'],
  ['relative textfile directory', exporter({ textfileDirectory: 'var/lib/node-exporter' }), 'textfileDirectory', "'var/lib/node-exporter'"],
  ['proxy internal port equal to the public port', exporter({ rbacProxy: { internalPort: 9100 } }), 'internalPort', '9100'],
  ['unknown collector', exporter({ enableCollectors: ['warp-drive'] }), 'enableCollectors', "'warp-drive'"],
  ['collector enabled and disabled', exporter({ enableCollectors: ['wifi'], disableCollectors: ['wifi'] }), 'wifi', 'disableCollectors'],
  ['scrape timeout over the interval',
    exporter({ serviceMonitor: { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(30) } }), 'scrapeTimeout', '30s'],
];

describe('bad input is refused at synth time, naming the property and the value', () => {
  test('the table holds at least forty cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  test.each(cases)('%s', (_name, build, property, value) => {
    let message = '';
    try {
      build();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).toContain(property);
    expect(message).toContain(value);
  });
});

// Valid props, generated: NodeAgents from a vocabulary of host paths (sensitive ones with
// their reasons), writable flags, types, propagation, capabilities, host namespaces, ports,
// tolerations, affinity and rollout budgets, beside LogCollector and NodeExporter variants.
// Each run synthesizes one app and sends every manifest to the API server by server-side dry
// run with strict field validation: none may be rejected. The Pod Security checks the API
// server names for each DaemonSet must be those its host-access report computed; and each
// agent's own policy, created for real, must admit its DaemonSet.
//
// Bounded and deterministic: a fixed seed, a fixed number of runs, no shrinking (a failure
// prints the generated spec, which the seed and the run's path replay).
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { installCrds } from './support/cluster';
import { ensureNamespace, kubectl, KubectlResult, poll } from './support/kubectl';
import { clone } from './support/manifests';
import { expectedChecks, parsePodSecurity, policyDenial } from './support/security';
import {
  AgentNamespace, AgentRollout, AgentToleration, Capability, ContainerRuntime, HostPathMountProps,
  HostPathType, JournalDirectory, LogCollector, LogOutput, NodeAgent, NodeBudget, NodeExporter,
  NodeSelectorOperator, RecursiveReadOnly,
} from '../../src';

const SEED = 424242;
const RUNS = 50;
const POLICY_RUNS = 15;

// -- the generated spec: plain data, so that a failure prints something readable

const SENSITIVE = { sensitiveReason: 'the agent reads node state there' };
const RUNTIME = { ...SENSITIVE, writableSensitiveReason: 'generated: acknowledged for the test' };

/** Host paths an agent may declare, each with what it needs to be valid. */
const HOST_PATHS: {
  path: string; types: HostPathType[]; extra?: Partial<HostPathMountProps>; harmless?: boolean;
}[] = [
  { path: '/var/log', types: [HostPathType.DIRECTORY] },
  { path: '/var/log/pods', types: [HostPathType.DIRECTORY, HostPathType.DIRECTORY_OR_CREATE] },
  { path: '/var/lib/agent-state', types: [HostPathType.DIRECTORY_OR_CREATE] },
  // harmless to read, so no reason needed; writing it still needs both
  { path: '/etc/localtime', types: [HostPathType.FILE], harmless: true },
  { path: '/etc/ssl/certs', types: [HostPathType.DIRECTORY], extra: SENSITIVE },
  { path: '/proc', types: [HostPathType.DIRECTORY], extra: SENSITIVE },
  { path: '/sys', types: [HostPathType.DIRECTORY], extra: SENSITIVE },
  { path: '/lib/modules', types: [HostPathType.DIRECTORY], extra: SENSITIVE },
  { path: '/var/lib/kubelet/pods', types: [HostPathType.DIRECTORY], extra: SENSITIVE },
  { path: '/run/xtables.lock', types: [HostPathType.FILE_OR_CREATE], extra: RUNTIME },
  { path: '/run/containerd/containerd.sock', types: [HostPathType.SOCKET], extra: RUNTIME },
  { path: '/dev/kmsg', types: [HostPathType.CHAR_DEVICE], extra: SENSITIVE },
  { path: '/', types: [HostPathType.DIRECTORY], extra: RUNTIME },
];

const CAPABILITIES = ['NET_ADMIN', 'NET_RAW', 'NET_BIND_SERVICE', 'SYS_PTRACE', 'DAC_READ_SEARCH',
  'BPF', 'PERFMON', 'SYS_RESOURCE'];

const hostPathSpec = (privileged: boolean) => fc.record({
  entry: fc.nat({ max: HOST_PATHS.length - 1 }),
  typeIndex: fc.nat({ max: 1 }),
  writable: fc.boolean(),
  propagation: fc.constantFrom('None', 'HostToContainer', ...(privileged ? ['Bidirectional'] : [])),
  recursive: fc.boolean(),
});

const tolerationSpec = fc.constantFrom(
  'controlPlane', 'everything', 'exists', 'equal', 'noExecute');

const agentSpec = fc.boolean().chain((privileged) => fc.record({
  privileged: fc.constant(privileged),
  hostPaths: fc.uniqueArray(hostPathSpec(privileged), { maxLength: 4, selector: (h) => h.entry }),
  capabilities: fc.subarray(CAPABILITIES),
  runAsRoot: fc.boolean(),
  runAsUser: fc.integer({ min: 1000, max: 65534 }),
  hostNetwork: fc.boolean(),
  hostPID: fc.boolean(),
  hostIPC: fc.boolean(),
  ports: fc.uniqueArray(fc.integer({ min: 1024, max: 65000 }), { maxLength: 2 }),
  hostPorts: fc.boolean(),
  tolerations: fc.uniqueArray(tolerationSpec, { maxLength: 3 }),
  nodeSelector: fc.boolean(),
  requiredAffinity: fc.boolean(),
  preferredWeight: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  rollout: fc.constantFrom('default', 'count', 'percent', 'surge', 'onDelete'),
  budget: fc.integer({ min: 1, max: 100 }),
  minReadySeconds: fc.integer({ min: 0, max: 60 }),
  revisionHistoryLimit: fc.integer({ min: 0, max: 10 }),
  apiAccess: fc.boolean(),
  priorityClass: fc.boolean(),
  sidecar: fc.boolean(),
  initContainer: fc.boolean(),
  writableDirectory: fc.boolean(),
  exposeNodeIdentity: fc.boolean(),
  memoryLimitMiB: fc.integer({ min: 64, max: 1024 }),
}));

const OUTPUTS = ['stdout', 'forward', 'loki', 'elasticsearch', 'opensearch', 'http'] as const;

const collectorSpec = fc.record({
  outputs: fc.subarray([...OUTPUTS], { minLength: 1 }),
  runtime: fc.constantFrom(
    ContainerRuntime.CONTAINERD, ContainerRuntime.CRIO, ContainerRuntime.DOCKER),
  metadata: fc.boolean(),
  journal: fc.constantFrom('none', 'persistent', 'volatile'),
  metricsPort: fc.integer({ min: 1024, max: 65000 }),
  serviceMonitor: fc.boolean(),
  priorityClass: fc.boolean(),
  tolerations: fc.uniqueArray(tolerationSpec, { maxLength: 2 }),
});

const ENABLE = ['wifi', 'systemd', 'processes', 'ethtool', 'tcpstat', 'mountstats'];
const DISABLE = ['arp', 'bcache', 'btrfs', 'zfs', 'nfs', 'infiniband'];

const exporterSpec = fc.record({
  proxy: fc.boolean(),
  port: fc.integer({ min: 1024, max: 65000 }),
  enable: fc.subarray(ENABLE),
  disable: fc.subarray(DISABLE),
  hostNetwork: fc.boolean(),
  hostPID: fc.boolean(),
  monitor: fc.constantFrom('none', 'serviceMonitor', 'podMonitor'),
  networkPolicy: fc.boolean(),
  textfile: fc.boolean(),
  tolerations: fc.uniqueArray(tolerationSpec, { maxLength: 2 }),
});

const appSpec = fc.record({
  agent: agentSpec,
  collector: fc.option(collectorSpec, { nil: undefined }),
  exporter: fc.option(exporterSpec, { nil: undefined }),
});
type AppSpec = (typeof appSpec) extends fc.Arbitrary<infer T> ? T : never;

// -- from the spec to constructs

function tolerations(names: string[]): AgentToleration[] {
  const make: { [name: string]: () => AgentToleration } = {
    controlPlane: () => AgentToleration.controlPlane(),
    everything: () => AgentToleration.everything(),
    exists: () =>
      AgentToleration.exists('node-agents.test/dedicated', kplus.TaintEffect.NO_SCHEDULE),
    equal: () => AgentToleration.equal('node-agents.test/dedicated', 'special'),
    noExecute: () => AgentToleration.of({
      key: 'node.kubernetes.io/unreachable',
      effect: kplus.TaintEffect.NO_EXECUTE,
      tolerationSeconds: 120,
    }),
  };
  return names.map((n) => make[n]());
}

function rollout(kind: string, budget: number, surgeAllowed: boolean): AgentRollout | undefined {
  switch (kind) {
    case 'count':
      return AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.count(1 + (budget % 5)) });
    case 'percent':
      return AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.percent(budget) });
    case 'surge':
      return surgeAllowed ? AgentRollout.rollingUpdate({
        maxSurge: NodeBudget.count(1), maxUnavailable: NodeBudget.count(0),
      }) : undefined;
    case 'onDelete': return AgentRollout.onDelete();
    default: return undefined;
  }
}

const PROPAGATION: { [name: string]: kplus.MountPropagation } = {
  None: kplus.MountPropagation.NONE,
  HostToContainer: kplus.MountPropagation.HOST_TO_CONTAINER,
  Bidirectional: kplus.MountPropagation.BIDIRECTIONAL,
};

function hostPaths(spec: AppSpec['agent']): HostPathMountProps[] {
  return spec.hostPaths.map((h, i) => {
    const entry = HOST_PATHS[h.entry];
    const readOnly = !h.writable;
    return {
      path: entry.path,
      mountPath: `/host/${i}`,
      type: entry.types[h.typeIndex % entry.types.length],
      writable: h.writable,
      propagation: PROPAGATION[h.propagation],
      recursiveReadOnly: readOnly && h.propagation === 'None' && h.recursive
        ? RecursiveReadOnly.IF_POSSIBLE : undefined,
      ...entry.extra,
      // writing a sensitive path takes the stronger reason too
      ...(h.writable && (entry.extra || entry.harmless) ? RUNTIME : {}),
    };
  });
}

/** The app of one run; run makes every name unique to it. */
function build(spec: AppSpec, run: number): App {
  const app = new App();
  const a = spec.agent;
  const chart = new Chart(app, 'agents');
  const hostPortsOn = a.hostPorts || a.hostNetwork;
  new NodeAgent(chart, 'Agent', {
    name: `agent-${run}`,
    namespace: new AgentNamespace(chart, 'Namespace', { name: 'prop-agents' }),
    image: run % 2 === 0 ? 'busybox:1.36' : 'docker.io/library/busybox:1.36.1',
    command: ['sh', '-c', 'sleep 3600'],
    hostPaths: hostPaths(a),
    privileged: a.privileged,
    capabilities: a.capabilities.map((c) => Capability.of(c)),
    runAsRoot: a.runAsRoot || undefined,
    runAsUser: a.runAsRoot ? undefined : a.runAsUser,
    hostNetwork: a.hostNetwork,
    hostPID: a.hostPID,
    hostIPC: a.hostIPC,
    ports: a.ports.map((number, i) => ({
      number, name: `p${i}`, hostPort: hostPortsOn ? number : undefined,
    })),
    tolerations: tolerations(a.tolerations),
    nodeSelector: a.nodeSelector ? { 'node-agents.test/pool': 'workers' } : undefined,
    requiredNodeAffinity: a.requiredAffinity ? [{
      key: 'kubernetes.io/arch', operator: NodeSelectorOperator.IN, values: ['amd64', 'arm64'],
    }] : undefined,
    preferredNodeAffinity: a.preferredWeight === undefined ? undefined : [{
      weight: a.preferredWeight,
      requirements: [{ key: 'node-agents.test/pool', operator: NodeSelectorOperator.EXISTS }],
    }],
    rollout: rollout(a.rollout, a.budget, !hostPortsOn && !a.hostNetwork),
    minReadySeconds: a.minReadySeconds,
    revisionHistoryLimit: a.revisionHistoryLimit,
    apiAccess: a.apiAccess
      ? [{ resources: ['nodes'], verbs: ['get', 'list', 'watch'] }] : undefined,
    priorityClassName: a.priorityClass ? 'system-node-critical' : undefined,
    sidecars: a.sidecar ? [{
      image: 'busybox:1.36', containerName: 'sidecar', command: ['sleep', '3600'],
    }] : undefined,
    initContainers: a.initContainer ? [{
      image: 'busybox:1.36',
      containerName: 'init',
      command: ['true'],
      hostPaths: [{ path: '/var/log', mountPath: '/logs' }],
    }] : undefined,
    writableDirectories: a.writableDirectory
      ? [{ path: '/var/cache/agent', sizeLimit: Size.mebibytes(32) }] : undefined,
    exposeNodeIdentity: a.exposeNodeIdentity,
    resources: { memoryLimit: Size.mebibytes(a.memoryLimitMiB) },
  });

  const c = spec.collector;
  if (c) {
    const logs = new Chart(app, 'logs');
    const outputs = c.outputs.map((kind) => {
      switch (kind) {
        case 'stdout': return LogOutput.stdout();
        case 'forward': return LogOutput.forward({ host: 'fluentd.logging.svc', port: 24224 });
        case 'loki':
          return LogOutput.loki({
            host: 'loki.logging.svc', port: 3100, labels: { job: 'fluent-bit' },
          });
        case 'elasticsearch':
          return LogOutput.elasticsearch({ host: 'es.logging.svc', logstashPrefix: 'kube' });
        case 'opensearch': return LogOutput.opensearch({ host: 'os.logging.svc' });
        default: return LogOutput.http({ host: 'collector.logging.svc', port: 8080, uri: '/logs' });
      }
    });
    new LogCollector(logs, 'Collector', {
      name: `collector-${run}`,
      namespace: new AgentNamespace(logs, 'Namespace', { name: 'prop-logging' }),
      outputs,
      containerRuntime: c.runtime,
      kubernetesMetadata: c.metadata ? {} : undefined,
      journal: c.journal === 'none' ? undefined : {
        directory: c.journal === 'persistent'
          ? JournalDirectory.PERSISTENT : JournalDirectory.VOLATILE,
      },
      metricsPort: c.metricsPort,
      serviceMonitor: c.serviceMonitor ? { interval: Duration.seconds(30) } : undefined,
      priorityClassName: c.priorityClass ? 'system-node-critical' : undefined,
      tolerations: c.tolerations.length > 0 ? tolerations(c.tolerations) : undefined,
    });
  }

  const e = spec.exporter;
  if (e) {
    const metrics = new Chart(app, 'metrics');
    new NodeExporter(metrics, 'Exporter', {
      name: `exporter-${run}`,
      namespace: new AgentNamespace(metrics, 'Namespace', { name: 'prop-monitoring' }),
      rbacProxy: e.proxy
        ? { scrapers: [{ name: 'prometheus-k8s', namespace: 'monitoring' }] } : undefined,
      port: e.port,
      enableCollectors: e.enable,
      disableCollectors: e.disable,
      hostNetwork: e.hostNetwork,
      hostPID: e.hostPID,
      serviceMonitor: e.monitor === 'serviceMonitor'
        ? { interval: Duration.seconds(15) } : undefined,
      // a PodMonitor reaches the proxy only with a token Secret, which this app does not have
      podMonitor: e.monitor === 'podMonitor' && !e.proxy ? {} : undefined,
      networkPolicy: !e.proxy && e.networkPolicy ? {} : undefined,
      textfileDirectory: e.textfile ? '/var/lib/node-exporter/textfile' : undefined,
      tolerations: e.tolerations.length > 0 ? tolerations(e.tolerations) : undefined,
    });
  }
  return app;
}

/** Every object of the app, and each agent's host-access report by DaemonSet name. */
function synthesize(app: App): { objects: any[]; reports: Map<string, any> } {
  const objects = app.charts.flatMap((chart) => chart.toJson());
  const reports = new Map<string, any>();
  for (const node of app.node.findAll()) {
    if (node instanceof NodeAgent) reports.set(node.name, node.hostAccess);
  }
  return { objects, reports };
}

// -- the cluster

/**
 * Applies objects as JSON documents: JSON strings stay strings, where YAML could turn a
 * generated `on` or `yes` into a boolean for kubectl's YAML 1.1 reader.
 */
const jsonStream = (objects: any[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

function applyJson(objects: any[], dryRun: boolean): Promise<KubectlResult> {
  const args = ['apply', '--server-side', '--validate=strict',
    '--field-manager=node-agents-integ-property', '-o', 'name', '-f', '-'];
  if (dryRun) args.push('--dry-run=server');
  return kubectl(args, { input: jsonStream(objects), allowFailure: true });
}

function rejected(result: KubectlResult): string | undefined {
  return result.code === 0 ? undefined : result.stderr.trim();
}

const daemonSetsOf = (objects: any[]) => objects.filter((o) => o.kind === 'DaemonSet');
const isPolicy = (o: any) => o.kind.startsWith('ValidatingAdmissionPolicy');

/** The DaemonSet with a host namespace flipped: what the agent's policy must deny. */
function flipped(ds: any): any {
  const copy = clone(ds);
  const spec = copy.spec.template.spec;
  spec.hostIPC = !spec.hostIPC;
  return copy;
}

let run = 0;
const log: string[] = [];

beforeAll(async () => {
  await installCrds();
  for (const ns of ['prop-agents', 'prop-logging', 'prop-monitoring']) await ensureNamespace(ns);
  // eslint-disable-next-line no-console
  console.log(`property test: seed ${SEED}, ${RUNS} runs; `
    + `seed ${SEED + 1}, ${POLICY_RUNS} runs with the policies in force`);
});

afterAll(async () => {
  // eslint-disable-next-line no-console
  console.log(log.join('\n'));
  await kubectl(['delete', 'validatingadmissionpolicybinding,validatingadmissionpolicy',
    '-l', 'node-agents.test/property=yes', '--ignore-not-found']);
  await kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=false',
    'prop-agents', 'prop-logging', 'prop-monitoring']);
});

test('every manifest of generated valid props is admitted, by dry run', async () => {
  await fc.assert(fc.asyncProperty(appSpec, async (spec) => {
    // GIVEN one generated app, synthesized
    const { objects, reports } = synthesize(build(spec, run++));

    // WHEN its Namespaces are created (with the Pod Security labels computed for them) and
    // everything is sent by server-side dry run, with strict field validation
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(rejected(await applyJson(namespaces, false))).toBeUndefined();
    const all = await applyJson(objects, true);

    // THEN no object is rejected
    expect(rejected(all)).toBeUndefined();
    expect(all.stdout.trim().split('\n')).toHaveLength(objects.length);

    // AND each DaemonSet, alone, draws from the namespace's warn=restricted exactly the checks
    // its host-access report computed
    for (const ds of daemonSetsOf(objects)) {
      const report = reports.get(ds.metadata.name);
      const alone = await applyJson([ds], true);
      expect(rejected(alone)).toBeUndefined();
      const verdicts = parsePodSecurity(alone.warnings.join('\n'));
      const expected = expectedChecks(report.podSecurityFindings, 'restricted');
      const checks = verdicts.filter((v) => v.level === 'restricted')
        .flatMap((v) => v.checks).sort();
      const daemonSet = ds.metadata.name;
      expect({ daemonSet, checks }).toEqual({ daemonSet, checks: expected });
    }
    const sets = daemonSetsOf(objects).length;
    log.push(`run ${run - 1}: ${objects.length} objects, ${sets} DaemonSets admitted`);
  }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
});

test('each generated agent\'s own policy, created for real, admits its DaemonSet', async () => {
  await fc.assert(fc.asyncProperty(appSpec, async (spec) => {
    // GIVEN one generated app, its namespaces, and its policies and bindings created for real
    const { objects } = synthesize(build(spec, run++));
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(rejected(await applyJson(namespaces, false))).toBeUndefined();
    const policies = objects.filter(isPolicy).map((o) => {
      const copy = clone(o);
      copy.metadata.labels = { ...copy.metadata.labels, 'node-agents.test/property': 'yes' };
      return copy;
    });
    expect(rejected(await applyJson(policies, false))).toBeUndefined();

    try {
      for (const ds of daemonSetsOf(objects)) {
        // WHEN the policy is in force (a DaemonSet with a host namespace flipped is denied)
        const name = `${ds.metadata.namespace}-${ds.metadata.name}-host-access`;
        const what = `policy ${name} in force`;
        await poll({ timeoutMs: 30_000, intervalMs: 200, what }, async () =>
          (policyDenial(await applyJson([flipped(ds)], true))?.policy === name ? true : undefined));

        // THEN the DaemonSet as synthesized is admitted
        expect({ daemonSet: ds.metadata.name, rejected: rejected(await applyJson([ds], true)) })
          .toEqual({ daemonSet: ds.metadata.name, rejected: undefined });
      }
    } finally {
      await kubectl(['delete', '--ignore-not-found', '-f', '-'],
        { input: jsonStream(policies) });
    }
  }), { seed: SEED + 1, numRuns: POLICY_RUNS, endOnFailure: true });
});

import { App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AgentNamespace, AgentRollout, AgentToleration, Capability, HostPathType, LEVEL_ANNOTATION,
  NodeAgent, NodeBudget, NodeSelectorOperator, PodSecurityLevel, RecursiveReadOnly, Warnings,
} from '../src';
import { build, containerNamed, IMAGE, literal, renderAgent } from './support/agent';
import { only, podSpec, synth, testChart } from './support/synth';

interface CustomisedApp {
  readonly app: App;
  readonly chart: Chart;
  readonly agent: NodeAgent;
}

/** A customised agent: most of what NodeAgent offers, in one app. */
function customisedApp(): CustomisedApp {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const namespace = new AgentNamespace(chart, 'Namespace', {
    name: 'agents',
    labels: { team: 'platform' },
  });
  const agent = new NodeAgent(chart, 'agent', {
    name: 'node-tool',
    namespace,
    image: 'registry.example.com/node-tool:2.4.1',
    args: ['--node=$(NODE_NAME)'],
    appName: 'node-tool',
    partOf: 'platform',
    labels: { team: 'platform' },
    exposeNodeIdentity: true,
    hostNetwork: true,
    ports: [{ number: 9100, name: 'metrics' }],
    capabilities: [Capability.NET_ADMIN],
    hostPaths: [
      { path: '/var/log' },
      { path: '/lib/modules', sensitiveReason: 'loads the modules the network needs' },
      { path: '/var/lib/node-tool', type: HostPathType.DIRECTORY_OR_CREATE, writable: true },
      { path: '/opt/cni/bin', recursiveReadOnly: RecursiveReadOnly.IF_POSSIBLE },
    ],
    sidecars: [{ containerName: 'reloader', image: 'reloader:0.9' }],
    apiAccess: [{ resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
    tolerations: [AgentToleration.everything()],
    requiredNodeAffinity: [
      { key: 'node.example.com/pool', operator: NodeSelectorOperator.IN, values: ['edge'] },
    ],
    rollout: AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.percent(20) }),
    minReadySeconds: 10,
    revisionHistoryLimit: 5,
    priorityClassName: 'system-node-critical',
    terminationGracePeriod: Duration.seconds(10),
    podAnnotations: { 'example.com/owner': 'platform' },
  });
  return { app, chart, agent };
}

function levelAnnotationOf(manifests: any[]): string {
  return only(manifests, 'DaemonSet').metadata.annotations[LEVEL_ANNOTATION];
}

describe('NodeAgent', () => {
  test('renders the defaults of a minimal agent', () => {
    // GIVEN
    const chart = testChart();

    // WHEN
    new NodeAgent(chart, 'agent', { image: IMAGE });

    // THEN
    expect(synth(chart)).toMatchSnapshot();
  });

  test('renders a customised agent', () => {
    const { chart } = customisedApp();

    expect(synth(chart)).toMatchSnapshot();
  });

  test('emits a ServiceAccount, a DaemonSet and its host-access policy, nothing else', () => {
    const { manifests } = renderAgent();

    expect(manifests.map((m) => `${m.apiVersion}/${m.kind}`)).toEqual([
      'v1/ServiceAccount',
      'apps/v1/DaemonSet',
      'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
    ]);
  });

  test('emits only the ServiceAccount and the DaemonSet without the policy', () => {
    const { manifests } = renderAgent({ hostAccessPolicy: false });

    expect(manifests.map((m) => `${m.apiVersion}/${m.kind}`))
      .toEqual(['v1/ServiceAccount', 'apps/v1/DaemonSet']);
  });

  test('annotates the DaemonSet with the Pod Security level it needs', () => {
    expect(levelAnnotationOf(renderAgent().manifests)).toBe('restricted');
    expect(levelAnnotationOf(renderAgent({ hostPaths: [{ path: '/var/log' }] }).manifests))
      .toBe('privileged');
  });

  test('sets the priority class, the grace period and the pod annotations given', () => {
    const { spec, template } = renderAgent({
      priorityClassName: 'high-priority',
      terminationGracePeriod: Duration.seconds(5),
      podAnnotations: { 'example.com/owner': 'platform' },
    });

    expect(spec.priorityClassName).toBe('high-priority');
    expect(spec.terminationGracePeriodSeconds).toBe(5);
    expect(template.annotations).toEqual({ 'example.com/owner': 'platform' });
  });

  test('sets no priority class and a 30 second grace period by default', () => {
    const { spec, template } = renderAgent();

    expect(spec).not.toHaveProperty('priorityClassName');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(template).not.toHaveProperty('annotations');
  });

  test('refuses a pod annotation key that is not a key', () => {
    expect(() => build({ podAnnotations: { 'not a key': 'x' } })).toThrow(
      literal("podAnnotations: received 'not a key'; expected a label key"));
  });

  test('runs the given command and arguments', () => {
    const { spec } = renderAgent({ command: ['/bin/agent'], args: ['--once'] });

    expect(containerNamed(spec, 'agent'))
      .toMatchObject({ command: ['/bin/agent'], args: ['--once'] });
  });

  test('runs init containers before the others', () => {
    const { spec } = renderAgent({
      initContainers: [{ containerName: 'setup', image: IMAGE, command: ['true'] }],
    });

    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['setup']);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['agent']);
  });
});

describe('escape hatches', () => {
  test('daemonSet is the cdk8s-plus DaemonSet, whose changes reach the manifest', () => {
    // GIVEN
    const chart = testChart();
    const agent = new NodeAgent(chart, 'agent', { image: IMAGE });

    // WHEN
    const edge = kplus.NodeTaintQuery.exists('example.com/edge');
    agent.daemonSet.scheduling.tolerate(kplus.Node.tainted(edge));

    // THEN
    expect(agent.daemonSet).toBeInstanceOf(kplus.DaemonSet);
    expect(podSpec(synth(chart)).tolerations)
      .toEqual([{ key: 'example.com/edge', operator: 'Exists' }]);
  });

  test('apiObject takes JSON patches that reach the manifest', () => {
    const chart = testChart();
    const agent = new NodeAgent(chart, 'agent', { image: IMAGE });

    agent.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/shareProcessNamespace', true));

    expect(agent.apiObject.kind).toBe('DaemonSet');
    expect(podSpec(synth(chart)).shareProcessNamespace).toBe(true);
  });

  test('apiObject patches still apply to an agent with late patches', () => {
    // GIVEN an agent whose recursive read-only mount and hostPID are set after conversion
    const chart = testChart();
    const agent = new NodeAgent(chart, 'agent', {
      image: IMAGE,
      hostPID: true,
      hostPaths: [{ path: '/opt/a', recursiveReadOnly: RecursiveReadOnly.ENABLED }],
    });

    // WHEN
    agent.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/shareProcessNamespace', true));

    // THEN the user patch and the late ones are all in the manifest
    const spec = podSpec(synth(chart));
    expect(spec.shareProcessNamespace).toBe(true);
    expect(spec.hostPID).toBe(true);
    expect(containerNamed(spec, 'agent').volumeMounts[0].recursiveReadOnly).toBe('Enabled');
  });

  test('container is the main cdk8s-plus container', () => {
    const chart = testChart();
    const agent = new NodeAgent(chart, 'agent', { image: IMAGE });

    agent.container.env.addVariable('EXTRA', kplus.EnvValue.fromValue('1'));

    expect(agent.container.name).toBe('agent');
    expect(containerNamed(podSpec(synth(chart)), 'agent').env)
      .toEqual([{ name: 'EXTRA', value: '1' }]);
  });

  test('serviceAccount is the agent ServiceAccount', () => {
    const { agent } = renderAgent();

    expect(agent.serviceAccount).toBeInstanceOf(kplus.ServiceAccount);
    expect(agent.serviceAccount.name).toBe('agent');
  });
});

describe('warnings', () => {
  test('are collected from the app as data, with the path of the agent that raised them', () => {
    // GIVEN an agent that needs privileged and a critical class, in an unmanaged namespace
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new NodeAgent(chart, 'agent', {
      name: 'logs',
      image: IMAGE,
      hostPaths: [{ path: '/var/log' }],
      priorityClassName: 'system-node-critical',
    });
    new NodeAgent(chart, 'quiet', { image: IMAGE });

    // WHEN
    const warnings = Warnings.collect(app);

    // THEN
    expect(warnings.map((w) => w.path)).toEqual(['test/agent', 'test/agent']);
    expect(warnings[0].message)
      .toMatch(/^namespace 'default' is not managed by this app: it must admit the 'privileged'/);
    expect(warnings[1].message)
      .toMatch(/^priority class 'system-node-critical' outside kube-system/);
  });

  test('are none for a default agent', () => {
    const { chart } = renderAgent();

    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('go to the warning channel only, never to the console', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      renderAgent({ hostPaths: [{ path: '/var/log' }], priorityClassName: 'system-node-critical' });

      expect(log).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      warn.mockRestore();
      error.mockRestore();
    }
  });
});

describe('the host access report', () => {
  test('describes what the agent can touch, as data', () => {
    // GIVEN / WHEN
    const { agent } = customisedApp();

    // THEN
    const report = agent.hostAccess;
    expect(report).toMatchObject({
      agent: 'node-tool',
      namespace: 'agents',
      hostNetwork: true,
      hostPID: false,
      hostIPC: false,
      serviceAccountName: 'node-tool',
      serviceAccountToken: true,
      apiAccess: [{ resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
      nonResourceAccess: [],
      priorityClassName: 'system-node-critical',
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
    });
    expect(report.podSecurityFindings.baseline)
      .toEqual(['host namespaces', 'non-default capabilities', 'hostPath volumes', 'hostPort']);
  });

  test('lists each host path mount with its container, type, mode and reason', () => {
    const { agent } = customisedApp();

    const grants = agent.hostAccess.hostPaths;
    expect(grants.map((g) => [g.container, g.path, g.mountPath, g.type, g.readOnly])).toEqual([
      ['agent', '/var/log', '/var/log', 'Directory', true],
      ['agent', '/lib/modules', '/lib/modules', 'Directory', true],
      ['agent', '/var/lib/node-tool', '/var/lib/node-tool', 'DirectoryOrCreate', false],
      ['agent', '/opt/cni/bin', '/opt/cni/bin', 'Directory', true],
    ]);
    expect(grants[1]).toMatchObject({
      volumeName: 'host-lib-modules',
      sensitive: true,
      reason: 'loads the modules the network needs',
      propagation: 'None',
      reachesRuntimeSocket: false,
    });
    expect(grants[3].recursiveReadOnly).toBe('IfPossible');
  });

  test('lists each container with its security settings', () => {
    const { agent } = customisedApp();

    const hardened = {
      init: false,
      privileged: false,
      runAsUser: 65534,
      runAsGroup: 65534,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    };
    expect(agent.hostAccess.containers).toEqual([
      {
        ...hardened,
        name: 'agent',
        image: 'registry.example.com/node-tool:2.4.1',
        capabilities: ['NET_ADMIN'],
        hostPorts: [9100],
      },
      { ...hardened, name: 'reloader', image: 'reloader:0.9', capabilities: [], hostPorts: [] },
    ]);
  });

  test('is plain data that survives JSON', () => {
    const { agent } = customisedApp();

    expect(JSON.parse(JSON.stringify(agent.hostAccess))).toEqual(agent.hostAccess);
  });
});

describe('determinism', () => {
  test('two synths of the same app are byte-identical', () => {
    // GIVEN the same app built twice
    const first = customisedApp().app.synthYaml();
    const second = customisedApp().app.synthYaml();

    // THEN
    expect(second).toBe(first);
    expect(first).toMatch(/^kind: DaemonSet$/m);
  });

  test('synthesizing one app twice gives the same output', () => {
    const { app } = customisedApp();

    expect(app.synthYaml()).toBe(app.synthYaml());
  });
});

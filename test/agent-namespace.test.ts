import { Chart } from 'cdk8s';
import {
  AgentNamespace, Capability, HostPathType, NodeAgent, NodeAgentProps, PodSecurityLevel, Warnings,
} from '../src';
import { leastLevelAdmitting } from '../src/pod-security';
import { IMAGE, literal } from './support/agent';
import { only, synth, testChart } from './support/synth';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const WARN = 'pod-security.kubernetes.io/warn';
const AUDIT = 'pod-security.kubernetes.io/audit';

const { RESTRICTED, BASELINE, PRIVILEGED } = PodSecurityLevel;

// One agent of each Pod Security level.
const RESTRICTED_AGENT: Partial<NodeAgentProps> = {};
const BASELINE_AGENT: Partial<NodeAgentProps> = { runAsRoot: true };
const PRIVILEGED_AGENT: Partial<NodeAgentProps> = { hostPaths: [{ path: '/var/log' }] };

interface Rendered {
  readonly chart: Chart;
  readonly namespace: AgentNamespace;
  readonly manifests: any[];
}

/** An AgentNamespace named `agents` holding one agent per props given. */
function namespaceWith(...agents: Partial<NodeAgentProps>[]): Rendered {
  const chart = testChart();
  const namespace = new AgentNamespace(chart, 'Namespace', { name: 'agents' });
  agents.forEach((props, i) => new NodeAgent(chart, `agent${i}`, {
    name: `agent-${i}`,
    image: IMAGE,
    namespace,
    ...props,
  }));
  return { chart, namespace, manifests: synth(chart) };
}

function labelsOf(manifests: any[]): { [key: string]: string } {
  return only(manifests, 'Namespace').metadata.labels;
}

function kindsOf(manifests: any[], ...kinds: string[]): string[] {
  return manifests.map((m) => m.kind).filter((kind) => kinds.includes(kind));
}

/** One agent in a namespace this app does not manage. */
function unmanaged(namespace: string, props: Partial<NodeAgentProps> = {}): Chart {
  const chart = testChart();
  new NodeAgent(chart, 'agent', {
    image: IMAGE,
    namespace: AgentNamespace.fromName(namespace),
    ...props,
  });
  return chart;
}

describe('an AgentNamespace', () => {
  test('without agents enforces, warns and audits restricted', () => {
    // GIVEN / WHEN
    const { manifests, namespace } = namespaceWith();

    // THEN
    expect(only(manifests, 'Namespace').metadata.name).toBe('agents');
    expect(labelsOf(manifests))
      .toEqual({ [ENFORCE]: 'restricted', [WARN]: 'restricted', [AUDIT]: 'restricted' });
    expect(namespace.enforcedLevel).toBe(RESTRICTED);
    expect(namespace.managed).toBe(true);
  });

  test('with only restricted agents enforces restricted', () => {
    const { manifests } = namespaceWith(RESTRICTED_AGENT, RESTRICTED_AGENT);

    expect(labelsOf(manifests)[ENFORCE]).toBe('restricted');
  });

  test('with a root agent enforces baseline', () => {
    const { manifests } = namespaceWith(RESTRICTED_AGENT, BASELINE_AGENT);

    expect(labelsOf(manifests)[ENFORCE]).toBe('baseline');
  });

  test('with a host path agent enforces privileged, the least level that admits all', () => {
    const { manifests } = namespaceWith(BASELINE_AGENT, PRIVILEGED_AGENT, RESTRICTED_AGENT);

    expect(labelsOf(manifests)[ENFORCE]).toBe('privileged');
  });

  test('keeps warn and audit at restricted whatever it enforces', () => {
    const { manifests } = namespaceWith(PRIVILEGED_AGENT);

    expect(labelsOf(manifests)[WARN]).toBe('restricted');
    expect(labelsOf(manifests)[AUDIT]).toBe('restricted');
  });

  test('places its agents and their objects in it', () => {
    const { manifests } = namespaceWith(RESTRICTED_AGENT);

    expect(only(manifests, 'DaemonSet').metadata.namespace).toBe('agents');
    expect(only(manifests, 'ServiceAccount').metadata.namespace).toBe('agents');
  });

  test('carries extra labels', () => {
    const chart = testChart();
    new AgentNamespace(chart, 'Namespace', { name: 'agents', labels: { team: 'platform' } });

    expect(labelsOf(synth(chart)).team).toBe('platform');
  });

  test('refuses Pod Security labels set by hand', () => {
    expect(() => new AgentNamespace(testChart(), 'Namespace', {
      name: 'agents',
      labels: { [ENFORCE]: 'privileged' },
    })).toThrow(literal(
      `labels: received '${ENFORCE}'; the Pod Security labels are computed from the agents`));
  });

  test('refuses a name that is not a DNS label', () => {
    expect(() => new AgentNamespace(testChart(), 'Namespace', { name: 'Agents' })).toThrow(
      literal("name: received 'Agents'; expected an RFC 1123 label"));
  });

  test.each([0, 1.5])('refuses criticalPodsPerAgent %s', (criticalPodsPerAgent) => {
    expect(() => new AgentNamespace(testChart(), 'Namespace', {
      name: 'agents',
      criticalPodsPerAgent,
    })).toThrow(literal(`criticalPodsPerAgent: received ${criticalPodsPerAgent}; `
      + 'expected a whole number from 1 to 1000000'));
  });
});

describe('Pod Security levels of agents', () => {
  function levelOf(props: Partial<NodeAgentProps>): PodSecurityLevel {
    const agent = new NodeAgent(testChart(), 'agent', { image: IMAGE, ...props });
    return agent.hostAccess.podSecurityLevel;
  }

  test.each<[string, Partial<NodeAgentProps>, PodSecurityLevel]>([
    ['the defaults', {}, RESTRICTED],
    ['NET_BIND_SERVICE', { capabilities: [Capability.NET_BIND_SERVICE] }, RESTRICTED],
    ['CHOWN, a baseline capability', { capabilities: [Capability.of('CHOWN')] }, BASELINE],
    ['root', { runAsRoot: true }, BASELINE],
    ['NET_ADMIN', { capabilities: [Capability.NET_ADMIN] }, PRIVILEGED],
    ['a host path', { hostPaths: [{ path: '/var/log' }] }, PRIVILEGED],
    ['a harmless host file',
      { hostPaths: [{ path: '/etc/machine-id', type: HostPathType.FILE }] }, PRIVILEGED],
    ['hostNetwork', { hostNetwork: true }, PRIVILEGED],
    ['hostPID', { hostPID: true }, PRIVILEGED],
    ['hostIPC', { hostIPC: true }, PRIVILEGED],
    ['a host port', { ports: [{ number: 80, hostPort: 80 }] }, PRIVILEGED],
    ['privileged', { privileged: true }, PRIVILEGED],
  ])('are computed for %s', (_what, props, level) => {
    expect(levelOf(props)).toBe(level);
  });

  test('name the checks an agent fails, as the API server does', () => {
    const agent = new NodeAgent(testChart(), 'agent', {
      image: IMAGE,
      hostNetwork: true,
      runAsRoot: true,
      hostPaths: [{ path: '/var/log' }],
    });

    expect(agent.hostAccess.podSecurityFindings).toEqual({
      baseline: ['host namespaces', 'hostPath volumes'],
      restricted: ['restricted volume types', 'runAsNonRoot != true', 'runAsUser=0'],
    });
  });

  test('combine to the least level that admits all', () => {
    expect(leastLevelAdmitting([])).toBe(RESTRICTED);
    expect(leastLevelAdmitting([BASELINE, RESTRICTED])).toBe(BASELINE);
    expect(leastLevelAdmitting([PRIVILEGED, BASELINE])).toBe(PRIVILEGED);
  });
});

describe('critical priority classes', () => {
  test.each(['system-node-critical', 'system-cluster-critical'])(
    'get a ResourceQuota that admits %s outside kube-system', (priorityClassName) => {
      // GIVEN / WHEN
      const { manifests } = namespaceWith({ priorityClassName });

      // THEN
      const quota = only(manifests, 'ResourceQuota');
      expect(quota.metadata).toEqual({ name: 'critical-pods', namespace: 'agents' });
      expect(quota.spec).toEqual({
        hard: { pods: '5000' },
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'PriorityClass', operator: 'In', values: [priorityClassName] },
          ],
        },
      });
    });

  test('share one quota, sized for every critical agent and listing every class', () => {
    const { manifests } = namespaceWith(
      { priorityClassName: 'system-node-critical' },
      { priorityClassName: 'system-cluster-critical' },
      { priorityClassName: 'system-node-critical' },
      RESTRICTED_AGENT,
    );

    const quota = only(manifests, 'ResourceQuota');
    expect(quota.spec.hard.pods).toBe('15000');
    expect(quota.spec.scopeSelector.matchExpressions[0].values)
      .toEqual(['system-cluster-critical', 'system-node-critical']);
  });

  test('size the quota with criticalPodsPerAgent', () => {
    const chart = testChart();
    const namespace = new AgentNamespace(chart, 'Namespace', {
      name: 'agents',
      criticalPodsPerAgent: 200,
    });
    new NodeAgent(chart, 'agent', {
      image: IMAGE,
      namespace,
      priorityClassName: 'system-node-critical',
    });

    expect(only(synth(chart), 'ResourceQuota').spec.hard.pods).toBe('200');
  });

  test('get no quota when no agent has one', () => {
    const { manifests } = namespaceWith(RESTRICTED_AGENT, { priorityClassName: 'high-priority' });

    expect(kindsOf(manifests, 'ResourceQuota')).toEqual([]);
    const classes = manifests.filter((m) => m.kind === 'DaemonSet')
      .map((m) => m.spec.template.spec.priorityClassName);
    expect(classes).toEqual([undefined, 'high-priority']);
  });

  test('get no quota in kube-system', () => {
    const chart = testChart();
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'kube-system' });
    new NodeAgent(chart, 'agent', {
      image: IMAGE,
      namespace,
      priorityClassName: 'system-node-critical',
    });

    expect(kindsOf(synth(chart), 'ResourceQuota')).toEqual([]);
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('raise no warning in a managed namespace, which has the quota', () => {
    const { chart } = namespaceWith({
      priorityClassName: 'system-node-critical',
      ...PRIVILEGED_AGENT,
    });

    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('refuse a priority class name that is not a DNS label', () => {
    expect(() => unmanaged('default', { priorityClassName: 'System_Critical' })).toThrow(
      literal("priorityClassName: received 'System_Critical'; expected an RFC 1123 label"));
  });
});

describe('a namespace the app does not manage', () => {
  test('is the chart namespace, or default, when none is given', () => {
    const inChart = new NodeAgent(testChart('monitoring'), 'agent', { image: IMAGE });
    const inDefault = new NodeAgent(testChart(), 'agent', { image: IMAGE });

    expect(inChart.namespace.name).toBe('monitoring');
    expect(inChart.namespace.managed).toBe(false);
    expect(inDefault.namespace.name).toBe('default');
  });

  test('emits no Namespace and no quota', () => {
    const chart = unmanaged('monitoring', { priorityClassName: 'system-node-critical' });

    const manifests = synth(chart);
    expect(kindsOf(manifests, 'DaemonSet')).toEqual(['DaemonSet']);
    expect(kindsOf(manifests, 'Namespace', 'ResourceQuota')).toEqual([]);
  });

  test('raises no warning for a restricted agent', () => {
    expect(Warnings.collect(unmanaged('monitoring'))).toEqual([]);
  });

  test('raises a warning that names the level an agent needs, and why', () => {
    // GIVEN
    const chart = unmanaged('monitoring', { name: 'logs', ...PRIVILEGED_AGENT });

    // WHEN
    const warnings = Warnings.collect(chart);

    // THEN
    expect(warnings).toHaveLength(1);
    expect(warnings[0].path).toBe('test/agent');
    expect(warnings[0].message).toMatch(literal(
      "namespace 'monitoring' is not managed by this app: "
      + "it must admit the 'privileged' Pod Security level "
      + "(label pod-security.kubernetes.io/enforce=privileged) for the pods of 'logs'"));
    expect(warnings[0].message).toMatch(/they fail: hostPath volumes, restricted volume types$/);
  });

  test('raises a warning naming baseline for a root agent', () => {
    const chart = testChart();
    new NodeAgent(chart, 'agent', { image: IMAGE, ...BASELINE_AGENT });

    expect(Warnings.collect(chart).map((w) => w.message)).toEqual([
      expect.stringMatching(literal("namespace 'default' is not managed by this app: "
        + "it must admit the 'baseline' Pod Security level "
        + '(label pod-security.kubernetes.io/enforce=baseline)')),
    ]);
  });

  test('raises a warning for a critical priority class outside kube-system', () => {
    const chart = unmanaged('monitoring', { priorityClassName: 'system-cluster-critical' });

    expect(Warnings.collect(chart).map((w) => w.message)).toEqual([
      expect.stringMatching(literal("priority class 'system-cluster-critical' outside kube-system: "
        + "many clusters admit it in namespace 'monitoring' only with a ResourceQuota "
        + 'whose scopeSelector allows it')),
    ]);
  });

  test('raises no priority class warning in kube-system', () => {
    const chart = unmanaged('kube-system', { priorityClassName: 'system-node-critical' });

    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('raises no priority class warning for an ordinary class', () => {
    expect(Warnings.collect(unmanaged('default', { priorityClassName: 'high-priority' })))
      .toEqual([]);
  });

  test('is refused when its name is not a DNS label', () => {
    expect(() => AgentNamespace.fromName('Kube_System')).toThrow(
      literal("namespace: received 'Kube_System'; expected an RFC 1123 label"));
  });
});

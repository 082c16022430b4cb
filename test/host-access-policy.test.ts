import { HostPathType, NodeAgent, AgentNamespace, Capability, HostAccessPolicy } from '../src';
import { synth, testChart } from './support/synth';

function build(extra: object = {}) {
  const chart = testChart();
  const agent = new NodeAgent(chart, 'agent', {
    name: 'logs',
    namespace: AgentNamespace.fromName('logging'),
    image: 'busybox:1.36',
    hostPaths: [
      { path: '/var/log', mountPath: '/host-logs' },
      { path: '/var/lib/logs-state', type: HostPathType.DIRECTORY_OR_CREATE, writable: true },
    ],
    capabilities: [Capability.DAC_READ_SEARCH],
    ...extra,
  });
  return { agent, manifests: synth(chart) };
}

const variable = (policy: any, name: string) =>
  policy.spec.variables.find((v: any) => v.name === name).expression;

describe('HostAccessPolicy', () => {
  test('is emitted by default with a binding scoped to the agent namespace', () => {
    // GIVEN / WHEN
    const { manifests } = build();

    // THEN
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    const binding = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicyBinding');
    expect(policy.metadata.name).toBe('logging-logs-host-access');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(binding.spec).toEqual({
      policyName: 'logging-logs-host-access',
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logging' } } },
    });
  });

  test('matches the DaemonSet, its pods and their ephemeral containers', () => {
    const { manifests } = build();
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    const resources = policy.spec.matchConstraints.resourceRules.flatMap((r: any) => r.resources);
    expect(resources).toEqual(['daemonsets', 'pods', 'pods/ephemeralcontainers']);
    const match = policy.spec.matchConditions[0].expression;
    expect(match).toContain('object.metadata.name == "logs"');
    expect(match).toContain('o.kind == "DaemonSet" && o.name == "logs"');
    expect(match).toContain('object.metadata.labels["app.kubernetes.io/instance"] == "logs"');
  });

  test('pins exactly the declared volumes and mounts, as whole values', () => {
    const { manifests } = build();
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    expect(variable(policy, 'declaredVolumes')).toBe(
      '["host-var-lib-logs-state|/var/lib/logs-state|DirectoryOrCreate", "host-var-log|/var/log|Directory"]');
    expect(variable(policy, 'declaredMounts')).toBe(
      '["agent|host-var-lib-logs-state|/var/lib/logs-state|rw|None|||", "agent|host-var-log|/host-logs|ro|None|||"]');
    expect(variable(policy, 'capabilities')).toBe('{"agent": ["DAC_READ_SEARCH"]}');
    expect(variable(policy, 'privileged')).toBe('[]');
    expect(variable(policy, 'hostPorts')).toBe('[]');
  });

  test('pins the host namespaces to their declared values', () => {
    const { manifests } = build({ hostNetwork: true, ports: [{ number: 9100 }] });
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    const expressions = policy.spec.validations.map((v: any) => v.expression);
    expect(expressions).toContain('(has(variables.spec.hostNetwork) && variables.spec.hostNetwork) == true');
    expect(expressions).toContain('(has(variables.spec.hostPID) && variables.spec.hostPID) == false');
    expect(expressions).toContain('(has(variables.spec.hostIPC) && variables.spec.hostIPC) == false');
    expect(variable(policy, 'hostPorts')).toBe('[9100]');
  });

  test('every validation says what differs', () => {
    const { manifests } = build();
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    for (const validation of policy.spec.validations) {
      expect(validation.message).toMatch(/agent logs/);
      expect(validation.reason).toBe('Forbidden');
    }
  });

  test('can be turned off', () => {
    const { agent, manifests } = build({ hostAccessPolicy: false });
    expect(agent.policy).toBeUndefined();
    expect(manifests.filter((m) => m.kind.startsWith('ValidatingAdmissionPolicy'))).toEqual([]);
  });
});

describe('HostAccessPolicy scope and messages', () => {
  test('also matches pods by the name prefix the DaemonSet controller gives them', () => {
    // GIVEN an agent named logs; WHEN a pod is relabelled out of the DaemonSet it keeps its
    // generated name, so the policy must still match it
    const { manifests } = build();
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    expect(policy.spec.matchConditions[0].expression)
      .toContain('has(object.metadata.generateName) && object.metadata.generateName == "logs-"');
  });

  test('names an unset or empty hostPath type, a subPath and a recursive read-only change', () => {
    const { manifests } = build();
    const policy = manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    const messages = policy.spec.validations.map((v: any) => v.messageExpression ?? '').join('\n');
    expect(messages).toContain('has(v.hostPath.type) && v.hostPath.type != "" ? v.hostPath.type : "unset"');
    expect(messages).toContain('", recursiveReadOnly " + m.recursiveReadOnly');
    expect(messages).toContain('", subPath " + m.subPath');
  });

  test('names the agent through a variable, so every agent shares the same CEL text', () => {
    // GIVEN two agents with different names and host access
    const first = build().manifests.find((m) => m.kind === 'ValidatingAdmissionPolicy');
    const chart = testChart();
    new NodeAgent(chart, 'other', {
      name: 'metrics',
      namespace: AgentNamespace.fromName('monitoring'),
      image: 'busybox:1.36',
      hostPaths: [{ path: '/var/log/metrics', mountPath: '/host/metrics' }],
    });
    const second = synth(chart).find((m) => m.kind === 'ValidatingAdmissionPolicy');

    // THEN each declares its name once, as a CEL string
    expect(variable(first, 'agent')).toBe('"logs"');
    expect(variable(second, 'agent')).toBe('"metrics"');
    // AND the expressions that build the denial messages are the same text for both, naming
    // the agent only through variables.agent, while the plain messages name it directly
    const texts = (policy: any) => policy.spec.validations.map((v: any) => [v.expression, v.messageExpression]);
    expect(texts(second)).toEqual(texts(first));
    for (const v of second.spec.validations) {
      expect(v.messageExpression ?? '').not.toContain('metrics');
      expect(v.message).toContain('agent metrics');
    }
    expect(second.spec.validations.filter((v: any) => v.messageExpression)
      .every((v: any) => v.messageExpression.includes('" + variables.agent + "'))).toBe(true);
  });

  test('refuses a hand-built report whose host namespaces are not true or false', () => {
    // GIVEN the report of a real agent, with hostPID no longer a boolean (as JavaScript allows)
    const { agent } = build();
    const report = { ...agent.hostAccess, hostPID: 'yes' as unknown as boolean };

    // THEN the policy names the field and the value instead of emitting `== yes`
    expect(() => new HostAccessPolicy(testChart(), 'policy', { report }))
      .toThrow("report.hostPID: received 'yes'; true or false (the host namespace the policy pins)");
  });
});

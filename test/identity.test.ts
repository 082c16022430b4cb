import { Testing } from 'cdk8s';
import { NodeAgent, NodeAgentProps } from '../src';
import { agentLabels, SELECTOR_KEYS } from '../src/identity';
import { build, IMAGE, literal, renderAgent } from './support/agent';
import { only, testChart } from './support/synth';

const DIGEST = `sha256:${'b'.repeat(64)}`;

function daemonSet(props: Partial<NodeAgentProps> = {}): any {
  return only(renderAgent(props).manifests, 'DaemonSet');
}

describe('identity labels', () => {
  test('are the app.kubernetes.io labels, with the image tag as the version', () => {
    // GIVEN / WHEN
    const { agent } = renderAgent();

    // THEN
    expect(agent.labels).toEqual({
      'app.kubernetes.io/name': 'agent',
      'app.kubernetes.io/instance': 'agent',
      'app.kubernetes.io/component': 'agent',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/version': '1.36',
    });
  });

  test('sit on the DaemonSet, its pod template and the ServiceAccount', () => {
    const { agent, manifests, template } = renderAgent();

    expect(only(manifests, 'DaemonSet').metadata.labels).toEqual(agent.labels);
    expect(only(manifests, 'ServiceAccount').metadata.labels).toEqual(agent.labels);
    expect(template.labels).toMatchObject(agent.labels);
  });

  test('take appName, component, partOf and extra labels', () => {
    const { agent } = renderAgent({
      appName: 'fluent-bit',
      component: 'log-collector',
      partOf: 'observability',
      labels: { team: 'platform' },
    });

    expect(agent.labels).toEqual({
      'app.kubernetes.io/name': 'fluent-bit',
      'app.kubernetes.io/instance': 'agent',
      'app.kubernetes.io/component': 'log-collector',
      'app.kubernetes.io/part-of': 'observability',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/version': '1.36',
      'team': 'platform',
    });
  });

  test('have no version for an image pinned by digest only', () => {
    const { agent } = renderAgent({ image: `busybox@${DIGEST}` });

    expect(agent.labels).not.toHaveProperty(['app.kubernetes.io/version']);
  });

  test('take the tag of an image with a tag and a digest', () => {
    const { agent } = renderAgent({ image: `busybox:1.37@${DIGEST}` });

    expect(agent.labels['app.kubernetes.io/version']).toBe('1.37');
  });

  test.each(SELECTOR_KEYS.concat(['app.kubernetes.io/component', 'app.kubernetes.io/managed-by',
    'app.kubernetes.io/version']))('cannot be overridden at %s by user labels', (key) => {
    expect(() => build({ labels: { [key]: 'mine' } })).toThrow(
      literal(`labels: received '${key}'; the library sets ${key} itself; use appName, component `
        + 'or partOf'));
  });

  test('refuse a label key or value that is not one', () => {
    expect(() => build({ labels: { 'bad key': 'x' } })).toThrow(literal("labels: received 'bad "
      + "key'; expected a label key"));
    expect(() => build({ labels: { team: 'a b' } })).toThrow(literal("labels['team']: received 'a "
      + "b'; expected a label value"));
  });

  test.each([['appName', 'Fluent Bit'], ['component', '-x'], ['partOf', 'a'.repeat(64)]])(
    'refuse %s that is not a label value', (prop, value) => {
      expect(() => build({ [prop]: value })).toThrow(literal(`${prop}: received '${value}'; `
        + 'expected a label value'));
    });
});

describe('the selector', () => {
  test('holds only the name and instance', () => {
    const { agent, manifests } = renderAgent({
      partOf: 'observability',
      labels: { team: 'platform' },
    });

    expect(only(manifests, 'DaemonSet').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'agent', 'app.kubernetes.io/instance': 'agent' },
    });
    expect(agent.selectorLabels).toEqual({
      'app.kubernetes.io/name': 'agent',
      'app.kubernetes.io/instance': 'agent',
    });
  });

  test('is matched by the pod template labels', () => {
    const ds = daemonSet();

    expect(ds.spec.template.metadata.labels).toMatchObject(ds.spec.selector.matchLabels);
  });

  test('stays identical for a new version of the image', () => {
    // GIVEN two releases of one agent
    const before = daemonSet({ image: 'busybox:1.36' });
    const after = daemonSet({ image: 'busybox:1.37' });

    // THEN the version moved, the immutable selector did not
    expect(after.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.37');
    expect(after.spec.selector).toEqual(before.spec.selector);
  });

  test('stays identical when a label, a component or a part-of is added', () => {
    const before = daemonSet();
    const after = daemonSet({
      labels: { team: 'platform' },
      component: 'collector',
      partOf: 'observability',
    });

    expect(after.spec.template.metadata.labels.team).toBe('platform');
    expect(after.spec.selector).toEqual(before.spec.selector);
  });

  test('keys are only stable identity keys', () => {
    expect(SELECTOR_KEYS).toEqual(['app.kubernetes.io/name', 'app.kubernetes.io/instance']);
    const { selector } = agentLabels('x', '2.0', { labels: { a: 'b' } });
    expect(Object.keys(selector).sort()).toEqual([...SELECTOR_KEYS].sort());
  });
});

describe('the agent name', () => {
  test('names the DaemonSet and the ServiceAccount', () => {
    const { manifests, spec } = renderAgent({ name: 'log-agent' });

    expect(only(manifests, 'DaemonSet').metadata.name).toBe('log-agent');
    expect(only(manifests, 'ServiceAccount').metadata.name).toBe('log-agent');
    expect(spec.serviceAccountName).toBe('log-agent');
  });

  test('is derived from the construct path when not given, the same on every synth', () => {
    // GIVEN two apps built the same way
    const names = [1, 2].map(() => {
      const chart = testChart();
      new NodeAgent(chart, 'logs', { image: IMAGE });
      return only(Testing.synth(chart), 'DaemonSet').metadata.name;
    });

    // THEN
    expect(names[0]).toMatch(/^test-logs-[0-9a-f]{8}$/);
    expect(names[1]).toBe(names[0]);
  });

  test('refuses a name that is not a DNS label', () => {
    expect(() => build({ name: 'Log_Agent' })).toThrow(literal("name: received 'Log_Agent'; "
      + 'expected an RFC 1123 label'));
  });
});

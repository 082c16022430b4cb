import * as kplus from 'cdk8s-plus-28';
import { AgentNamespace, NodeAgent } from '../src';
import { build, containerNamed, IMAGE, literal, renderAgent } from './support/agent';
import { only, podSpec, synth, testChart } from './support/synth';

const READ_PODS = { resources: ['pods'], verbs: ['get', 'list', 'watch'] };

function envOf(container: any): { [name: string]: string } {
  return Object.fromEntries((container.env ?? [])
    .map((e: any) => [e.name, e.valueFrom?.fieldRef?.fieldPath ?? e.value]));
}

describe('the ServiceAccount', () => {
  test('is the agent own, without a token', () => {
    // GIVEN / WHEN
    const { manifests, spec } = renderAgent({}, 'agents');

    // THEN
    const account = only(manifests, 'ServiceAccount');
    expect(account.metadata).toMatchObject({ name: 'agent', namespace: 'agents' });
    expect(account.automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe('agent');
  });

  test('is one per agent', () => {
    const chart = testChart();
    new NodeAgent(chart, 'a', { name: 'first', image: IMAGE });
    new NodeAgent(chart, 'b', { name: 'second', image: IMAGE });

    const names = synth(chart)
      .filter((m) => m.kind === 'ServiceAccount')
      .map((m) => m.metadata.name);
    expect(names).toEqual(['first', 'second']);
  });
});

describe('without API access', () => {
  test('there is no token, no ClusterRole and no binding', () => {
    const { manifests, spec, agent } = renderAgent();

    expect(spec.automountServiceAccountToken).toBe(false);
    const rbac = manifests.filter((m) => ['ClusterRole', 'ClusterRoleBinding'].includes(m.kind));
    expect(rbac).toEqual([]);
    expect(agent.clusterRole).toBeUndefined();
    expect(agent.hostAccess.serviceAccountToken).toBe(false);
  });
});

describe('declared API access', () => {
  test('mounts the token and becomes a ClusterRole with the declared rules', () => {
    // GIVEN
    const { manifests, spec, agent } = renderAgent({
      apiAccess: [
        READ_PODS,
        {
          apiGroups: ['apps'],
          resources: ['daemonsets'],
          verbs: ['get'],
          resourceNames: ['agent'],
        },
      ],
    }, 'agents');

    // THEN
    expect(spec.automountServiceAccountToken).toBe(true);
    const role = only(manifests, 'ClusterRole');
    expect(role.metadata.name).toBe('agents-agent');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'], resourceNames: ['agent'] },
    ]);
    expect(agent.clusterRole?.name).toBe('agents-agent');
    expect(agent.hostAccess.serviceAccountToken).toBe(true);
  });

  test('is bound to the agent ServiceAccount in its namespace', () => {
    const { manifests } = renderAgent({ apiAccess: [READ_PODS] }, 'agents');

    const binding = only(manifests, 'ClusterRoleBinding');
    expect(binding.metadata.name).toBe('agents-agent');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'agents-agent',
    });
    expect(binding.subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'agent', namespace: 'agents' }]);
  });

  test('is bound in the namespace of an AgentNamespace, not the chart', () => {
    const chart = testChart();
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'monitoring' });
    new NodeAgent(chart, 'agent', {
      name: 'agent',
      image: IMAGE,
      namespace,
      apiAccess: [READ_PODS],
    });

    const manifests = synth(chart);
    expect(only(manifests, 'ClusterRoleBinding').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'agent', namespace: 'monitoring' },
    ]);
    expect(only(manifests, 'ServiceAccount').metadata.namespace).toBe('monitoring');
  });

  test('to non-resource URLs alone mounts the token too', () => {
    const { manifests, spec } = renderAgent({
      nonResourceAccess: [{ urls: ['/metrics'], verbs: ['get'] }],
    });

    expect(spec.automountServiceAccountToken).toBe(true);
    expect(only(manifests, 'ClusterRole').rules)
      .toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
  });

  test('carries the labels of the agent on the role and the binding', () => {
    const { manifests, agent } = renderAgent({ apiAccess: [READ_PODS] });

    expect(only(manifests, 'ClusterRole').metadata.labels).toEqual(agent.labels);
    expect(only(manifests, 'ClusterRoleBinding').metadata.labels).toEqual(agent.labels);
  });
});

describe('refused API access', () => {
  test.each([['*'], ['pods/*']])('a wildcard resource %s', (resource) => {
    expect(() => build({ apiAccess: [{ resources: [resource], verbs: ['get'] }] })).toThrow(
      literal(`apiAccess[0].resources: received '${resource}'; expected a named resource; `
        + 'wildcards grant more'));
  });

  test('a wildcard API group', () => {
    expect(() => build({
      apiAccess: [READ_PODS, { apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }],
    })).toThrow(
      literal("apiAccess[1].apiGroups: received '*'; expected a named API group; wildcards "
        + 'grant more'));
  });

  test('a wildcard verb', () => {
    expect(() => build({ apiAccess: [{ resources: ['pods'], verbs: ['*'] }] })).toThrow(
      literal("apiAccess[0].verbs: received '*'; expected one of get, list, watch, create, update, "
        + 'patch, delete, '
        + 'deletecollection (wildcards are refused)'));
  });

  test.each(['escalate', 'impersonate', 'GET'])('the verb %s', (verb) => {
    expect(() => build({ apiAccess: [{ resources: ['pods'], verbs: ['get', verb] }] })).toThrow(
      literal(`apiAccess[0].verbs: received '${verb}'; expected one of get, list`));
  });

  test('a rule without verbs', () => {
    expect(() => build({ apiAccess: [{ resources: ['pods'], verbs: [] }] })).toThrow(
      literal('apiAccess[0].verbs: received []; expected at least one of get, list'));
  });

  test('a rule without resources', () => {
    expect(() => build({ apiAccess: [{ resources: [], verbs: ['get'] }] })).toThrow(
      literal('apiAccess[0].resources: received []; expected at least one resource'));
  });

  test('an empty resource name', () => {
    expect(() => build({ apiAccess: [{ resources: [''], verbs: ['get'] }] })).toThrow(
      literal("apiAccess[0].resources: received ''; expected a named resource"));
  });

  test.each(['*', '/metrics*', '/debug/*'])('a wildcard non-resource URL %s', (url) => {
    expect(() => build({ nonResourceAccess: [{ urls: ['/metrics', url], verbs: ['get'] }] }))
      .toThrow(literal(`nonResourceAccess[0].urls: received '${url}'; `
        + 'expected a named URL path; wildcards grant more than an agent needs'));
  });

  test('a non-resource URL that is not a path', () => {
    expect(() => build({ nonResourceAccess: [{ urls: ['metrics'], verbs: ['get'] }] }))
      .toThrow(literal("nonResourceAccess[0].urls: received 'metrics'; expected a URL path "
        + "starting with '/'"));
  });

  test('a non-resource rule without URLs', () => {
    expect(() => build({ nonResourceAccess: [{ urls: [], verbs: ['get'] }] }))
      .toThrow(literal('nonResourceAccess[0].urls: received []; expected at least one URL'));
  });

  test('a bad verb on a non-resource URL', () => {
    expect(() => build({ nonResourceAccess: [{ urls: ['/metrics'], verbs: ['*'] }] })).toThrow(
      literal("nonResourceAccess[0].verbs: received '*'; expected one of get"));
  });
});

describe('node identity', () => {
  test('is no environment variable by default', () => {
    const { spec } = renderAgent();

    expect(containerNamed(spec, 'agent')).not.toHaveProperty('env');
  });

  test('gives every container NODE_NAME, POD_NAME, POD_NAMESPACE and HOST_IP on request', () => {
    // GIVEN
    const { spec } = renderAgent({
      exposeNodeIdentity: true,
      sidecars: [{ containerName: 'proxy', image: IMAGE }],
      initContainers: [{ containerName: 'setup', image: IMAGE }],
    });

    // THEN
    for (const name of ['agent', 'proxy', 'setup']) {
      expect(envOf(containerNamed(spec, name))).toEqual({
        NODE_NAME: 'spec.nodeName',
        POD_NAME: 'metadata.name',
        POD_NAMESPACE: 'metadata.namespace',
        HOST_IP: 'status.hostIP',
      });
    }
  });

  test('sits beside the container own variables, which win on a clash', () => {
    const chart = testChart();
    new NodeAgent(chart, 'agent', {
      image: IMAGE,
      exposeNodeIdentity: true,
      envVariables: {
        LOG_LEVEL: kplus.EnvValue.fromValue('info'),
        HOST_IP: kplus.EnvValue.fromValue('127.0.0.1'),
      },
    });

    const env = envOf(containerNamed(podSpec(synth(chart)), 'agent'));
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.HOST_IP).toBe('127.0.0.1');
    expect(env.NODE_NAME).toBe('spec.nodeName');
  });

  test('needs no API access, so mounts no token', () => {
    const { spec } = renderAgent({ exposeNodeIdentity: true });

    expect(spec.automountServiceAccountToken).toBe(false);
  });
});

describe('non-resource URL verbs', () => {
  test('take HTTP verbs such as post and head', () => {
    const { manifests } = renderAgent({ nonResourceAccess: [{ urls: ['/metrics'], verbs: ['get', 'head', 'post'] }] });
    expect(only(manifests, 'ClusterRole').rules).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get', 'head', 'post'] }]);
  });

  test('refuse resource verbs that mean nothing for a URL', () => {
    expect(() => renderAgent({ nonResourceAccess: [{ urls: ['/metrics'], verbs: ['list'] }] }))
      .toThrow("nonResourceAccess[0].verbs: received 'list'; expected one of get, head, post, put, patch, delete, options");
  });
});

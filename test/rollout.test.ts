import { AgentRollout, NodeBudget, RolloutStrategyType } from '../src';
import { build, literal, renderAgent } from './support/agent';
import { only } from './support/synth';

function daemonSetSpec(rendered: { manifests: any[] }): any {
  return only(rendered.manifests, 'DaemonSet').spec;
}

describe('the update strategy', () => {
  test('is a rolling update of one node at a time, without surge, by default', () => {
    // GIVEN / WHEN
    const spec = daemonSetSpec(renderAgent());

    // THEN
    expect(spec.updateStrategy)
      .toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('takes a count of unavailable nodes', () => {
    const spec = daemonSetSpec(renderAgent({
      rollout: AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.count(3) }),
    }));

    expect(spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 3 });
  });

  test('takes a percentage of unavailable nodes', () => {
    const spec = daemonSetSpec(renderAgent({
      rollout: AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.percent(10) }),
    }));

    expect(spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: '10%' });
  });

  test('may be OnDelete, without rolling-update budgets', () => {
    const rendered = renderAgent({ rollout: AgentRollout.onDelete() });

    expect(daemonSetSpec(rendered).updateStrategy).toEqual({ type: 'OnDelete' });
    expect(rendered.agent.rollout.type).toBe(RolloutStrategyType.ON_DELETE);
  });

  test('surges with maxUnavailable 0 when only maxSurge is given', () => {
    const rendered = renderAgent({
      rollout: AgentRollout.rollingUpdate({ maxSurge: NodeBudget.percent(25) }),
    });

    expect(daemonSetSpec(rendered).updateStrategy.rollingUpdate)
      .toEqual({ maxUnavailable: 0, maxSurge: '25%' });
    expect(rendered.agent.rollout.surges).toBe(true);
  });

  test('accepts a maxSurge of 0 beside a maxUnavailable', () => {
    const rollout = AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(0) });

    expect(rollout.toKube().rollingUpdate).toEqual({
      maxUnavailable: expect.objectContaining({ value: 1 }),
      maxSurge: expect.objectContaining({ value: 0 }),
    });
    expect(rollout.surges).toBe(false);
  });
});

describe('surge', () => {
  const surge = AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(1) });

  test('is refused on the host network', () => {
    expect(() => build({ hostNetwork: true, rollout: surge })).toThrow(
      literal("rollout.maxSurge: received '1'; an agent on the host network or with host ports "
        + 'cannot surge'));
  });

  test('is refused with a host port', () => {
    expect(() => build({ ports: [{ number: 9100, hostPort: 9100 }], rollout: surge })).toThrow(
      literal("rollout.maxSurge: received '1'; an agent on the host network or with host ports "
        + 'cannot surge'));
  });

  test('is refused with a host port on a sidecar', () => {
    expect(() => build({
      sidecars: [{
        containerName: 'proxy',
        image: 'envoy:1.30',
        ports: [{ number: 8443, hostPort: 443 }],
      }],
      rollout: surge,
    })).toThrow(literal("rollout.maxSurge: received '1'; an agent on the host network"));
  });

  test('of 0 is accepted on the host network', () => {
    const rendered = renderAgent({
      hostNetwork: true, rollout: AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(0) }),
    });

    expect(daemonSetSpec(rendered).updateStrategy.rollingUpdate)
      .toEqual({ maxUnavailable: 1, maxSurge: 0 });
  });

  test('is refused beside a non-zero maxUnavailable', () => {
    expect(() => AgentRollout.rollingUpdate({
      maxUnavailable: NodeBudget.count(1),
      maxSurge: NodeBudget.percent(10),
    }))
      .toThrow(literal("rollout.maxSurge: received '10%'; surge needs maxUnavailable 0, not 1"));
  });

  test('of 0 beside a maxUnavailable of 0 is refused', () => {
    expect(() => AgentRollout.rollingUpdate({
      maxUnavailable: NodeBudget.count(0),
      maxSurge: NodeBudget.percent(0),
    }))
      .toThrow(literal("rollout.maxUnavailable: received '0'; maxUnavailable and maxSurge cannot "
        + 'both be 0'));
  });

  test('absent beside a maxUnavailable of 0 is refused', () => {
    expect(() => AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.percent(0) }))
      .toThrow(literal("rollout.maxUnavailable: received '0%'; maxUnavailable and maxSurge cannot "
        + 'both be 0'));
  });
});

describe('node budgets', () => {
  test.each([-1, 1.5])('refuse the count %s', (nodes) => {
    expect(() => NodeBudget.count(nodes)).toThrow(
      literal(`rollout: received ${nodes}; expected a node count that is a whole number, 0 `
        + 'or more'));
  });

  test.each([-1, 101, 12.5])('refuse the percentage %s', (percent) => {
    expect(() => NodeBudget.percent(percent)).toThrow(
      literal(`rollout: received '${percent}%'; expected a whole percentage from 0 to 100`));
  });

  test('read as the API writes them', () => {
    expect(NodeBudget.count(2).toString()).toBe('2');
    expect(NodeBudget.percent(20).toString()).toBe('20%');
    expect(NodeBudget.percent(0).isZero).toBe(true);
    expect(NodeBudget.count(1).isZero).toBe(false);
  });
});

describe('minReadySeconds and revisionHistoryLimit', () => {
  test('default to 0 and 10', () => {
    const spec = daemonSetSpec(renderAgent());

    expect(spec.minReadySeconds).toBe(0);
    expect(spec.revisionHistoryLimit).toBe(10);
  });

  test('take the values given', () => {
    const spec = daemonSetSpec(renderAgent({ minReadySeconds: 30, revisionHistoryLimit: 3 }));

    expect(spec.minReadySeconds).toBe(30);
    expect(spec.revisionHistoryLimit).toBe(3);
  });

  test('accept a revisionHistoryLimit of 0', () => {
    expect(daemonSetSpec(renderAgent({ revisionHistoryLimit: 0 })).revisionHistoryLimit).toBe(0);
  });

  test.each([-1, 1.5])('refuse minReadySeconds %s', (minReadySeconds) => {
    expect(() => build({ minReadySeconds })).toThrow(
      literal(`minReadySeconds: received ${minReadySeconds}; expected a whole number from 0 to `
        + '2147483647'));
  });

  test.each([-1, 2.5])('refuse revisionHistoryLimit %s', (revisionHistoryLimit) => {
    expect(() => build({ revisionHistoryLimit })).toThrow(
      literal(`revisionHistoryLimit: received ${revisionHistoryLimit}; expected a whole number `
        + 'from 0 to 2147483647'));
  });
});

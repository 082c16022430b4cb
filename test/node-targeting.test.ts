import * as kplus from 'cdk8s-plus-28';
import {
  AgentToleration, NodeOperatingSystem, NodeSelectorOperator as Op, NodeSelectorRequirement,
  TolerationOperator,
} from '../src';
import { resolveNodeSelector } from '../src/node-targeting';
import { build, literal, renderAgent } from './support/agent';

const { NO_EXECUTE, NO_SCHEDULE, PREFER_NO_SCHEDULE } = kplus.TaintEffect;

describe('node selector', () => {
  test('targets Linux nodes by default', () => {
    // GIVEN / WHEN
    const { spec } = renderAgent();

    // THEN
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('targets the operating system asked for', () => {
    const { spec } = renderAgent({ operatingSystem: NodeOperatingSystem.WINDOWS });

    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
  });

  test('merges the user labels with the operating system', () => {
    const { spec } = renderAgent({
      nodeSelector: { 'node.example.com/pool': 'edge', 'disk': 'ssd' },
    });

    expect(spec.nodeSelector).toEqual({
      'node.example.com/pool': 'edge',
      'disk': 'ssd',
      'kubernetes.io/os': 'linux',
    });
  });

  test('accepts a kubernetes.io/os label that agrees with the operating system', () => {
    expect(resolveNodeSelector({ nodeSelector: { 'kubernetes.io/os': 'linux' } }))
      .toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('refuses a kubernetes.io/os label that conflicts with the operating system', () => {
    expect(() => build({ nodeSelector: { 'kubernetes.io/os': 'windows' } })).toThrow(literal(
      "nodeSelector['kubernetes.io/os']: received 'windows'; conflicts with "
        + 'operatingSystem linux'));
  });

  test('refuses a label key that is not a label key', () => {
    expect(() => build({ nodeSelector: { 'bad key': 'x' } })).toThrow(
      literal("nodeSelector: received 'bad key'; expected a label key"));
  });

  test('refuses a label value that is not a label value', () => {
    expect(() => build({ nodeSelector: { pool: 'edge/1' } })).toThrow(
      literal("nodeSelector['pool']: received 'edge/1'; expected a label value"));
  });
});

describe('node affinity', () => {
  test('is absent by default', () => {
    const { spec } = renderAgent();

    expect(spec).not.toHaveProperty('affinity');
  });

  test('renders required requirements as one term that all must hold', () => {
    const { spec } = renderAgent({
      requiredNodeAffinity: [
        { key: 'node.example.com/pool', operator: Op.IN, values: ['edge', 'core'] },
        { key: 'node.example.com/cores', operator: Op.GT, values: ['3'] },
        { key: 'node.example.com/drained', operator: Op.DOES_NOT_EXIST },
      ],
    });

    expect(spec.affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{
          matchExpressions: [
            { key: 'node.example.com/pool', operator: 'In', values: ['edge', 'core'] },
            { key: 'node.example.com/cores', operator: 'Gt', values: ['3'] },
            { key: 'node.example.com/drained', operator: 'DoesNotExist' },
          ],
        }],
      },
    });
  });

  test('renders preferred requirements with their weights', () => {
    const { spec } = renderAgent({
      preferredNodeAffinity: [
        { weight: 80, requirements: [{ key: 'zone', operator: Op.NOT_IN, values: ['a'] }] },
        { weight: 1, requirements: [{ key: 'gpu', operator: Op.EXISTS }] },
      ],
    });

    expect(spec.affinity.nodeAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 80,
          preference: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
        },
        { weight: 1, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
      ],
    });
  });

  test.each<[string, NodeSelectorRequirement, string]>([
    ['In without values', { key: 'k', operator: Op.IN },
      'values: received []; operator In needs at least one value'],
    ['NotIn with empty values', { key: 'k', operator: Op.NOT_IN, values: [] },
      'values: received []; operator NotIn needs at least one value'],
    ['In with a bad value', { key: 'k', operator: Op.IN, values: ['ok', 'not ok'] },
      "values[1]: received 'not ok'; expected a label value"],
    ['Exists with values', { key: 'k', operator: Op.EXISTS, values: ['x'] },
      'values: received ["x"]; operator Exists takes no values'],
    ['DoesNotExist with values', { key: 'k', operator: Op.DOES_NOT_EXIST, values: ['x'] },
      'values: received ["x"]; operator DoesNotExist takes no values'],
    ['Gt with two values', { key: 'k', operator: Op.GT, values: ['1', '2'] },
      'values: received ["1","2"]; operator Gt needs exactly one integer value'],
    ['Lt with a word', { key: 'k', operator: Op.LT, values: ['ten'] },
      'values: received ["ten"]; operator Lt needs exactly one integer value'],
    ['an unknown operator', { key: 'k', operator: 'Like' as Op },
      "operator: received 'Like'; expected one of In, NotIn, Exists, DoesNotExist, Gt, Lt"],
    ['a bad key', { key: '-k', operator: Op.EXISTS },
      "key: received '-k'; expected a label key"],
  ])('refuses %s', (_what, requirement, message) => {
    expect(() => build({ requiredNodeAffinity: [requirement] }))
      .toThrow(literal(`requiredNodeAffinity[0].${message}`));
  });

  test('checks preferred requirements too, naming their place', () => {
    expect(() => build({
      preferredNodeAffinity: [{ weight: 5, requirements: [{ key: 'k', operator: Op.GT }] }],
    })).toThrow(literal('preferredNodeAffinity[0].requirements[0].values: received []; '
      + 'operator Gt needs exactly one integer value'));
  });

  test.each([0, 101, 2.5])('refuses the preference weight %s', (weight) => {
    expect(() => build({
      preferredNodeAffinity: [{ weight, requirements: [{ key: 'k', operator: Op.EXISTS }] }],
    })).toThrow(literal(
      `preferredNodeAffinity[0].weight: received ${weight}; expected a whole number from 1 `
        + 'to 100'));
  });

  test('refuses a preference without requirements', () => {
    expect(() => build({ preferredNodeAffinity: [{ weight: 5, requirements: [] }] })).toThrow(
      literal('preferredNodeAffinity[0].requirements: received []; expected at least one '
        + 'requirement'));
  });
});

describe('tolerations', () => {
  test('are absent by default', () => {
    const { spec } = renderAgent();

    expect(spec).not.toHaveProperty('tolerations');
  });

  test('tolerate the control-plane taint with the controlPlane preset', () => {
    const { spec } = renderAgent({ tolerations: [AgentToleration.controlPlane()] });

    expect(spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('tolerate every taint with a keyless Exists from the everything preset', () => {
    const toleration = AgentToleration.everything();
    const { spec } = renderAgent({ tolerations: [toleration] });

    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(toleration.matchesEverything).toBe(true);
    expect(AgentToleration.controlPlane().matchesEverything).toBe(false);
  });

  test('render exists, equal and NoExecute with tolerationSeconds', () => {
    const { spec } = renderAgent({
      tolerations: [
        AgentToleration.exists('dedicated'),
        AgentToleration.equal('dedicated', 'agents', PREFER_NO_SCHEDULE),
        AgentToleration.of({
          key: 'node.kubernetes.io/unreachable',
          effect: NO_EXECUTE,
          tolerationSeconds: 300,
        }),
      ],
    });

    expect(spec.tolerations).toEqual([
      { key: 'dedicated', operator: 'Exists' },
      { key: 'dedicated', operator: 'Equal', value: 'agents', effect: 'PreferNoSchedule' },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  test('default the operator to Equal with a value and to Exists without', () => {
    expect(AgentToleration.of({ key: 'k', value: 'v' }).operator).toBe(TolerationOperator.EQUAL);
    expect(AgentToleration.of({ key: 'k' }).operator).toBe(TolerationOperator.EXISTS);
  });

  test('refuse Exists with a value', () => {
    expect(() => AgentToleration.of({ key: 'k', operator: TolerationOperator.EXISTS, value: 'v' }))
      .toThrow(literal(
        "tolerations.value: received 'v'; a toleration with operator Exists takes no value"));
  });

  test('refuse a keyless Equal', () => {
    expect(() => AgentToleration.of({ operator: TolerationOperator.EQUAL, value: 'v' })).toThrow(
      literal("tolerations.operator: received 'Equal'; a toleration without a key must use "
        + 'Exists'));
  });

  test('refuse tolerationSeconds without the NoExecute effect', () => {
    const message = 'tolerations.tolerationSeconds: received 60; '
      + 'tolerationSeconds applies only to the NoExecute effect, not ';

    expect(() => AgentToleration.of({ key: 'k', effect: NO_SCHEDULE, tolerationSeconds: 60 }))
      .toThrow(literal(`${message}NoSchedule`));
    expect(() => AgentToleration.of({ key: 'k', tolerationSeconds: 60 }))
      .toThrow(literal(`${message}every effect`));
  });

  test('refuse a negative tolerationSeconds', () => {
    expect(() => AgentToleration.of({ key: 'k', effect: NO_EXECUTE, tolerationSeconds: -1 }))
      .toThrow(literal('tolerations.tolerationSeconds: received -1; expected a whole number '
        + 'from 0'));
  });

  test('refuse a bad key and a bad value', () => {
    expect(() => AgentToleration.exists('bad key'))
      .toThrow(literal("tolerations.key: received 'bad key'; expected a label key"));
    expect(() => AgentToleration.equal('k', 'bad value'))
      .toThrow(literal("tolerations.value: received 'bad value'; expected a label value"));
  });
});

import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  checkInteger, checkLabelKey, checkLabels, checkLabelValue, checkNonEmpty, invalid,
} from './validation';

/** The operating system an agent's image is built for. */
export enum NodeOperatingSystem {
  /** Linux nodes (`kubernetes.io/os: linux`). */
  LINUX = 'linux',
  /** Windows nodes (`kubernetes.io/os: windows`). */
  WINDOWS = 'windows',
}

/** How a node label is compared in node affinity. */
export enum NodeSelectorOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label is absent or its value is none of `values`. */
  NOT_IN = 'NotIn',
  /** The label is present. */
  EXISTS = 'Exists',
  /** The label is absent. */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label's value, an integer, is greater than the single value. */
  GT = 'Gt',
  /** The label's value, an integer, is less than the single value. */
  LT = 'Lt',
}

/** One condition on a node label. */
export interface NodeSelectorRequirement {
  /** The label key. */
  readonly key: string;

  /** How the label is compared. */
  readonly operator: NodeSelectorOperator;

  /**
   * The values: one or more for `IN` and `NOT_IN`, exactly one integer for `GT` and `LT`,
   * none for `EXISTS` and `DOES_NOT_EXIST`.
   *
   * @default - no values
   */
  readonly values?: string[];
}

/** A soft preference for nodes that meet every requirement. */
export interface PreferredNodeAffinity {
  /** Weight from 1 to 100, added to a node's score when it matches. */
  readonly weight: number;

  /** The conditions, all of which must hold. */
  readonly requirements: NodeSelectorRequirement[];
}

/** The shape of a toleration. */
export interface AgentTolerationProps {
  /**
   * The taint key. Without a key the operator must be `Exists`, and the toleration matches
   * every taint.
   *
   * @default - every key
   */
  readonly key?: string;

  /**
   * `Equal` matches the value; `Exists` matches any value.
   *
   * @default - `Equal` when a value is given, else `Exists`
   */
  readonly operator?: TolerationOperator;

  /**
   * The taint value, for `Equal`.
   *
   * @default - none
   */
  readonly value?: string;

  /**
   * The taint effect it matches.
   *
   * @default - every effect
   */
  readonly effect?: kplus.TaintEffect;

  /**
   * For a `NoExecute` taint: how long the pod stays bound after the taint appears.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** Toleration operators. */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's. */
  EQUAL = 'Equal',
  /** Any value of the taint key matches. */
  EXISTS = 'Exists',
}

/**
 * A toleration of an agent's pods. Per-node agents usually tolerate more than applications:
 * see `controlPlane()` and `everything()`.
 */
export class AgentToleration {
  /** Tolerate the `node-role.kubernetes.io/control-plane:NoSchedule` taint. */
  public static controlPlane(): AgentToleration {
    return AgentToleration.exists('node-role.kubernetes.io/control-plane', kplus.TaintEffect.NO_SCHEDULE);
  }

  /**
   * Tolerate every taint (a keyless `operator: Exists`), so the agent runs on every node,
   * including nodes being drained or marked unreachable.
   */
  public static everything(): AgentToleration {
    return new AgentToleration({ operator: TolerationOperator.EXISTS });
  }

  /** Tolerate any value of a taint key. */
  public static exists(key: string, effect?: kplus.TaintEffect): AgentToleration {
    return AgentToleration.of({ key, operator: TolerationOperator.EXISTS, effect });
  }

  /** Tolerate a taint key with one value. */
  public static equal(key: string, value: string, effect?: kplus.TaintEffect): AgentToleration {
    return AgentToleration.of({ key, operator: TolerationOperator.EQUAL, value, effect });
  }

  /** A toleration of any shape the API accepts; other shapes are refused. */
  public static of(props: AgentTolerationProps): AgentToleration {
    return new AgentToleration(props);
  }

  /** The taint key, or undefined for every key. */
  public readonly key?: string;
  /** The operator. */
  public readonly operator: TolerationOperator;
  /** The value, for `Equal`. */
  public readonly value?: string;
  /** The effect, or undefined for every effect. */
  public readonly effect?: kplus.TaintEffect;
  /** Seconds a `NoExecute` taint is tolerated, or undefined for forever. */
  public readonly tolerationSeconds?: number;

  private constructor(props: AgentTolerationProps) {
    const operator = props.operator ?? (props.value !== undefined ? TolerationOperator.EQUAL : TolerationOperator.EXISTS);
    if (props.key !== undefined) {
      checkLabelKey('tolerations.key', props.key);
    } else if (operator !== TolerationOperator.EXISTS) {
      throw invalid('tolerations.operator', operator, 'a toleration without a key must use Exists');
    }
    if (operator === TolerationOperator.EXISTS && props.value !== undefined) {
      throw invalid('tolerations.value', props.value, 'a toleration with operator Exists takes no value');
    }
    if (props.value !== undefined) {
      checkLabelValue('tolerations.value', props.value);
    }
    if (props.tolerationSeconds !== undefined) {
      checkInteger('tolerations.tolerationSeconds', props.tolerationSeconds, 0, Number.MAX_SAFE_INTEGER);
      if (props.effect !== kplus.TaintEffect.NO_EXECUTE) {
        throw invalid('tolerations.tolerationSeconds', props.tolerationSeconds,
          `tolerationSeconds applies only to the NoExecute effect, not ${props.effect ?? 'every effect'}`);
      }
    }
    this.key = props.key;
    this.operator = operator;
    this.value = props.value;
    this.effect = props.effect;
    this.tolerationSeconds = props.tolerationSeconds;
  }

  /** Whether this toleration matches every taint. */
  public get matchesEverything(): boolean {
    return this.key === undefined && this.effect === undefined;
  }

  /** @internal */
  public _toTaintQuery(): kplus.NodeTaintQuery {
    const options = {
      effect: this.effect,
      evictAfter: this.tolerationSeconds !== undefined ? Duration.seconds(this.tolerationSeconds) : undefined,
    };
    if (this.key === undefined) {
      return this.effect === undefined ? kplus.NodeTaintQuery.any() : kplus.NodeTaintQuery.exists('', options);
    }
    return this.operator === TolerationOperator.EXISTS
      ? kplus.NodeTaintQuery.exists(this.key, options)
      : kplus.NodeTaintQuery.is(this.key, this.value ?? '', options);
  }
}

/**
 * Which nodes an agent's pods may run on, by node labels.
 */
export interface NodeSelectionProps {
  /**
   * The operating system of the nodes, as the `kubernetes.io/os` node selector.
   *
   * @default NodeOperatingSystem.LINUX
   */
  readonly operatingSystem?: NodeOperatingSystem;

  /**
   * Extra node labels a node must carry, exactly.
   *
   * @default - only `kubernetes.io/os`
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Node label conditions that must all hold (one required node affinity term).
   *
   * @default - none
   */
  readonly requiredNodeAffinity?: NodeSelectorRequirement[];

  /**
   * Soft node preferences.
   *
   * @default - none
   */
  readonly preferredNodeAffinity?: PreferredNodeAffinity[];
}

/**
 * Which nodes an agent's pods run on: node labels and tolerated taints.
 */
export interface NodeTargetingProps extends NodeSelectionProps {
  /**
   * Taints the pods tolerate.
   *
   * @default - none: tainted nodes, the control plane included, get no pod
   */
  readonly tolerations?: AgentToleration[];
}

/** Checks one node selector requirement. */
export function checkRequirement(property: string, req: NodeSelectorRequirement): void {
  checkLabelKey(`${property}.key`, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case NodeSelectorOperator.IN:
    case NodeSelectorOperator.NOT_IN:
      if (values.length === 0) {
        throw invalid(`${property}.values`, values, `operator ${req.operator} needs at least one value`);
      }
      values.forEach((v, i) => checkLabelValue(`${property}.values[${i}]`, v));
      break;
    case NodeSelectorOperator.EXISTS:
    case NodeSelectorOperator.DOES_NOT_EXIST:
      if (values.length > 0) {
        throw invalid(`${property}.values`, values, `operator ${req.operator} takes no values`);
      }
      break;
    case NodeSelectorOperator.GT:
    case NodeSelectorOperator.LT:
      if (values.length !== 1 || !/^-?\d+$/.test(values[0])) {
        throw invalid(`${property}.values`, values, `operator ${req.operator} needs exactly one integer value`);
      }
      break;
    default:
      throw invalid(`${property}.operator`, req.operator,
        `expected one of ${Object.values(NodeSelectorOperator).join(', ')}`);
  }
}

/** The node selector of an agent: the OS label merged with the user's labels. */
export function resolveNodeSelector(props: NodeTargetingProps): { [key: string]: string } {
  const os = props.operatingSystem ?? NodeOperatingSystem.LINUX;
  checkLabels('nodeSelector', props.nodeSelector);
  const selector: { [key: string]: string } = { ...props.nodeSelector };
  const given = selector['kubernetes.io/os'];
  if (given !== undefined && given !== os) {
    throw invalid("nodeSelector['kubernetes.io/os']", given,
      `conflicts with operatingSystem ${os}; set operatingSystem instead`);
  }
  selector['kubernetes.io/os'] = os;
  return selector;
}

/** Applies affinity and tolerations to the pod template. */
export function applyNodeTargeting(scheduling: kplus.PodScheduling, props: NodeTargetingProps): void {
  const required = props.requiredNodeAffinity ?? [];
  required.forEach((req, i) => checkRequirement(`requiredNodeAffinity[${i}]`, req));
  if (required.length > 0) {
    scheduling.attract(kplus.Node.labeled(...required.map(toLabelQuery)));
  }

  (props.preferredNodeAffinity ?? []).forEach((pref, i) => {
    checkInteger(`preferredNodeAffinity[${i}].weight`, pref.weight, 1, 100);
    checkNonEmpty(`preferredNodeAffinity[${i}].requirements`, pref.requirements,
      'expected at least one requirement');
    pref.requirements.forEach((req, j) => checkRequirement(`preferredNodeAffinity[${i}].requirements[${j}]`, req));
    scheduling.attract(kplus.Node.labeled(...pref.requirements.map(toLabelQuery)), { weight: pref.weight });
  });

  for (const toleration of props.tolerations ?? []) {
    scheduling.tolerate(kplus.Node.tainted(toleration._toTaintQuery()));
  }
}

function toLabelQuery(req: NodeSelectorRequirement): kplus.NodeLabelQuery {
  const values = req.values ?? [];
  switch (req.operator) {
    case NodeSelectorOperator.IN: return kplus.NodeLabelQuery.in(req.key, values);
    case NodeSelectorOperator.NOT_IN: return kplus.NodeLabelQuery.notIn(req.key, values);
    case NodeSelectorOperator.EXISTS: return kplus.NodeLabelQuery.exists(req.key);
    case NodeSelectorOperator.DOES_NOT_EXIST: return kplus.NodeLabelQuery.doesNotExist(req.key);
    case NodeSelectorOperator.GT: return kplus.NodeLabelQuery.gt(req.key, values);
    default: return kplus.NodeLabelQuery.lt(req.key, values);
  }
}

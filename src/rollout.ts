import * as kplus from 'cdk8s-plus-28';
import { invalid } from './validation';

/**
 * A number of nodes, or a percentage of them, for rollout budgets.
 */
export class NodeBudget {
  /** A fixed number of nodes. */
  public static count(nodes: number): NodeBudget {
    if (!Number.isInteger(nodes) || nodes < 0) {
      throw invalid('rollout', nodes, 'expected a node count that is a whole number, 0 or more');
    }
    return new NodeBudget(nodes, false);
  }

  /** A percentage of the nodes that run the agent, rounded as the DaemonSet controller does. */
  public static percent(percent: number): NodeBudget {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw invalid('rollout', `${percent}%`, 'expected a whole percentage from 0 to 100');
    }
    return new NodeBudget(percent, true);
  }

  private constructor(
    /** The number of nodes, or the percentage. */
    public readonly amount: number,
    /** Whether `amount` is a percentage. */
    public readonly isPercent: boolean,
  ) {}

  /** Whether the budget is zero nodes. */
  public get isZero(): boolean {
    return this.amount === 0;
  }

  /** The value as the Kubernetes API takes it (`1` or `"10%"`). */
  public toIntOrString(): kplus.k8s.IntOrString {
    return this.isPercent
      ? kplus.k8s.IntOrString.fromString(`${this.amount}%`)
      : kplus.k8s.IntOrString.fromNumber(this.amount);
  }

  /** How the budget reads: `1` or `10%`. */
  public toString(): string {
    return this.isPercent ? `${this.amount}%` : String(this.amount);
  }
}

/** Options of a rolling update. */
export interface RollingUpdateOptions {
  /**
   * How many nodes may be without a ready agent during the update.
   *
   * @default NodeBudget.count(1)
   */
  readonly maxUnavailable?: NodeBudget;

  /**
   * How many nodes may run a new agent beside the old one during the update. Surge needs
   * `maxUnavailable` 0, and agents that bind host ports or use the host network cannot
   * surge: two pods would compete for the same port on one node.
   *
   * @default - no surge
   */
  readonly maxSurge?: NodeBudget;
}

/** The kind of update strategy. */
export enum RolloutStrategyType {
  /** Replace pods node by node, within the budgets. */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Replace a pod only when it is deleted. */
  ON_DELETE = 'OnDelete',
}

/**
 * How a new version of an agent reaches the nodes.
 */
export class AgentRollout {
  /** Replace pods node by node. */
  public static rollingUpdate(options: RollingUpdateOptions = {}): AgentRollout {
    const maxUnavailable = options.maxUnavailable ?? (options.maxSurge && !options.maxSurge.isZero
      ? NodeBudget.count(0) : NodeBudget.count(1));
    const maxSurge = options.maxSurge;
    if (maxSurge && !maxSurge.isZero && !maxUnavailable.isZero) {
      throw invalid('rollout.maxSurge', maxSurge.toString(),
        `surge needs maxUnavailable 0, not ${maxUnavailable}; set one of the two budgets to 0`);
    }
    if (maxUnavailable.isZero && (!maxSurge || maxSurge.isZero)) {
      throw invalid('rollout.maxUnavailable', maxUnavailable.toString(),
        'maxUnavailable and maxSurge cannot both be 0: the rollout could never progress');
    }
    return new AgentRollout(RolloutStrategyType.ROLLING_UPDATE, maxUnavailable, maxSurge);
  }

  /** Replace a pod only when someone deletes it. */
  public static onDelete(): AgentRollout {
    return new AgentRollout(RolloutStrategyType.ON_DELETE);
  }

  private constructor(
    /** The strategy type. */
    public readonly type: RolloutStrategyType,
    /** The unavailability budget of a rolling update. */
    public readonly maxUnavailable?: NodeBudget,
    /** The surge budget of a rolling update. */
    public readonly maxSurge?: NodeBudget,
  ) {}

  /** Whether the rollout starts a new pod beside the old one on a node. */
  public get surges(): boolean {
    return this.maxSurge !== undefined && !this.maxSurge.isZero;
  }

  /** The `updateStrategy` of the DaemonSet. */
  public toKube(): kplus.k8s.DaemonSetUpdateStrategy {
    if (this.type === RolloutStrategyType.ON_DELETE) {
      return { type: this.type };
    }
    return {
      type: this.type,
      rollingUpdate: {
        maxUnavailable: this.maxUnavailable!.toIntOrString(),
        ...(this.maxSurge ? { maxSurge: this.maxSurge.toIntOrString() } : {}),
      },
    };
  }
}

/** Rollout settings of an agent. */
export interface RolloutProps {
  /**
   * The update strategy.
   *
   * @default AgentRollout.rollingUpdate() - one node at a time, no surge
   */
  readonly rollout?: AgentRollout;

  /**
   * Seconds a new pod must be ready before it counts as available.
   *
   * @default 0
   */
  readonly minReadySeconds?: number;

  /**
   * Old revisions kept for rollback.
   *
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

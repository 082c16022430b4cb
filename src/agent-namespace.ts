import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HostAccessReport } from './host-access-report';
import { leastLevelAdmitting, PodSecurityLevel } from './pod-security';
import { checkDnsLabel, checkInteger, invalid } from './validation';

/** Priority classes that Kubernetes reserves for critical pods. */
export const CRITICAL_PRIORITY_CLASSES = ['system-node-critical', 'system-cluster-critical'];

/** The Pod Security label keys. */
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const WARN = 'pod-security.kubernetes.io/warn';
const AUDIT = 'pod-security.kubernetes.io/audit';

/**
 * The namespace an agent runs in.
 */
export interface IAgentNamespace {
  /** The namespace name. */
  readonly name: string;

  /** Whether this app emits the Namespace object and its Pod Security labels. */
  readonly managed: boolean;

  /** Takes note of an agent placed in the namespace. */
  admit(report: HostAccessReport): void;
}

/** Props of `AgentNamespace`. */
export interface AgentNamespaceProps {
  /** The namespace name. */
  readonly name: string;

  /**
   * More labels for the namespace. The Pod Security labels are computed and cannot be set
   * here.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Pods a ResourceQuota lets each agent with a critical priority class
   * (`system-node-critical`, `system-cluster-critical`) run outside `kube-system`.
   *
   * @default 5000 - the largest cluster Kubernetes supports
   */
  readonly criticalPodsPerAgent?: number;
}

/**
 * A namespace for agents, whose Pod Security labels follow the agents placed in it.
 *
 * `enforce` is the least level that admits every agent in it; `warn` and `audit` stay at
 * `restricted`, so that each exception stays visible. Agents with a critical priority class
 * get the ResourceQuota that many clusters require for those classes outside `kube-system`.
 */
export class AgentNamespace extends Construct implements IAgentNamespace {
  /**
   * A namespace that this app does not manage, such as `kube-system`. Agents placed in it
   * raise a warning when they need more than the `restricted` Pod Security level.
   */
  public static fromName(name: string): IAgentNamespace {
    checkDnsLabel('namespace', name);
    return new UnmanagedNamespace(name);
  }

  public readonly name: string;
  public readonly managed = true;

  /** The Namespace object. */
  public readonly apiObject: ApiObject;

  private readonly reports: HostAccessReport[] = [];
  private readonly criticalPodsPerAgent: number;
  private quota?: ApiObject;

  constructor(scope: Construct, id: string, props: AgentNamespaceProps) {
    super(scope, id);
    checkDnsLabel('name', props.name);
    this.criticalPodsPerAgent = props.criticalPodsPerAgent ?? 5000;
    checkInteger('criticalPodsPerAgent', this.criticalPodsPerAgent, 1, 1000000);
    for (const key of Object.keys(props.labels ?? {})) {
      if (key.startsWith('pod-security.kubernetes.io/')) {
        throw invalid('labels', key,
          'the Pod Security labels are computed from the agents in the namespace');
      }
    }
    this.name = props.name;
    this.apiObject = new kplus.k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
    });
    this.apiObject.metadata.addLabel(ENFORCE, PodSecurityLevel.RESTRICTED);
    this.apiObject.metadata.addLabel(WARN, PodSecurityLevel.RESTRICTED);
    this.apiObject.metadata.addLabel(AUDIT, PodSecurityLevel.RESTRICTED);
  }

  /** The level the namespace enforces: the least that admits every agent in it. */
  public get enforcedLevel(): PodSecurityLevel {
    return leastLevelAdmitting(this.reports.map((r) => r.podSecurityLevel));
  }

  public admit(report: HostAccessReport): void {
    this.reports.push(report);
    this.apiObject.metadata.addLabel(ENFORCE, this.enforcedLevel);
    if (report.priorityClassName && CRITICAL_PRIORITY_CLASSES.includes(report.priorityClassName)
      && this.name !== 'kube-system') {
      this.addCriticalQuota();
    }
  }

  private addCriticalQuota(): void {
    if (this.quota) {
      return;
    }
    const critical = () => this.reports.filter((r) => CRITICAL_PRIORITY_CLASSES.includes(r.priorityClassName ?? ''));
    this.quota = new kplus.k8s.KubeResourceQuota(this, 'CriticalPods', {
      metadata: { name: 'critical-pods', namespace: this.name },
      spec: Lazy.any({
        produce: () => ({
          hard: { pods: kplus.k8s.Quantity.fromString(String(critical().length * this.criticalPodsPerAgent)) },
          scopeSelector: {
            matchExpressions: [{
              scopeName: 'PriorityClass',
              operator: 'In',
              values: [...new Set(critical().map((r) => r.priorityClassName!))].sort(),
            }],
          },
        }),
      }) as any,
    });
  }
}

class UnmanagedNamespace implements IAgentNamespace {
  public readonly managed = false;

  constructor(public readonly name: string) {}

  public admit(_report: HostAccessReport): void {
    // Nothing to emit: the agent raises the warnings, since it has a construct scope.
  }
}

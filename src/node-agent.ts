import { ApiObject, Chart, Duration, JsonPatch, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AgentContainerProps, PodAssembly } from './agent-container';
import { AgentNamespace, CRITICAL_PRIORITY_CLASSES, IAgentNamespace } from './agent-namespace';
import {
  ApiAccessRule, checkApiAccess, checkNonResourceAccess, NonResourceAccessRule, toPolicyRules,
} from './api-access';
import { FieldEnvVar, fieldEnvValues } from './field-env';
import { HostAccessPolicy } from './host-access-policy';
import { HostAccessReport } from './host-access-report';
import { hostNamespacePatches, HostNamespacesProps, resolveHostNamespaces } from './host-namespaces';
import { agentLabels, AgentIdentityProps } from './identity';
import { applyNodeTargeting, NodeTargetingProps, resolveNodeSelector } from './node-targeting';
import { imageTag, PodIdentityProps, resolveIdentity } from './pod-hardening';
import { evaluatePodSecurity, levelOf, PodSecurityLevel } from './pod-security';
import { AgentRollout, RolloutProps } from './rollout';
import { ScannerExemptions } from './scanner-annotations';
import { checkDnsLabel, checkInteger, checkLabelKey, invalid } from './validation';
import { Warnings } from './warnings';

/** Annotation prefix of the reasons given for sensitive host paths. */
export const REASON_ANNOTATION_PREFIX = 'host-path.node-agents.cdk8s.io/';
/** Annotation prefix of the reasons given for writing sensitive host paths. */
export const WRITE_REASON_ANNOTATION_PREFIX = 'writable.host-path.node-agents.cdk8s.io/';
/** The downward-API variables of `exposeNodeIdentity`. */
const NODE_IDENTITY_ENV: FieldEnvVar[] = [
  { name: 'NODE_NAME', fieldPath: 'spec.nodeName' },
  { name: 'POD_NAME', fieldPath: 'metadata.name' },
  { name: 'POD_NAMESPACE', fieldPath: 'metadata.namespace' },
  { name: 'HOST_IP', fieldPath: 'status.hostIP' },
];

/** Annotation with the Pod Security level the agent needs. */
export const LEVEL_ANNOTATION = 'node-agents.cdk8s.io/pod-security-level';

/**
 * Props of `NodeAgent`. The main container's settings sit at the top level.
 */
export interface NodeAgentProps extends AgentContainerProps, PodIdentityProps, HostNamespacesProps,
  NodeTargetingProps, RolloutProps, AgentIdentityProps {
  /**
   * The name of the DaemonSet, its ServiceAccount and its other objects.
   *
   * @default - a name derived from the construct path
   */
  readonly name?: string;

  /**
   * The namespace. Use an `AgentNamespace` to have its Pod Security labels follow the
   * agents, or `AgentNamespace.fromName()` for one this app does not manage.
   *
   * @default - the chart's namespace, or `default`, as unmanaged
   */
  readonly namespace?: IAgentNamespace;

  /**
   * More containers beside the main one, such as an auth proxy.
   *
   * @default - none
   */
  readonly sidecars?: AgentContainerProps[];

  /**
   * Containers that run to completion before the others start.
   *
   * @default - none
   */
  readonly initContainers?: AgentContainerProps[];

  /**
   * Kubernetes API access the agent needs. With at least one rule the ServiceAccount token is
   * mounted and a ClusterRole and its binding are emitted; without, no token.
   *
   * @default - no API access
   */
  readonly apiAccess?: ApiAccessRule[];

  /**
   * Access to non-resource URLs, such as `/metrics`.
   *
   * @default - none
   */
  readonly nonResourceAccess?: NonResourceAccessRule[];

  /**
   * Give every container NODE_NAME (`spec.nodeName`), POD_NAME, POD_NAMESPACE and HOST_IP
   * (`status.hostIP`).
   *
   * @default false
   */
  readonly exposeNodeIdentity?: boolean;

  /**
   * The priority class of the pods. `system-node-critical` keeps an agent from eviction;
   * outside `kube-system` many clusters admit it only with a ResourceQuota that allows it,
   * which an `AgentNamespace` emits (an unmanaged namespace gets a warning).
   *
   * @default - none
   */
  readonly priorityClassName?: string;

  /**
   * Emit a ValidatingAdmissionPolicy and its binding that admit the agent's DaemonSet, its
   * pods and their ephemeral containers only with exactly the declared host access. Needs
   * Kubernetes 1.30 or later; applying it needs permission to create admission policies.
   *
   * @default true
   */
  readonly hostAccessPolicy?: boolean;

  /**
   * Annotate the DaemonSet with the skip annotations of checkov and Polaris for exactly the
   * checks that the declared host access makes fail, each with the reason given for it (see
   * `ScannerExemptions`). Any other finding stays a finding.
   *
   * @default true
   */
  readonly scannerAnnotations?: boolean;

  /**
   * Time a pod gets to stop after SIGTERM.
   *
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * More annotations on the pod template.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
}

/**
 * A workload that runs once on every eligible node, with declared host access.
 *
 * Built on cdk8s-plus-28's `DaemonSet` (see `daemonSet`); the raw object is `apiObject`. What
 * the agent can touch on the node is `hostAccess`.
 */
export class NodeAgent extends Construct {
  /** The agent's name. */
  public readonly name: string;

  /** The namespace of the agent. */
  public readonly namespace: IAgentNamespace;

  /** The cdk8s-plus DaemonSet: an escape hatch for what this construct does not cover. */
  public readonly daemonSet: kplus.DaemonSet;

  /** The raw DaemonSet object, for JSON patches. */
  public readonly apiObject: ApiObject;

  /** The main container (cdk8s-plus), as an escape hatch. */
  public readonly container: kplus.Container;

  /** The agent's own ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;

  /**
   * The ClusterRole of the declared API access.
   *
   * @default - none when no access is declared
   */
  public readonly clusterRole?: ApiObject;

  /** Every label of the agent's objects and pods. */
  public readonly labels: { [key: string]: string };

  /** The labels that select the agent's pods; they never change. */
  public readonly selectorLabels: { [key: string]: string };

  /** What the agent can touch on its node, as data. */
  public readonly hostAccess: HostAccessReport;

  /** The update strategy. */
  public readonly rollout: AgentRollout;

  /**
   * The admission policy that pins the declared host access in the cluster.
   *
   * @default - none when `hostAccessPolicy` is false
   */
  public readonly policy?: HostAccessPolicy;

  constructor(scope: Construct, id: string, props: NodeAgentProps) {
    super(scope, id);

    this.name = props.name ?? Names.toDnsLabel(this);
    checkDnsLabel('name', this.name);
    this.namespace = props.namespace ?? AgentNamespace.fromName(Chart.of(this).namespace ?? 'default');

    const labels = agentLabels(this.name, imageTag(props.image), props);
    this.labels = labels.all;
    this.selectorLabels = labels.selector;
    const metadata = { name: this.name, namespace: this.namespace.name, labels: this.labels };

    const identity = resolveIdentity('', props);
    const namespaces = resolveHostNamespaces(props);
    const apiAccess = props.apiAccess ?? [];
    const nonResourceAccess = props.nonResourceAccess ?? [];
    checkApiAccess('apiAccess', apiAccess);
    checkNonResourceAccess('nonResourceAccess', nonResourceAccess);
    const token = apiAccess.length + nonResourceAccess.length > 0;
    if (props.minReadySeconds !== undefined) {
      checkInteger('minReadySeconds', props.minReadySeconds, 0, 2147483647);
    }
    const revisionHistoryLimit = props.revisionHistoryLimit ?? 10;
    checkInteger('revisionHistoryLimit', revisionHistoryLimit, 0, 2147483647);
    for (const key of Object.keys(props.podAnnotations ?? {})) {
      checkLabelKey('podAnnotations', key);
    }

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata, automountToken: false });

    this.daemonSet = new kplus.DaemonSet(this, 'Resource', {
      metadata,
      select: false,
      podMetadata: { labels: this.labels, annotations: { ...props.podAnnotations } },
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: token,
      hostNetwork: namespaces.hostNetwork,
      dns: { policy: namespaces.dnsPolicy },
      securityContext: {
        ensureNonRoot: !identity.root,
        user: identity.user,
        group: identity.group,
        fsGroup: props.fsGroup,
      },
      minReadySeconds: props.minReadySeconds,
      terminationGracePeriod: props.terminationGracePeriod,
    });
    this.daemonSet.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    this.apiObject = ApiObject.of(this.daemonSet);

    const extraEnv = fieldEnvValues(props.exposeNodeIdentity ? NODE_IDENTITY_ENV : []);
    const pod = new PodAssembly(this, this.daemonSet, { identity, hostNetwork: namespaces.hostNetwork, extraEnv });
    (props.initContainers ?? []).forEach((c, i) => pod.add(`initContainers[${i}]`, c, true));
    this.container = pod.add('', props, false, 'agent');
    (props.sidecars ?? []).forEach((c, i) => pod.add(`sidecars[${i}]`, c, false));

    this.rollout = props.rollout ?? AgentRollout.rollingUpdate();
    const bindsHostPorts = pod.containers.some((c) => c.hostPorts.length > 0);
    if (this.rollout.surges && (namespaces.hostNetwork || bindsHostPorts)) {
      throw invalid('rollout.maxSurge', this.rollout.maxSurge!.toString(),
        'an agent on the host network or with host ports cannot surge: the new pod could not bind '
        + 'the port the old one holds; use maxUnavailable instead');
    }

    applyNodeTargeting(this.daemonSet.scheduling, props);
    const nodeSelector = resolveNodeSelector(props);

    if (props.priorityClassName !== undefined) {
      checkDnsLabel('priorityClassName', props.priorityClassName);
    }

    const findings = evaluatePodSecurity({ hostPaths: pod.grants, ...namespaces, containers: pod.containers });
    this.hostAccess = {
      agent: this.name,
      namespace: this.namespace.name,
      hostPaths: pod.grants,
      hostNetwork: namespaces.hostNetwork,
      hostPID: namespaces.hostPID,
      hostIPC: namespaces.hostIPC,
      containers: pod.containers,
      serviceAccountName: this.name,
      serviceAccountToken: token,
      apiAccess,
      nonResourceAccess,
      priorityClassName: props.priorityClassName,
      podSecurityLevel: levelOf(findings),
      podSecurityFindings: findings,
    };

    this.annotateReasons();
    this.apiObject.metadata.addAnnotation(LEVEL_ANNOTATION, this.hostAccess.podSecurityLevel);
    if (props.scannerAnnotations ?? true) {
      ScannerExemptions.of(this.hostAccess).annotate(this.apiObject.metadata);
    }
    this.apiObject.addJsonPatch(
      JsonPatch.add('/spec/updateStrategy', this.rollout.toKube()),
      JsonPatch.add('/spec/revisionHistoryLimit', revisionHistoryLimit),
      JsonPatch.add('/spec/template/spec/nodeSelector', nodeSelector),
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    );
    const latePatches = [...pod.latePatches, ...hostNamespacePatches(namespaces)];
    if (latePatches.length > 0) {
      // cdk8s-plus-28 converts the object through its Kubernetes 1.28 schema after applying
      // JSON patches, dropping newer fields such as recursiveReadOnly and fields it spells
      // differently such as hostPID: apply those after it.
      const render = this.apiObject.toJson.bind(this.apiObject);
      this.apiObject.toJson = () => JsonPatch.apply(render(), ...latePatches);
    }
    if (props.priorityClassName !== undefined) {
      this.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName));
    }

    if (token) {
      this.clusterRole = this.bindApiAccess(apiAccess, nonResourceAccess);
    }

    if (props.hostAccessPolicy ?? true) {
      this.policy = new HostAccessPolicy(this, 'HostAccessPolicy', { report: this.hostAccess, labels: this.labels });
    }

    this.namespace.admit(this.hostAccess);
    this.warnAboutNamespace(props.priorityClassName);
  }

  private annotateReasons(): void {
    // Containers that share a host path volume share its annotation: keep every reason.
    const reasons = new Map<string, string[]>();
    const note = (key: string, reason?: string) => {
      const known = reasons.get(key) ?? [];
      if (reason && !known.includes(reason)) {
        reasons.set(key, [...known, reason]);
      }
    };
    for (const grant of this.hostAccess.hostPaths) {
      note(`${REASON_ANNOTATION_PREFIX}${grant.volumeName}`, grant.reason);
      note(`${WRITE_REASON_ANNOTATION_PREFIX}${grant.volumeName}`, grant.writableReason);
    }
    for (const [key, given] of reasons) {
      this.daemonSet.podMetadata.addAnnotation(key, given.join('; '));
    }
  }

  private bindApiAccess(rules: ApiAccessRule[], nonResource: NonResourceAccessRule[]): ApiObject {
    const roleName = `${this.namespace.name}-${this.name}`;
    const role = new kplus.k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: roleName, labels: this.labels },
      rules: toPolicyRules(rules, nonResource),
    });
    new kplus.k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: roleName, labels: this.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace.name }],
    });
    return role;
  }

  private warnAboutNamespace(priorityClassName?: string): void {
    if (this.namespace.managed) {
      return;
    }
    const level = this.hostAccess.podSecurityLevel;
    if (level !== PodSecurityLevel.RESTRICTED) {
      Warnings.add(this, `namespace '${this.namespace.name}' is not managed by this app: it must admit the `
        + `'${level}' Pod Security level (label pod-security.kubernetes.io/enforce=${level}) for the pods of `
        + `'${this.name}' to be created; they fail: ${this.hostAccess.podSecurityFindings.baseline.concat(
          this.hostAccess.podSecurityFindings.restricted).join(', ')}`);
    }
    if (priorityClassName && CRITICAL_PRIORITY_CLASSES.includes(priorityClassName)
      && this.namespace.name !== 'kube-system') {
      Warnings.add(this, `priority class '${priorityClassName}' outside kube-system: many clusters admit it in `
        + `namespace '${this.namespace.name}' only with a ResourceQuota whose scopeSelector allows it `
        + '(see the README); use an AgentNamespace to have it emitted');
    }
  }
}

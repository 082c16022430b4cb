import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HostAccessReport } from './host-access-report';
import { invalid } from './validation';

/** Props of `HostAccessPolicy`. */
export interface HostAccessPolicyProps {
  /** The declared host access the policy pins. */
  readonly report: HostAccessReport;

  /**
   * Labels for the policy and its binding.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

// CEL string and list literals. JSON string syntax is valid CEL.
const str = (value: string) => JSON.stringify(value);
const list = (values: string[]) => `[${values.map(str).join(', ')}]`;

// Reads a field of a container that may be absent, with a default.
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/**
 * A ValidatingAdmissionPolicy and its binding that admit an agent's DaemonSet, the pods it
 * creates and their ephemeral containers only with exactly the declared host access: the
 * same hostPath volumes (path and type), the same mounts (container, mount path, read-only
 * flag, propagation, recursive read-only), the same host namespaces, host ports,
 * capabilities and privilege.
 *
 * Paths are compared whole, so `/var/logx` never passes for `/var/log`, nor `/var` for it.
 * Needs Kubernetes 1.30 or later (`admissionregistration.k8s.io/v1`).
 */
export class HostAccessPolicy extends Construct {
  /** The ValidatingAdmissionPolicy. */
  public readonly policy: ApiObject;

  /** Its binding, scoped to the agent's namespace. */
  public readonly binding: ApiObject;

  /** The policy name. */
  public readonly policyName: string;

  constructor(scope: Construct, id: string, props: HostAccessPolicyProps) {
    super(scope, id);
    const report = props.report;
    this.policyName = `${report.namespace}-${report.agent}-host-access`;

    this.policy = new ApiObject(this, 'Policy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: this.policyName, labels: props.labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['daemonsets'] },
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['pods', 'pods/ephemeralcontainers'],
            },
          ],
        },
        matchConditions: [{ name: 'is-this-agent', expression: matchExpression(report) }],
        variables: variables(report),
        validations: validations(report),
      },
    });

    this.binding = new ApiObject(this, 'Binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: this.policyName, labels: props.labels },
      spec: {
        policyName: this.policyName,
        validationActions: ['Deny'],
        matchResources: {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': report.namespace } },
        },
      },
    });
  }
}

/**
 * The DaemonSet by name; its pods by owner, by the agent's instance label, or by the name
 * prefix the DaemonSet controller gives them. A pod relabelled out of the DaemonSet loses its
 * owner reference and its label, but keeps its generated name, so an ephemeral container
 * added to it later is still checked; a hand-made pod with the agent's labels is checked too.
 */
function matchExpression(report: HostAccessReport): string {
  const name = str(report.agent);
  return [
    `object.kind == "DaemonSet" ? object.metadata.name == ${name} : (`,
    `(has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, o.kind == "DaemonSet" && o.name == ${name}))`,
    ' || (has(object.metadata.labels) && "app.kubernetes.io/instance" in object.metadata.labels',
    ` && object.metadata.labels["app.kubernetes.io/instance"] == ${name})`,
    ` || (has(object.metadata.generateName) && object.metadata.generateName == ${str(`${report.agent}-`)}))`,
  ].join('');
}

// Volumes and mounts are compared as keys of their fields joined by '|'. Names are DNS
// labels and the last fields are fixed words, so a key splits one way only.
const VOLUME_KEY = (v: string) => `${v}.name + "|" + ${v}.hostPath.path + "|" + (has(${v}.hostPath.type) ? ${v}.hostPath.type : "")`;
const MOUNT_KEY = (c: string, m: string) => `${c}.name + "|" + ${m}.name + "|" + ${m}.mountPath`
  + ` + "|" + ((has(${m}.readOnly) && ${m}.readOnly) ? "ro" : "rw")`
  + ` + "|" + (has(${m}.mountPropagation) ? ${m}.mountPropagation : "None")`
  + ` + "|" + (has(${m}.recursiveReadOnly) && ${m}.recursiveReadOnly != "Disabled" ? ${m}.recursiveReadOnly : "")`
  + ` + "|" + (has(${m}.subPath) ? ${m}.subPath : "") + "|" + (has(${m}.subPathExpr) ? ${m}.subPathExpr : "")`;

function variables(report: HostAccessReport): any[] {
  const volumes = [...new Set(report.hostPaths.map((g) => `${g.volumeName}|${g.path}|${g.type}`))].sort();
  const mounts = report.hostPaths.map((g) => [g.container, g.volumeName, g.mountPath, g.readOnly ? 'ro' : 'rw',
    g.propagation, g.recursiveReadOnly ?? '', '', ''].join('|')).sort();
  const capabilities = `{${report.containers.map((c) => `${str(c.name)}: ${list(c.capabilities)}`).join(', ')}}`;
  const privileged = list(report.containers.filter((c) => c.privileged).map((c) => c.name));
  const appContainers = list(report.containers.filter((c) => !c.init).map((c) => c.name));
  const initContainers = list(report.containers.filter((c) => c.init).map((c) => c.name));
  const hostPorts = `[${[...new Set(report.containers.flatMap((c) => c.hostPorts))].sort((a, b) => a - b).join(', ')}]`;

  return [
    { name: 'agent', expression: str(report.agent) },
    { name: 'spec', expression: 'object.kind == "Pod" ? dyn(object).spec : dyn(object).spec.template.spec' },
    { name: 'declaredVolumes', expression: list(volumes) },
    { name: 'declaredMounts', expression: list(mounts) },
    { name: 'capabilities', expression: report.containers.length > 0 ? capabilities : '{}' },
    { name: 'privileged', expression: privileged },
    { name: 'hostPorts', expression: hostPorts },
    {
      name: 'hostVolumes',
      expression: 'has(variables.spec.volumes) ? variables.spec.volumes.filter(v, has(v.hostPath)) : []',
    },
    { name: 'hostVolumeNames', expression: 'variables.hostVolumes.map(v, v.name)' },
    {
      name: 'undeclaredVolumes',
      expression: `variables.hostVolumes.filter(v, !(${VOLUME_KEY('v')} in variables.declaredVolumes))`,
    },
    ...CONTAINER_LISTS.map((field) => ({
      name: field,
      expression: `has(variables.spec.${field}) ? variables.spec.${field} : []`,
    })),
    { name: 'appContainers', expression: appContainers },
    { name: 'initContainerNames', expression: initContainers },
  ];
}

// The host mounts of a container that match no declared mount.
const BAD_MOUNTS = (c: string) => `(has(${c}.volumeMounts) ? ${c}.volumeMounts.filter(m, m.name in variables.hostVolumeNames`
  + ` && !((${MOUNT_KEY(c, 'm')}) in variables.declaredMounts)) : [])`;

const SECURITY = (c: string, field: string) => `has(${c}.securityContext) && has(${c}.securityContext.${field})`;

/**
 * One check of the policy: its CEL expressions, the same for every agent (they read the agent's
 * name from `variables.agent`), and the message, which is plain text and names the agent.
 */
interface Check {
  readonly expression: string;
  readonly messageExpression?: string;
  readonly message: (agent: string) => string;
}

/**
 * The checks, built once: their CEL text is several kilobytes, the same for every agent, so
 * each policy shares these strings instead of assembling and keeping its own copy.
 */
const CHECKS: readonly Check[] = buildChecks();

/** The host-namespace checks, one per declared value. */
const HOST_NAMESPACE_CHECKS = (['hostNetwork', 'hostPID', 'hostIPC'] as const).map((field) => {
  const check = (declared: boolean): Check => ({
    expression: `(has(variables.spec.${field}) && variables.spec.${field}) == ${declared}`,
    message: (agent) => `${field} must be ${declared} for agent ${agent}, as declared`,
  });
  return { field, checks: { true: check(true), false: check(false) } };
});

function buildChecks(): Check[] {
  const forAgent = '" + variables.agent + "';
  const checks: Check[] = [
    {
      expression: 'size(variables.undeclaredVolumes) == 0',
      message: (agent) => `a hostPath volume differs from the host access declared for agent ${agent}`,
      messageExpression: `"hostPath volumes not declared for agent ${forAgent}: " + variables.undeclaredVolumes.map(v,`
        + ' v.name + " (path " + v.hostPath.path + ", type " + (has(v.hostPath.type) && v.hostPath.type != "" ? v.hostPath.type : "unset") + ")").join(", ")',
    },
  ];
  for (const field of CONTAINER_LISTS) {
    const list_ = `variables.${field}`;
    checks.push({
      expression: `${list_}.all(c, size(${BAD_MOUNTS('c')}) == 0)`,
      message: (agent) => `a ${field} host mount differs from the host access declared for agent ${agent}`,
      messageExpression: `"host mounts not declared for agent ${forAgent} in ${field}: " + ${list_}.map(c, ${BAD_MOUNTS('c')}`
        + '.map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable")'
        + ' + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "")'
        + ' + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "")'
        + ' + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "")'
        + ' + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
    });
    checks.push({
      expression: `${list_}.all(c, !(${SECURITY('c', 'privileged')} && c.securityContext.privileged) || c.name in variables.privileged)`,
      message: (agent) => `a container of agent ${agent} runs privileged without declaring it`,
      messageExpression: `"privileged containers not declared for agent ${forAgent}: " + ${list_}.filter(c,`
        + ` ${SECURITY('c', 'privileged')} && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")`,
    });
    checks.push({
      expression: `${list_}.all(c, c.name in variables.privileged || (${SECURITY('c', 'allowPrivilegeEscalation')}`
        + ' && c.securityContext.allowPrivilegeEscalation == false))',
      message: (agent) => `a container of agent ${agent} allows privilege escalation`,
      messageExpression: `"containers of agent ${forAgent} that do not set allowPrivilegeEscalation: false: " + ${list_}.filter(c,`
        + ` !(c.name in variables.privileged) && !(${SECURITY('c', 'allowPrivilegeEscalation')} && c.securityContext.allowPrivilegeEscalation == false))`
        + '.map(c, c.name).join(", ")',
    });
    const added = 'c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))';
    const hasAdd = `${SECURITY('c', 'capabilities')} && has(c.securityContext.capabilities.add)`;
    checks.push({
      expression: `${list_}.all(c, !(${hasAdd}) || size(${added}) == 0)`,
      message: (agent) => `a container of agent ${agent} adds capabilities it did not declare`,
      messageExpression: `"capabilities not declared for agent ${forAgent}: " + ${list_}.filter(c, ${hasAdd} && size(${added}) > 0)`
        + `.map(c, c.name + " adds " + ${added}.join(" ")).join(", ")`,
    });
    checks.push({
      expression: `${list_}.all(c, c.name in variables.privileged || (${SECURITY('c', 'capabilities')}`
        + ' && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
      message: (agent) => `a container of agent ${agent} does not drop every capability`,
      messageExpression: `"containers of agent ${forAgent} that do not drop ALL capabilities: " + ${list_}.filter(c,`
        + ` !(c.name in variables.privileged) && !(${SECURITY('c', 'capabilities')} && has(c.securityContext.capabilities.drop)`
        + ' && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
    });
  }
  for (const [field, names] of [['containers', 'appContainers'], ['initContainers', 'initContainerNames']]) {
    checks.push({
      expression: `variables.${field}.all(c, c.name in variables.${names})`,
      message: (agent) => `agent ${agent} has ${field} it did not declare`,
      messageExpression: `"${field} not declared for agent ${forAgent}: " + variables.${field}.filter(c, !(c.name in variables.${names}))`
        + '.map(c, c.name).join(", ")',
    });
  }
  checks.push({
    expression: 'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0'
      + ' || p.hostPort in variables.hostPorts))',
    message: (agent) => `agent ${agent} binds host ports it did not declare`,
    messageExpression: `"host ports not declared for agent ${forAgent}: " + variables.containers.map(c, has(c.ports)`
      + ' ? c.ports.filter(p, has(p.hostPort) && p.hostPort != 0 && !(p.hostPort in variables.hostPorts))'
      + '.map(p, c.name + " binds " + string(p.hostPort)).join(", ") : "").filter(s, s != "").join(", ")',
  });
  return checks;
}

function validations(report: HostAccessReport): any[] {
  const agent = report.agent;
  const declared = { hostNetwork: report.hostNetwork, hostPID: report.hostPID, hostIPC: report.hostIPC };
  for (const [field, value] of Object.entries(declared)) {
    if (typeof value !== 'boolean') {
      throw invalid(`report.${field}`, value, 'true or false (the host namespace the policy pins)');
    }
  }
  return [...CHECKS, ...HOST_NAMESPACE_CHECKS.map(({ field, checks }) => checks[`${declared[field]}`])]
    .map((check) => ({
      expression: check.expression,
      message: check.message(agent),
      ...(check.messageExpression ? { messageExpression: check.messageExpression } : {}),
      reason: 'Forbidden',
    }));
}

// Generated once by bench/refresh-literals.ts from the library's output: the text someone
// writing these apps by hand would paste in. Do not edit; see bench/refresh-literals.ts.
/* eslint-disable */

/** The spec of the node-agent's ValidatingAdmissionPolicy in `namespace`. */
export function nodeAgentPolicySpec(_namespace: string): any {
  return {
    failurePolicy: 'Fail',
    matchConditions: [
      {
        expression: 'object.kind == "DaemonSet" ? object.metadata.name == "log-agent" : ((has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, o.kind == "DaemonSet" && o.name == "log-agent")) || (has(object.metadata.labels) && "app.kubernetes.io/instance" in object.metadata.labels && object.metadata.labels["app.kubernetes.io/instance"] == "log-agent") || (has(object.metadata.generateName) && object.metadata.generateName == "log-agent-"))',
        name: 'is-this-agent',
      },
    ],
    matchConstraints: {
      resourceRules: [
        {
          apiGroups: [
            'apps',
          ],
          apiVersions: [
            'v1',
          ],
          operations: [
            'CREATE',
            'UPDATE',
          ],
          resources: [
            'daemonsets',
          ],
        },
        {
          apiGroups: [
            '',
          ],
          apiVersions: [
            'v1',
          ],
          operations: [
            'CREATE',
            'UPDATE',
          ],
          resources: [
            'pods',
            'pods/ephemeralcontainers',
          ],
        },
      ],
    },
    validations: [
      {
        expression: 'size(variables.undeclaredVolumes) == 0',
        message: 'a hostPath volume differs from the host access declared for agent log-agent',
        messageExpression: '"hostPath volumes not declared for agent " + variables.agent + ": " + variables.undeclaredVolumes.map(v, v.name + " (path " + v.hostPath.path + ", type " + (has(v.hostPath.type) && v.hostPath.type != "" ? v.hostPath.type : "unset") + ")").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a containers host mount differs from the host access declared for agent log-agent',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in containers: " + variables.containers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent log-agent runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent log-agent allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.containers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent log-agent adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent log-agent does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.containers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a initContainers host mount differs from the host access declared for agent log-agent',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in initContainers: " + variables.initContainers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent log-agent runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent log-agent allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.initContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent log-agent adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent log-agent does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.initContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a ephemeralContainers host mount differs from the host access declared for agent log-agent',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in ephemeralContainers: " + variables.ephemeralContainers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent log-agent runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent log-agent allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.ephemeralContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent log-agent adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent log-agent does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.ephemeralContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.appContainers)',
        message: 'agent log-agent has containers it did not declare',
        messageExpression: '"containers not declared for agent " + variables.agent + ": " + variables.containers.filter(c, !(c.name in variables.appContainers)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.initContainerNames)',
        message: 'agent log-agent has initContainers it did not declare',
        messageExpression: '"initContainers not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, !(c.name in variables.initContainerNames)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0 || p.hostPort in variables.hostPorts))',
        message: 'agent log-agent binds host ports it did not declare',
        messageExpression: '"host ports not declared for agent " + variables.agent + ": " + variables.containers.map(c, has(c.ports) ? c.ports.filter(p, has(p.hostPort) && p.hostPort != 0 && !(p.hostPort in variables.hostPorts)).map(p, c.name + " binds " + string(p.hostPort)).join(", ") : "").filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostNetwork) && variables.spec.hostNetwork) == false',
        message: 'hostNetwork must be false for agent log-agent, as declared',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostPID) && variables.spec.hostPID) == false',
        message: 'hostPID must be false for agent log-agent, as declared',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostIPC) && variables.spec.hostIPC) == false',
        message: 'hostIPC must be false for agent log-agent, as declared',
        reason: 'Forbidden',
      },
    ],
    variables: [
      {
        expression: '"log-agent"',
        name: 'agent',
      },
      {
        expression: 'object.kind == "Pod" ? dyn(object).spec : dyn(object).spec.template.spec',
        name: 'spec',
      },
      {
        expression: '["host-var-log|/var/log|Directory"]',
        name: 'declaredVolumes',
      },
      {
        expression: '["agent|host-var-log|/host-logs|ro|None|||"]',
        name: 'declaredMounts',
      },
      {
        expression: '{"agent": []}',
        name: 'capabilities',
      },
      {
        expression: '[]',
        name: 'privileged',
      },
      {
        expression: '[]',
        name: 'hostPorts',
      },
      {
        expression: 'has(variables.spec.volumes) ? variables.spec.volumes.filter(v, has(v.hostPath)) : []',
        name: 'hostVolumes',
      },
      {
        expression: 'variables.hostVolumes.map(v, v.name)',
        name: 'hostVolumeNames',
      },
      {
        expression: 'variables.hostVolumes.filter(v, !(v.name + "|" + v.hostPath.path + "|" + (has(v.hostPath.type) ? v.hostPath.type : "") in variables.declaredVolumes))',
        name: 'undeclaredVolumes',
      },
      {
        expression: 'has(variables.spec.containers) ? variables.spec.containers : []',
        name: 'containers',
      },
      {
        expression: 'has(variables.spec.initContainers) ? variables.spec.initContainers : []',
        name: 'initContainers',
      },
      {
        expression: 'has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : []',
        name: 'ephemeralContainers',
      },
      {
        expression: '["agent"]',
        name: 'appContainers',
      },
      {
        expression: '[]',
        name: 'initContainerNames',
      },
    ],
  };
}

/** The annotations of the node-agent's DaemonSet in `namespace`. */
export function nodeAgentAnnotations(_namespace: string): { [key: string]: string } {
  return {
    'node-agents.cdk8s.io/pod-security-level': 'privileged',
  };
}

/** The spec of the log-collector's ValidatingAdmissionPolicy in `namespace`. */
export function logCollectorPolicySpec(namespace: string): any {
  return {
    failurePolicy: 'Fail',
    matchConditions: [
      {
        expression: 'object.kind == "DaemonSet" ? object.metadata.name == "log-collector" : ((has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, o.kind == "DaemonSet" && o.name == "log-collector")) || (has(object.metadata.labels) && "app.kubernetes.io/instance" in object.metadata.labels && object.metadata.labels["app.kubernetes.io/instance"] == "log-collector") || (has(object.metadata.generateName) && object.metadata.generateName == "log-collector-"))',
        name: 'is-this-agent',
      },
    ],
    matchConstraints: {
      resourceRules: [
        {
          apiGroups: [
            'apps',
          ],
          apiVersions: [
            'v1',
          ],
          operations: [
            'CREATE',
            'UPDATE',
          ],
          resources: [
            'daemonsets',
          ],
        },
        {
          apiGroups: [
            '',
          ],
          apiVersions: [
            'v1',
          ],
          operations: [
            'CREATE',
            'UPDATE',
          ],
          resources: [
            'pods',
            'pods/ephemeralcontainers',
          ],
        },
      ],
    },
    validations: [
      {
        expression: 'size(variables.undeclaredVolumes) == 0',
        message: 'a hostPath volume differs from the host access declared for agent log-collector',
        messageExpression: '"hostPath volumes not declared for agent " + variables.agent + ": " + variables.undeclaredVolumes.map(v, v.name + " (path " + v.hostPath.path + ", type " + (has(v.hostPath.type) && v.hostPath.type != "" ? v.hostPath.type : "unset") + ")").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a containers host mount differs from the host access declared for agent log-collector',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in containers: " + variables.containers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent log-collector runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent log-collector allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.containers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent log-collector adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent log-collector does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.containers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a initContainers host mount differs from the host access declared for agent log-collector',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in initContainers: " + variables.initContainers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent log-collector runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent log-collector allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.initContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent log-collector adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent log-collector does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.initContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a ephemeralContainers host mount differs from the host access declared for agent log-collector',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in ephemeralContainers: " + variables.ephemeralContainers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent log-collector runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent log-collector allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.ephemeralContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent log-collector adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent log-collector does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.ephemeralContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.appContainers)',
        message: 'agent log-collector has containers it did not declare',
        messageExpression: '"containers not declared for agent " + variables.agent + ": " + variables.containers.filter(c, !(c.name in variables.appContainers)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.initContainerNames)',
        message: 'agent log-collector has initContainers it did not declare',
        messageExpression: '"initContainers not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, !(c.name in variables.initContainerNames)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0 || p.hostPort in variables.hostPorts))',
        message: 'agent log-collector binds host ports it did not declare',
        messageExpression: '"host ports not declared for agent " + variables.agent + ": " + variables.containers.map(c, has(c.ports) ? c.ports.filter(p, has(p.hostPort) && p.hostPort != 0 && !(p.hostPort in variables.hostPorts)).map(p, c.name + " binds " + string(p.hostPort)).join(", ") : "").filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostNetwork) && variables.spec.hostNetwork) == false',
        message: 'hostNetwork must be false for agent log-collector, as declared',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostPID) && variables.spec.hostPID) == false',
        message: 'hostPID must be false for agent log-collector, as declared',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostIPC) && variables.spec.hostIPC) == false',
        message: 'hostIPC must be false for agent log-collector, as declared',
        reason: 'Forbidden',
      },
    ],
    variables: [
      {
        expression: '"log-collector"',
        name: 'agent',
      },
      {
        expression: 'object.kind == "Pod" ? dyn(object).spec : dyn(object).spec.template.spec',
        name: 'spec',
      },
      {
        expression: `["host-var-log-containers|/var/log/containers|Directory", "host-var-log-journal|/var/log/journal|Directory", "host-var-log-pods|/var/log/pods|Directory", "state|/var/lib/fluent-bit/${namespace}-log-collector|DirectoryOrCreate"]`,
        name: 'declaredVolumes',
      },
      {
        expression: `["fluent-bit|host-var-log-containers|/var/log/containers|ro|None|||", "fluent-bit|host-var-log-journal|/var/log/journal|ro|None|||", "fluent-bit|host-var-log-pods|/var/log/pods|ro|None|||", "fluent-bit|state|/var/lib/fluent-bit/${namespace}-log-collector|rw|None|||"]`,
        name: 'declaredMounts',
      },
      {
        expression: '{"fluent-bit": []}',
        name: 'capabilities',
      },
      {
        expression: '[]',
        name: 'privileged',
      },
      {
        expression: '[]',
        name: 'hostPorts',
      },
      {
        expression: 'has(variables.spec.volumes) ? variables.spec.volumes.filter(v, has(v.hostPath)) : []',
        name: 'hostVolumes',
      },
      {
        expression: 'variables.hostVolumes.map(v, v.name)',
        name: 'hostVolumeNames',
      },
      {
        expression: 'variables.hostVolumes.filter(v, !(v.name + "|" + v.hostPath.path + "|" + (has(v.hostPath.type) ? v.hostPath.type : "") in variables.declaredVolumes))',
        name: 'undeclaredVolumes',
      },
      {
        expression: 'has(variables.spec.containers) ? variables.spec.containers : []',
        name: 'containers',
      },
      {
        expression: 'has(variables.spec.initContainers) ? variables.spec.initContainers : []',
        name: 'initContainers',
      },
      {
        expression: 'has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : []',
        name: 'ephemeralContainers',
      },
      {
        expression: '["fluent-bit"]',
        name: 'appContainers',
      },
      {
        expression: '[]',
        name: 'initContainerNames',
      },
    ],
  };
}

/** The annotations of the log-collector's DaemonSet in `namespace`. */
export function logCollectorAnnotations(_namespace: string): { [key: string]: string } {
  return {
    'checkov.io/skip1': 'CKV_K8S_23=declared runAsRoot: runs as user 0',
    'checkov.io/skip2': 'CKV_K8S_38=declared API access (get/list/watch namespaces, pods) mounts the ServiceAccount token',
    'checkov.io/skip3': 'CKV_K8S_40=declared runAsRoot: runs as user 0',
    'node-agents.cdk8s.io/pod-security-level': 'privileged',
    'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
    'polaris.fairwinds.com/runAsRootAllowed-exempt': 'true',
  };
}

/** The spec of the node-exporter's ValidatingAdmissionPolicy in `namespace`. */
export function nodeExporterPolicySpec(_namespace: string): any {
  return {
    failurePolicy: 'Fail',
    matchConditions: [
      {
        expression: 'object.kind == "DaemonSet" ? object.metadata.name == "node-exporter" : ((has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(o, o.kind == "DaemonSet" && o.name == "node-exporter")) || (has(object.metadata.labels) && "app.kubernetes.io/instance" in object.metadata.labels && object.metadata.labels["app.kubernetes.io/instance"] == "node-exporter") || (has(object.metadata.generateName) && object.metadata.generateName == "node-exporter-"))',
        name: 'is-this-agent',
      },
    ],
    matchConstraints: {
      resourceRules: [
        {
          apiGroups: [
            'apps',
          ],
          apiVersions: [
            'v1',
          ],
          operations: [
            'CREATE',
            'UPDATE',
          ],
          resources: [
            'daemonsets',
          ],
        },
        {
          apiGroups: [
            '',
          ],
          apiVersions: [
            'v1',
          ],
          operations: [
            'CREATE',
            'UPDATE',
          ],
          resources: [
            'pods',
            'pods/ephemeralcontainers',
          ],
        },
      ],
    },
    validations: [
      {
        expression: 'size(variables.undeclaredVolumes) == 0',
        message: 'a hostPath volume differs from the host access declared for agent node-exporter',
        messageExpression: '"hostPath volumes not declared for agent " + variables.agent + ": " + variables.undeclaredVolumes.map(v, v.name + " (path " + v.hostPath.path + ", type " + (has(v.hostPath.type) && v.hostPath.type != "" ? v.hostPath.type : "unset") + ")").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a containers host mount differs from the host access declared for agent node-exporter',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in containers: " + variables.containers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent node-exporter runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent node-exporter allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.containers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent node-exporter adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent node-exporter does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.containers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a initContainers host mount differs from the host access declared for agent node-exporter',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in initContainers: " + variables.initContainers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent node-exporter runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent node-exporter allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.initContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent node-exporter adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent node-exporter does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.initContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, size((has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : [])) == 0)',
        message: 'a ephemeralContainers host mount differs from the host access declared for agent node-exporter',
        messageExpression: '"host mounts not declared for agent " + variables.agent + " in ephemeralContainers: " + variables.ephemeralContainers.map(c, (has(c.volumeMounts) ? c.volumeMounts.filter(m, m.name in variables.hostVolumeNames && !((c.name + "|" + m.name + "|" + m.mountPath + "|" + ((has(m.readOnly) && m.readOnly) ? "ro" : "rw") + "|" + (has(m.mountPropagation) ? m.mountPropagation : "None") + "|" + (has(m.recursiveReadOnly) && m.recursiveReadOnly != "Disabled" ? m.recursiveReadOnly : "") + "|" + (has(m.subPath) ? m.subPath : "") + "|" + (has(m.subPathExpr) ? m.subPathExpr : "")) in variables.declaredMounts)) : []).map(m, c.name + " mounts " + m.name + " at " + m.mountPath + ((has(m.readOnly) && m.readOnly) ? " read-only" : " writable") + (has(m.mountPropagation) ? " with " + m.mountPropagation + " propagation" : "") + (has(m.recursiveReadOnly) ? ", recursiveReadOnly " + m.recursiveReadOnly : "") + (has(m.subPath) && m.subPath != "" ? ", subPath " + m.subPath : "") + (has(m.subPathExpr) && m.subPathExpr != "" ? ", subPathExpr " + m.subPathExpr : "")).join(", ")).filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) || c.name in variables.privileged)',
        message: 'a container of agent node-exporter runs privileged without declaring it',
        messageExpression: '"privileged containers not declared for agent " + variables.agent + ": " + variables.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged && !(c.name in variables.privileged)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false))',
        message: 'a container of agent node-exporter allows privilege escalation',
        messageExpression: '"containers of agent " + variables.agent + " that do not set allowPrivilegeEscalation: false: " + variables.ephemeralContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.allowPrivilegeEscalation) && c.securityContext.allowPrivilegeEscalation == false)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add)) || size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) == 0)',
        message: 'a container of agent node-exporter adds capabilities it did not declare',
        messageExpression: '"capabilities not declared for agent " + variables.agent + ": " + variables.ephemeralContainers.filter(c, has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && size(c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : [])))) > 0).map(c, c.name + " adds " + c.securityContext.capabilities.add.filter(a, !(a in (c.name in variables.capabilities ? variables.capabilities[c.name] : []))).join(" ")).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.ephemeralContainers.all(c, c.name in variables.privileged || (has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop))',
        message: 'a container of agent node-exporter does not drop every capability',
        messageExpression: '"containers of agent " + variables.agent + " that do not drop ALL capabilities: " + variables.ephemeralContainers.filter(c, !(c.name in variables.privileged) && !(has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.drop) && "ALL" in c.securityContext.capabilities.drop)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, c.name in variables.appContainers)',
        message: 'agent node-exporter has containers it did not declare',
        messageExpression: '"containers not declared for agent " + variables.agent + ": " + variables.containers.filter(c, !(c.name in variables.appContainers)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.initContainers.all(c, c.name in variables.initContainerNames)',
        message: 'agent node-exporter has initContainers it did not declare',
        messageExpression: '"initContainers not declared for agent " + variables.agent + ": " + variables.initContainers.filter(c, !(c.name in variables.initContainerNames)).map(c, c.name).join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: 'variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0 || p.hostPort in variables.hostPorts))',
        message: 'agent node-exporter binds host ports it did not declare',
        messageExpression: '"host ports not declared for agent " + variables.agent + ": " + variables.containers.map(c, has(c.ports) ? c.ports.filter(p, has(p.hostPort) && p.hostPort != 0 && !(p.hostPort in variables.hostPorts)).map(p, c.name + " binds " + string(p.hostPort)).join(", ") : "").filter(s, s != "").join(", ")',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostNetwork) && variables.spec.hostNetwork) == true',
        message: 'hostNetwork must be true for agent node-exporter, as declared',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostPID) && variables.spec.hostPID) == true',
        message: 'hostPID must be true for agent node-exporter, as declared',
        reason: 'Forbidden',
      },
      {
        expression: '(has(variables.spec.hostIPC) && variables.spec.hostIPC) == false',
        message: 'hostIPC must be false for agent node-exporter, as declared',
        reason: 'Forbidden',
      },
    ],
    variables: [
      {
        expression: '"node-exporter"',
        name: 'agent',
      },
      {
        expression: 'object.kind == "Pod" ? dyn(object).spec : dyn(object).spec.template.spec',
        name: 'spec',
      },
      {
        expression: '["host-proc|/proc|Directory", "host-root|/|Directory", "host-sys|/sys|Directory"]',
        name: 'declaredVolumes',
      },
      {
        expression: '["node-exporter|host-proc|/host/proc|ro|None|||", "node-exporter|host-root|/host/root|ro|HostToContainer|||", "node-exporter|host-sys|/host/sys|ro|None|||"]',
        name: 'declaredMounts',
      },
      {
        expression: '{"node-exporter": [], "kube-rbac-proxy": []}',
        name: 'capabilities',
      },
      {
        expression: '[]',
        name: 'privileged',
      },
      {
        expression: '[9100, 9101]',
        name: 'hostPorts',
      },
      {
        expression: 'has(variables.spec.volumes) ? variables.spec.volumes.filter(v, has(v.hostPath)) : []',
        name: 'hostVolumes',
      },
      {
        expression: 'variables.hostVolumes.map(v, v.name)',
        name: 'hostVolumeNames',
      },
      {
        expression: 'variables.hostVolumes.filter(v, !(v.name + "|" + v.hostPath.path + "|" + (has(v.hostPath.type) ? v.hostPath.type : "") in variables.declaredVolumes))',
        name: 'undeclaredVolumes',
      },
      {
        expression: 'has(variables.spec.containers) ? variables.spec.containers : []',
        name: 'containers',
      },
      {
        expression: 'has(variables.spec.initContainers) ? variables.spec.initContainers : []',
        name: 'initContainers',
      },
      {
        expression: 'has(variables.spec.ephemeralContainers) ? variables.spec.ephemeralContainers : []',
        name: 'ephemeralContainers',
      },
      {
        expression: '["node-exporter", "kube-rbac-proxy"]',
        name: 'appContainers',
      },
      {
        expression: '[]',
        name: 'initContainerNames',
      },
    ],
  };
}

/** The annotations of the node-exporter's DaemonSet in `namespace`. */
export function nodeExporterAnnotations(_namespace: string): { [key: string]: string } {
  return {
    'checkov.io/skip1': 'CKV_K8S_17=declared hostPID: the agent sees every process of the node',
    'checkov.io/skip2': "CKV_K8S_19=declared hostNetwork: the agent uses the node's network namespace",
    'checkov.io/skip3': 'CKV_K8S_26=declared hostNetwork binds port 9101 in container node-exporter on the node; declared hostNetwork binds port 9100 in container kube-rbac-proxy on the node',
    'checkov.io/skip4': 'CKV_K8S_38=declared API access (create tokenreviews; create subjectaccessreviews) mounts the ServiceAccount token',
    'node-agents.cdk8s.io/pod-security-level': 'privileged',
    'polaris.fairwinds.com/automountServiceAccountToken-exempt': 'true',
    'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
    'polaris.fairwinds.com/hostPIDSet-exempt': 'true',
    'polaris.fairwinds.com/hostPortSet-exempt': 'true',
  };
}

/** The fluent-bit configuration files of the log collector in `namespace`. */
export function fluentBitFiles(namespace: string): { [name: string]: string } {
  return {
    'filters.conf': `[FILTER]
    Name                kubernetes
    Match               kube.*
    Kube_URL            https://kubernetes.default.svc:443
    Kube_CA_File        /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    Kube_Token_File     /var/run/secrets/kubernetes.io/serviceaccount/token
    Kube_Tag_Prefix     kube.var.log.containers.
    Merge_Log           On
    Keep_Log            Off
    K8S-Logging.Parser  Off
    K8S-Logging.Exclude On
    Labels              On
    Annotations         Off
    Use_Kubelet         Off
`,
    'fluent-bit.conf': `[SERVICE]
    Flush                     1
    Grace                     5
    Daemon                    Off
    Log_Level                 info
    Parsers_File              /fluent-bit/etc/parsers.conf
    HTTP_Server               On
    HTTP_Listen               0.0.0.0
    HTTP_Port                 2020
    Health_Check              On
    HC_Errors_Count           5
    HC_Retry_Failure_Count    5
    HC_Period                 60
    storage.path              /var/lib/fluent-bit/${namespace}-log-collector/buffer
    storage.sync              normal
    storage.checksum          Off
    storage.max_chunks_up     32
    storage.backlog.mem_limit 8388608
    storage.metrics           On

@INCLUDE /fluent-bit/etc/conf/inputs.conf
@INCLUDE /fluent-bit/etc/conf/filters.conf
@INCLUDE /fluent-bit/etc/conf/outputs.conf
`,
    'inputs.conf': `[INPUT]
    Name             tail
    Alias            containers
    Tag              kube.*
    Path             /var/log/containers/*.log
    Exclude_Path     /var/log/containers/log-collector-*_${namespace}_*.log
    multiline.parser cri, docker
    DB               /var/lib/fluent-bit/${namespace}-log-collector/containers.db
    DB.locking       On
    Mem_Buf_Limit    33554432
    Skip_Long_Lines  On
    Refresh_Interval 10
    Rotate_Wait      30
    Read_from_Head   Off
    storage.type     filesystem

[INPUT]
    Name           systemd
    Alias          journal
    Tag            journal.*
    Path           /var/log/journal
    DB             /var/lib/fluent-bit/${namespace}-log-collector/journal.db
    DB.Sync        Normal
    Read_From_Tail On
    Mem_Buf_Limit  8388608
    storage.type   filesystem
    Systemd_Filter _SYSTEMD_UNIT=containerd.service
    Systemd_Filter _SYSTEMD_UNIT=kubelet.service
`,
    'outputs.conf': `[OUTPUT]
    Name        loki
    Match       *
    Retry_Limit no_limits
    Host        loki-gateway.logging.svc
    Port        80
    Uri         /loki/api/v1/push
    Labels      job=fluent-bit, namespace=$kubernetes['namespace_name'], node=$kubernetes['host']
    Line_Format json
    Tenant_ID   platform
    HTTP_User   \${OUTPUT_0_HTTP_USER}
    HTTP_Passwd \${OUTPUT_0_HTTP_PASSWD}

[OUTPUT]
    Name                es
    Match               kube.*
    Retry_Limit         no_limits
    Host                elasticsearch-es-http.logging.svc
    Port                9200
    Logstash_Format     On
    Logstash_Prefix     kube
    Suppress_Type_Name  On
    Replace_Dots        On
    HTTP_User           \${OUTPUT_1_HTTP_USER}
    HTTP_Passwd         \${OUTPUT_1_HTTP_PASSWD}
    tls                 On
    tls.verify          On
    tls.verify_hostname On
    tls.ca_file         /fluent-bit/secrets/elasticsearch-es-http-certs-public/ca.crt
`,
  };
}

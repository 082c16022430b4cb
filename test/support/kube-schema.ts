import { PodMonitor, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, ResourceQuota, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';

// The models of every kind the library emits. A kind missing here fails validation, so that
// no object slips out unchecked.
const MODELS: { [apiVersionKind: string]: new (data: any) => { validate(): void } } = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/ResourceQuota': ResourceQuota,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/DaemonSet': DaemonSet,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
};

/**
 * Validates one manifest against the Kubernetes OpenAPI schema (kubernetes-models) and
 * returns the problems found, as text.
 */
export function schemaProblems(manifest: any): string[] {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const Model = MODELS[key];
  if (!Model) {
    return [`no schema model for ${key}: add it to test/support/kube-schema.ts`];
  }
  try {
    new Model(manifest).validate();
    return [];
  } catch (error: any) {
    return [`${key} ${manifest.metadata?.name}: ${error.message}`];
  }
}

/** Throws when any manifest breaks the schema. */
export function expectValidManifests(manifests: any[]): void {
  const problems = manifests.flatMap(schemaProblems);
  if (problems.length > 0) {
    throw new Error(`manifests do not match the Kubernetes schema:\n${problems.join('\n')}`);
  }
}

// Which nodes a DaemonSet's pods belong on, computed from the nodes' labels and taints the
// way the DaemonSet controller and the scheduler decide it: nodeSelector, required node
// affinity, and taints against tolerations (plus those the controller adds to every daemon
// pod). Written from the live Node objects, so the same expectation holds on any cluster.

/** The tolerations the DaemonSet controller adds to every daemon pod. */
export function daemonSetTolerations(podSpec: any): any[] {
  const tolerations = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (podSpec.hostNetwork) {
    tolerations.push({
      key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule',
    });
  }
  return tolerations;
}

/** Whether a toleration tolerates a taint (core/v1 Toleration.ToleratesTaint). */
export function tolerates(toleration: any, taint: any): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  // An empty key with operator Exists matches every taint.
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== 'Exists') return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Exists': return true;
    case 'Equal': return (toleration.value ?? '') === (taint.value ?? '');
    default: return false;
  }
}

/** Whether one match expression of a node selector term holds for these values. */
function matchesRequirement(values: { [k: string]: string }, requirement: any): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, requirement.key);
  const value = values[requirement.key];
  const wanted: string[] = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In': return has && wanted.includes(value);
    case 'NotIn': return !has || !wanted.includes(value);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': return has && /^-?\d+$/.test(value) && Number(value) > Number(wanted[0]);
    case 'Lt': return has && /^-?\d+$/.test(value) && Number(value) < Number(wanted[0]);
    default: throw new Error(`unknown node selector operator ${requirement.operator}`);
  }
}

/** A NodeSelectorTerm: every expression and field must hold; an empty term matches nothing. */
function matchesTerm(node: any, term: any): boolean {
  const expressions: any[] = term.matchExpressions ?? [];
  const fields: any[] = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return expressions.every((r) => matchesRequirement(labels, r)) &&
    fields.every((r) => matchesRequirement({ 'metadata.name': node.metadata.name }, r));
}

/** Why a pod of this spec cannot run on the node, or undefined when it can. */
export function ineligibility(node: any, podSpec: any): string | undefined {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries<string>(podSpec.nodeSelector ?? {})) {
    if (labels[key] !== value) return `nodeSelector ${key}=${value}`;
  }

  const required = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !(required.nodeSelectorTerms ?? []).some((t: any) => matchesTerm(node, t))) {
    return 'required node affinity';
  }

  const tolerations = [...(podSpec.tolerations ?? []), ...daemonSetTolerations(podSpec)];
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerations.some((t) => tolerates(t, taint))) {
      return `taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
    }
  }
  return undefined;
}

/** The names of the nodes a DaemonSet with this pod spec runs one pod on, sorted. */
export function eligibleNodes(nodes: any[], podSpec: any): string[] {
  return nodes
    .filter((node) => ineligibility(node, podSpec) === undefined)
    .map((node) => node.metadata.name)
    .sort();
}

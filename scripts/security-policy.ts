// The checks that `npm run security` does not count against our output, and why.
//
// Findings that follow from declared host access are exempted in the manifest itself (see
// src/scanner-annotations.ts). The checks listed here are different: they fail whatever the
// agent declares. A check is "not applicable" when it does not apply to a per-node agent or
// asks for a choice that is the user's and not the library's; a "known gap" is a real
// hardening finding that is not fixed yet, listed so that it stays visible. Each is measured
// and shown in docs/security.md all the same, for our output and for the anchors.

/** A scanner the security run uses. */
export type ScannerName = 'checkov' | 'trivy';

/** A check that is not held against our output, with the reason. */
export interface NotApplicable {
  readonly scanner: ScannerName;
  readonly check: string;
  readonly reason: string;
  /** A real finding that is not fixed yet, rather than a check that does not apply. */
  readonly knownGap?: boolean;
}

export const NOT_APPLICABLE: NotApplicable[] = [
  {
    scanner: 'checkov',
    check: 'CKV_K8S_8',
    reason: 'a liveness probe needs an endpoint of the agent\'s own image, which only the user '
      + 'knows; every container accepts `liveness`; LogCollector sets one, NodeExporter sets '
      + 'one on node_exporter but not on its kube-rbac-proxy sidecar',
  },
  {
    scanner: 'checkov',
    check: 'CKV_K8S_9',
    reason: 'as CKV_K8S_8, for `readiness`',
  },
  {
    scanner: 'checkov',
    check: 'CKV_K8S_11',
    reason: 'no CPU limit by design: throttling an agent delays the work it does for the node '
      + '(logs, metrics, packets); `resources.cpuLimit` sets one',
  },
  {
    scanner: 'trivy',
    check: 'KSV-0011',
    reason: 'as checkov CKV_K8S_11',
  },
  {
    scanner: 'checkov',
    check: 'CKV_K8S_15',
    reason: 'images are pinned to a tag or digest (the library refuses `:latest` and bare names), '
      + 'so `IfNotPresent` pulls the same image and lets an agent restart on a node that cannot '
      + 'reach the registry; `imagePullPolicy` sets `Always`',
  },
  {
    scanner: 'checkov',
    check: 'CKV_K8S_43',
    reason: 'a digest is the user\'s choice: the library accepts `name@sha256:...` and refuses '
      + 'unpinned images, but cannot know the digest of a tag',
  },
  {
    scanner: 'checkov',
    check: 'CKV2_K8S_6',
    reason: 'which peers may reach an agent is the user\'s policy: NodeAgent opens no port unless '
      + 'declared, NodeExporter emits a NetworkPolicy for its scrapers when asked '
      + '(`networkPolicy`), and most network plugins apply no NetworkPolicy to pods on the host '
      + 'network',
  },
  {
    scanner: 'trivy',
    check: 'KSV-0037',
    reason: 'node-level system agents (kube-proxy, CNI agents) live in kube-system by convention; '
      + 'the namespace is the user\'s choice',
  },
  {
    scanner: 'trivy',
    check: 'KSV-0125',
    reason: 'trivy trusts only the cloud vendors\' registries unless configured; which registries '
      + 'are trusted is a site policy',
  },
  {
    scanner: 'trivy',
    check: 'KSV-0040',
    reason: 'the ResourceQuota that an AgentNamespace emits only admits a critical priority class '
      + '(a pod count under a scopeSelector); capping a namespace\'s CPU and memory is the cluster '
      + 'admin\'s policy. Trivy 0.74.0 also reports this check on every other object of a scan '
      + 'that holds a ResourceQuota: its kind selector is not applied (reproduced with a DaemonSet '
      + 'and a ResourceQuota in two files; compare aquasecurity/trivy#8635)',
  },
  {
    scanner: 'checkov',
    check: 'CKV_K8S_35',
    knownGap: true,
    reason: 'LogCollector passes output credentials (basic auth, bearer tokens) from Secrets as '
      + 'environment variables, which the fluent-bit classic configuration it writes reads as '
      + '`${VAR}`; fluent-bit\'s YAML configuration (4.2 and later) can read them from files '
      + 'instead',
  },
];

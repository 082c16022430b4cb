import { ApiObjectMetadataDefinition } from 'cdk8s';
import { HostPathGrant } from './host-access';
import { HostAccessReport } from './host-access-report';
import { ContainerAccess } from './pod-security';

/** Security scanners whose checks the declared host access of an agent makes fail. */
export enum Scanner {
  /** Checkov's Kubernetes checks; skipped with `checkov.io/skip<N>` annotations. */
  CHECKOV = 'checkov',
  /** Polaris; exempted with `polaris.fairwinds.com/<check>-exempt` annotations. */
  POLARIS = 'polaris',
  /** Trivy's Kubernetes misconfiguration checks; it reads no annotation, only ignore files. */
  TRIVY = 'trivy',
}

/** One scanner check that fails because of host access the agent declared, and why. */
export interface ScannerExemption {
  /** The scanner. */
  readonly scanner: Scanner;

  /** The check, as the scanner names it (`CKV_K8S_19`, `hostNetworkSet`, `KSV-0009`). */
  readonly check: string;

  /**
   * Why the check fails: the reasons given with the declarations that make it fail, or a
   * sentence generated from each declaration where none was given, joined with `; `.
   */
  readonly reason: string;
}

/** Prefix of the checkov skip annotations; each key ends with a number. */
export const CHECKOV_SKIP_ANNOTATION_PREFIX = 'checkov.io/skip';
/** Prefix of the Polaris exemption annotations, followed by `<check>-exempt`. */
export const POLARIS_ANNOTATION_PREFIX = 'polaris.fairwinds.com/';

// Trivy's KSV-0121 fails only for these exact host paths (trivy-checks' disallowed volumes).
const TRIVY_DISALLOWED_VOLUMES = [
  '/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker',
];
// Checkov's CKV_K8S_27 and trivy's KSV-0006 look for this exact path only.
const DOCKER_SOCKET = '/var/run/docker.sock';
// Checkov's CKV_K8S_40 and trivy's KSV-0020/KSV-0021 want ids above these.
const CHECKOV_HIGH_UID = 10000;
const TRIVY_HIGH_ID = 10000;

type Checks = { [scanner in Scanner]?: string[] };

/** A declaration of host access, the reason for it, and the checks it makes fail. */
interface Implication {
  readonly reason: string;
  readonly checks: Checks;
}

/**
 * The scanner checks that an agent's declared host access makes fail, each with the reason
 * for that access. Only checks that the declarations imply are listed: a check that fails
 * for any other cause is not exempted, and stays a finding.
 */
export class ScannerExemptions {
  /** The exemptions implied by the declared host access of one agent. */
  public static of(report: HostAccessReport): ScannerExemptions {
    return new ScannerExemptions(implications(report));
  }

  /** Every exemption, sorted by scanner and check. */
  public readonly exemptions: ScannerExemption[];

  private constructor(all: Implication[]) {
    const reasons = new Map<string, string[]>();
    for (const implication of all) {
      for (const [scanner, checks] of Object.entries(implication.checks)) {
        for (const check of checks ?? []) {
          const key = `${scanner}\u0000${check}`;
          const given = reasons.get(key) ?? [];
          if (!given.includes(implication.reason)) {
            given.push(implication.reason);
          }
          reasons.set(key, given);
        }
      }
    }
    this.exemptions = [...reasons.entries()]
      .map(([key, given]) => {
        const [scanner, check] = key.split('\u0000');
        return { scanner: scanner as Scanner, check, reason: given.join('; ') };
      })
      .sort((a, b) => compare(a.scanner, b.scanner) || compareChecks(a.check, b.check));
  }

  /** The exemptions of one scanner, sorted by check. */
  public forScanner(scanner: Scanner): ScannerExemption[] {
    return this.exemptions.filter((e) => e.scanner === scanner);
  }

  /**
   * The skip annotations of the scanners that read them (checkov and Polaris), for the
   * workload's metadata. Checkov's carry the reason; Polaris has no place for one.
   */
  public toAnnotations(): { [key: string]: string } {
    const annotations: { [key: string]: string } = {};
    this.forScanner(Scanner.CHECKOV).forEach((e, i) => {
      const key = `${CHECKOV_SKIP_ANNOTATION_PREFIX}${i + 1}`;
      annotations[key] = `${e.check}=${checkovComment(e.reason)}`;
    });
    for (const e of this.forScanner(Scanner.POLARIS)) {
      annotations[`${POLARIS_ANNOTATION_PREFIX}${e.check}-exempt`] = 'true';
    }
    return annotations;
  }

  /** Adds the skip annotations to a workload's metadata. */
  public annotate(metadata: ApiObjectMetadataDefinition): void {
    for (const [key, value] of Object.entries(this.toAnnotations())) {
      metadata.addAnnotation(key, value);
    }
  }
}

function implications(report: HostAccessReport): Implication[] {
  const several = report.containers.length > 1;
  const inContainer = (name: string) => (several ? ` in container ${name}` : '');
  const all: Implication[] = [];

  for (const grant of report.hostPaths) {
    all.push(...hostPathImplications(grant, inContainer(grant.container)));
  }

  if (report.hostNetwork) {
    all.push({
      reason: 'declared hostNetwork: the agent uses the node\'s network namespace',
      checks: { checkov: ['CKV_K8S_19'], polaris: ['hostNetworkSet'], trivy: ['KSV-0009'] },
    });
  }
  if (report.hostPID) {
    all.push({
      reason: 'declared hostPID: the agent sees every process of the node',
      checks: { checkov: ['CKV_K8S_17'], polaris: ['hostPIDSet'], trivy: ['KSV-0010'] },
    });
  }
  if (report.hostIPC) {
    all.push({
      reason: 'declared hostIPC: the agent uses the node\'s IPC namespace',
      checks: { checkov: ['CKV_K8S_18'], polaris: ['hostIPCSet'], trivy: ['KSV-0008'] },
    });
  }

  for (const container of report.containers) {
    all.push(...containerImplications(container, report.hostNetwork, inContainer(container.name)));
  }

  if (report.serviceAccountToken) {
    all.push({
      reason: `declared API access (${describeApiAccess(report)}) mounts the ServiceAccount token`,
      // Trivy's KSV-0036 reads automountServiceAccountToken of a Pod only, not of a template.
      checks: { checkov: ['CKV_K8S_38'], polaris: ['automountServiceAccountToken'] },
    });
  }
  return all;
}

function hostPathImplications(grant: HostPathGrant, where: string): Implication[] {
  const access = grant.readOnly ? 'read-only' : 'writable';
  const declared = `declared ${access} host path ${grant.path} mounted at ${grant.mountPath}`
    + where;
  const reason = grant.reason ? `${declared}: ${grant.reason}` : declared;
  const all: Implication[] = [{ reason, checks: { trivy: ['KSV-0023'] } }];
  if (TRIVY_DISALLOWED_VOLUMES.includes(grant.path)) {
    all.push({ reason, checks: { trivy: ['KSV-0121'] } });
  }
  if (grant.path === DOCKER_SOCKET) {
    // Reaching a runtime socket needs the stronger reason, which the library requires.
    const socket = grant.writableReason ? `${declared}: ${grant.writableReason}` : reason;
    all.push({ reason: socket, checks: { checkov: ['CKV_K8S_27'], trivy: ['KSV-0006'] } });
  }
  return all;
}

function containerImplications(
  c: ContainerAccess, hostNetwork: boolean, where: string,
): Implication[] {
  const all: Implication[] = [];

  for (const port of c.hostPorts) {
    const reason = hostNetwork
      ? `declared hostNetwork binds port ${port}${where} on the node`
      : `declared host port ${port}${where}`;
    all.push({
      reason,
      checks: { checkov: ['CKV_K8S_26'], polaris: ['hostPortSet'], trivy: ['KSV-0024'] },
    });
    // Trivy's KSV-0117 reads the container port, which is the node's port on the host network.
    if (hostNetwork && port < 1024) {
      all.push({ reason, checks: { trivy: ['KSV-0117'] } });
    }
  }

  for (const capability of c.capabilities) {
    const checks: Checks = { checkov: ['CKV_K8S_25'], trivy: ['KSV-0022'] };
    if (capability !== 'NET_BIND_SERVICE') {
      checks.trivy!.push('KSV-0106');
    }
    const extra: { [capability: string]: Checks } = {
      NET_ADMIN: { polaris: ['dangerousCapabilities'] },
      NET_RAW: { trivy: ['KSV-0119'] },
      SYS_ADMIN: {
        checkov: ['CKV_K8S_39'], polaris: ['dangerousCapabilities'], trivy: ['KSV-0005'],
      },
      SYS_MODULE: { trivy: ['KSV-0120'] },
    };
    all.push({
      reason: `declared capability ${capability}${where}`,
      checks: merge(checks, extra[capability]),
    });
  }

  if (c.privileged) {
    // The API refuses a privileged container without privilege escalation.
    all.push({
      reason: `declared privileged${where}: every capability and device of the node`,
      checks: {
        checkov: ['CKV_K8S_16', 'CKV_K8S_20'],
        polaris: ['privilegeEscalationAllowed', 'runAsPrivileged'],
        trivy: ['KSV-0001', 'KSV-0017'],
      },
    });
  }

  if (c.runAsUser === 0) {
    all.push({
      reason: `declared runAsRoot${where}: runs as user 0`,
      checks: {
        checkov: ['CKV_K8S_23', 'CKV_K8S_40'],
        polaris: ['runAsRootAllowed'],
        trivy: ['KSV-0012', 'KSV-0020', 'KSV-0105'],
      },
    });
  } else {
    const checks: Checks = {};
    if (c.runAsUser < CHECKOV_HIGH_UID) {
      checks.checkov = ['CKV_K8S_40'];
    }
    if (c.runAsUser <= TRIVY_HIGH_ID) {
      checks.trivy = ['KSV-0020'];
    }
    if (Object.keys(checks).length > 0) {
      all.push({ reason: `declared runAsUser ${c.runAsUser}${where}`, checks });
    }
  }

  if (c.runAsGroup <= TRIVY_HIGH_ID) {
    const group = c.runAsGroup === 0 ? 'group 0 (root)' : `group ${c.runAsGroup}`;
    const declaration = c.runAsUser === 0 && c.runAsGroup === 0
      ? 'runAsRoot'
      : `runAsGroup ${c.runAsGroup}`;
    all.push({
      reason: `declared ${declaration}${where}: runs as ${group}`,
      checks: { trivy: c.runAsGroup === 0 ? ['KSV-0021', 'KSV-0116'] : ['KSV-0021'] },
    });
  }
  return all;
}

function merge(a: Checks, b: Checks | undefined): Checks {
  const merged: Checks = {};
  for (const scanner of Object.values(Scanner)) {
    const checks = [...(a[scanner] ?? []), ...(b?.[scanner] ?? [])];
    if (checks.length > 0) {
      merged[scanner] = checks;
    }
  }
  return merged;
}

function describeApiAccess(report: HostAccessReport): string {
  const rules = report.apiAccess.map((r) => `${r.verbs.join('/')} ${r.resources.join(', ')}`);
  const urls = report.nonResourceAccess.map((r) => `${r.verbs.join('/')} ${r.urls.join(', ')}`);
  return [...rules, ...urls].join('; ');
}

/**
 * Checkov splits a skip annotation's value at every `=` and expects exactly two parts, so
 * the comment must hold none; line breaks would not survive its parser either.
 */
function checkovComment(reason: string): string {
  return reason.replace(/=/g, ':').replace(/\s+/g, ' ').trim();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders check ids by their number where they have one: CKV_K8S_9 before CKV_K8S_19. */
function compareChecks(a: string, b: string): number {
  const split = (id: string) => {
    const match = /^(.*?)(\d+)$/.exec(id);
    return match ? { prefix: match[1], n: Number(match[2]) } : { prefix: id, n: -1 };
  };
  const x = split(a);
  const y = split(b);
  return compare(x.prefix, y.prefix) || x.n - y.n || compare(a, b);
}

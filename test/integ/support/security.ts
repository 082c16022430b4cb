// What the API server says about an agent's host access, as data: the checks named in its
// Pod Security warnings and denials, the message of a ValidatingAdmissionPolicy denial, and
// the host-access reports that synth writes beside each example's manifests.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { kubectl, KubectlResult } from './kubectl';
import { clone, EXAMPLES_DIR } from './manifests';

/** One Pod Security verdict: the level and version evaluated, and the checks that failed. */
export interface PodSecurityVerdict {
  /** `restricted`, `baseline`. */
  readonly level: string;
  /** `latest`, `v1.36`. */
  readonly version: string;
  /** The check names, in the order the API server gave them. */
  readonly checks: string[];
}

const VERDICT = /(?:would violate|violates) PodSecurity "([a-z]+):([^"]+)": (.*)$/;

/**
 * Every Pod Security verdict in kubectl's output: the warnings on a workload
 * (`would violate PodSecurity "restricted:latest": ...`) and the denial of a pod
 * (`violates PodSecurity "restricted:latest": ...`), one per line.
 */
export function parsePodSecurity(text: string): PodSecurityVerdict[] {
  return text.split('\n').flatMap((line) => {
    const match = VERDICT.exec(line.trim());
    return match ? [{ level: match[1], version: match[2], checks: splitChecks(match[3]) }] : [];
  });
}

/**
 * The check names of a Pod Security list, `name (details), name (details)`. Details may hold
 * commas, parentheses and quoted names (`hostPort (containers "a", "b" use hostPorts 1, 2)`),
 * so names are read only outside parentheses and quotes.
 */
export function splitChecks(list: string): string[] {
  const checks: string[] = [];
  let name = '';
  let depth = 0;
  let quoted = false;
  const flush = () => {
    if (name.trim() !== '') checks.push(name.trim());
    name = '';
  };
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (depth > 0) {
      if (c === '"') quoted = true;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) flush();
    } else if (c === '(') {
      depth = 1;
    } else if (c === ',') {
      flush();
    } else {
      name += c;
    }
  }
  if (depth > 0 || quoted) throw new Error(`unbalanced Pod Security list: ${list}`);
  flush();
  return checks;
}

/**
 * The baseline checks that the API server does not evaluate at `restricted`, because a
 * restricted check replaces them (pod-security-admission's OverrideCheckIDs).
 */
export const REPLACED_AT_RESTRICTED: { [baseline: string]: string } = {
  'hostPath volumes': 'restricted volume types',
  'non-default capabilities': 'unrestricted capabilities',
};

/** The checks a report's findings say fail at a level, as the API server would list them. */
export function expectedChecks(findings: { baseline: string[]; restricted: string[] },
  level: 'baseline' | 'restricted'): string[] {
  if (level === 'baseline') return [...findings.baseline].sort();
  const kept = findings.baseline.filter((check) => !(check in REPLACED_AT_RESTRICTED));
  return [...new Set([...kept, ...findings.restricted])].sort();
}

/** An example's synthesized host-access report (examples/NAME/dist/host-access.json). */
export function hostAccessReports(example: string): any[] {
  const file = join(EXAMPLES_DIR, example, 'dist', 'host-access.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).agents : [];
}

/** What a ValidatingAdmissionPolicy denial said. */
export interface PolicyDenial {
  readonly policy: string;
  readonly binding: string;
  readonly message: string;
}

const DENIAL = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request: (.*)$/m;

/** The policy denial in kubectl's output, or undefined when there is none. */
export function policyDenial(result: KubectlResult): PolicyDenial | undefined {
  const match = DENIAL.exec(result.stderr);
  return match ? { policy: match[1], binding: match[2], message: match[3].trim() } : undefined;
}

/** A Pod as the DaemonSet controller would make it from the template, without an owner. */
export function podFromTemplate(daemonSet: any, name: string): any {
  const template = clone(daemonSet.spec.template);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: daemonSet.metadata.namespace,
      labels: template.metadata?.labels,
      annotations: template.metadata?.annotations,
    },
    spec: template.spec,
  };
}

/**
 * Adds ephemeral containers to a running pod through the pods/ephemeralcontainers
 * subresource, as `kubectl debug` does; a server-side dry run unless told otherwise.
 */
export function addEphemeralContainers(pod: any, containers: any[], dryRun = true) {
  const args = ['patch', 'pod', pod.metadata.name, '-n', pod.metadata.namespace,
    '--subresource=ephemeralcontainers', '--type=strategic',
    '-p', JSON.stringify({ spec: { ephemeralContainers: containers } }), '-o', 'name'];
  if (dryRun) args.push('--dry-run=server');
  return kubectl(args, { allowFailure: true });
}

import * as kplus from 'cdk8s-plus-28';
import { checkNonEmpty, invalid } from './validation';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
// Non-resource URLs take HTTP verbs, lower-cased.
const URL_VERBS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'];

/**
 * One rule of Kubernetes API access that an agent declares. The agent's ServiceAccount token
 * is mounted only when it declares at least one rule.
 */
export interface ApiAccessRule {
  /**
   * API groups; `""` is the core group.
   *
   * @default [""] - the core group
   */
  readonly apiGroups?: string[];

  /** Resources, such as `pods` or `nodes/metrics`. */
  readonly resources: string[];

  /** Verbs: get, list, watch, create, update, patch, delete, deletecollection. */
  readonly verbs: string[];

  /**
   * Restrict the rule to these object names.
   *
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
}

/**
 * A rule for a URL that is not a resource, such as `/metrics`.
 */
export interface NonResourceAccessRule {
  /** The URLs, such as `/metrics`. */
  readonly urls: string[];

  /** Verbs: `get` for reads. */
  readonly verbs: string[];
}

/** Checks a list of declared rules; wildcards are refused. */
export function checkApiAccess(property: string, rules: ApiAccessRule[]): void {
  rules.forEach((rule, i) => {
    const at = `${property}[${i}]`;
    checkNonEmpty(`${at}.resources`, rule.resources, 'expected at least one resource');
    for (const resource of rule.resources) {
      if (resource.includes('*') || resource.length === 0) {
        throw invalid(`${at}.resources`, resource, 'expected a named resource; wildcards grant more than an agent needs');
      }
    }
    for (const group of rule.apiGroups ?? ['']) {
      if (group.includes('*')) {
        throw invalid(`${at}.apiGroups`, group, 'expected a named API group; wildcards grant more than an agent needs');
      }
    }
    checkVerbs(`${at}.verbs`, rule.verbs);
  });
}

/** Checks a list of declared non-resource rules; wildcards are refused. */
export function checkNonResourceAccess(property: string, rules: NonResourceAccessRule[]): void {
  rules.forEach((rule, i) => {
    const at = `${property}[${i}]`;
    checkNonEmpty(`${at}.urls`, rule.urls, 'expected at least one URL');
    for (const url of rule.urls) {
      if (url.includes('*')) {
        throw invalid(`${at}.urls`, url,
          'expected a named URL path; wildcards grant more than an agent needs');
      }
      if (!url.startsWith('/')) {
        throw invalid(`${at}.urls`, url, 'expected a URL path starting with \'/\'');
      }
    }
    checkVerbs(`${at}.verbs`, rule.verbs, URL_VERBS);
  });
}

/** Checks the verbs of a rule against the allowed ones. */
export function checkVerbs(property: string, verbs: string[], allowed: string[] = VERBS): void {
  checkNonEmpty(property, verbs, `expected at least one of ${allowed.join(', ')}`);
  for (const verb of verbs) {
    if (!allowed.includes(verb)) {
      throw invalid(property, verb, `expected one of ${allowed.join(', ')} (wildcards are refused)`);
    }
  }
}

/**
 * Renders declared rules as ClusterRole rules, in the property names of the cdk8s-plus-28
 * imports (`nonResourceUrLs`), which its conversion turns into the API's.
 */
export function toPolicyRules(rules: ApiAccessRule[], nonResource: NonResourceAccessRule[]): kplus.k8s.PolicyRule[] {
  return [
    ...rules.map((rule) => ({
      apiGroups: rule.apiGroups ?? [''],
      resources: rule.resources,
      verbs: rule.verbs,
      ...(rule.resourceNames ? { resourceNames: rule.resourceNames } : {}),
    })),
    ...nonResource.map((rule) => ({ nonResourceUrLs: rule.urls, verbs: rule.verbs })),
  ];
}

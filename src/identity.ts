import { checkLabels, checkLabelValue, invalid } from './validation';

/** The label keys that select an agent's pods. They never change for the agent's lifetime. */
export const SELECTOR_KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'];

/** Identity labels of an agent. */
export interface AgentIdentityProps {
  /**
   * The name of the application, `app.kubernetes.io/name`.
   *
   * @default - the agent's name
   */
  readonly appName?: string;

  /**
   * The role of the agent in its application, `app.kubernetes.io/component`.
   *
   * @default 'agent'
   */
  readonly component?: string;

  /**
   * The larger application it belongs to, `app.kubernetes.io/part-of`.
   *
   * @default - no part-of label
   */
  readonly partOf?: string;

  /**
   * More labels for every object of the agent and its pods. They cannot replace the
   * `app.kubernetes.io/*` keys that the library sets.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** The labels of an agent: all of them, and the stable subset that selects its pods.
 *
 * @internal
 */
export interface AgentLabels {
  readonly all: { [key: string]: string };
  readonly selector: { [key: string]: string };
}

/** Computes identity labels from the agent name, its image version and the props. */
export function agentLabels(name: string, version: string | undefined, props: AgentIdentityProps): AgentLabels {
  const appName = props.appName ?? name;
  checkLabelValue('appName', appName);
  const selector = { 'app.kubernetes.io/name': appName, 'app.kubernetes.io/instance': name };
  const all: { [key: string]: string } = {
    ...selector,
    'app.kubernetes.io/component': props.component ?? 'agent',
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
  checkLabelValue('component', all['app.kubernetes.io/component']);
  if (props.partOf !== undefined) {
    checkLabelValue('partOf', props.partOf);
    all['app.kubernetes.io/part-of'] = props.partOf;
  }
  if (version !== undefined && version.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(version)) {
    all['app.kubernetes.io/version'] = version;
  }
  checkLabels('labels', props.labels);
  for (const [key, value] of Object.entries(props.labels ?? {})) {
    if (key in all) {
      throw invalid('labels', key, `the library sets ${key} itself; use appName, component or partOf`);
    }
    all[key] = value;
  }
  return { all, selector };
}

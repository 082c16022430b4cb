import { RelabelAction, RelabelConfig } from './relabel';
import { ScrapeScheme } from './scrape-scheme';
import { MonitorEndpointOptions, monitorEndpointFields } from '../monitor-endpoint';
import { checkSecretKeyReference, SecretKeyReference } from '../secret-reference';
import { checkDnsLabel, checkLabelKey, checkLabels, checkOneOf, invalid } from '../validation';

/**
 * How Prometheus scrapes node_exporter through a ServiceMonitor or PodMonitor.
 */
export interface NodeExporterScrapeOptions extends MonitorEndpointOptions {
  /**
   * Set the `instance` label to the name of the node instead of the pod's address and
   * port, so that the series of a node keep their identity across pod restarts.
   *
   * @default true
   */
  readonly instanceFromNodeName?: boolean;

  /**
   * Further target relabeling, applied after the `instance` rule.
   *
   * @default - none
   */
  readonly relabelings?: RelabelConfig[];

  /**
   * Relabeling of the scraped series.
   *
   * @default - none
   */
  readonly metricRelabelings?: RelabelConfig[];

  /**
   * The label of the Service (or pod) whose value becomes the `job` label.
   *
   * @default - the job is named after the monitor
   */
  readonly jobLabel?: string;

  /**
   * Labels of the monitor object itself, for Prometheus' monitor selectors.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * A Secret key holding the bearer token to send to an HTTPS (kube-rbac-proxy) target.
   * A PodMonitor needs one; a ServiceMonitor falls back to Prometheus' own
   * service-account token file, as kube-prometheus does.
   *
   * @default - for a ServiceMonitor, the token file of Prometheus' service account
   */
  readonly bearerTokenSecret?: SecretKeyReference;
}

/**
 * The node_exporter endpoints a monitor points at.
 */
export interface NodeExporterScrapeTarget {
  /** The monitor's name. */
  readonly name: string;

  /**
   * The monitor's namespace, the same as the Service's or pods'.
   *
   * @default - no namespace in the manifest
   */
  readonly namespace?: string;

  /** The labels that select the Service (ServiceMonitor) or the pods (PodMonitor). */
  readonly selector: { [key: string]: string };

  /** The name of the Service port or container port to scrape. */
  readonly portName: string;

  /** How the port is served (`NodeExporterArgs.scheme`). */
  readonly scheme: ScrapeScheme;
}

/** Where Prometheus' pod finds its own service-account token. */
const SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Scrape settings for node_exporter, checked once and written as monitoring.coreos.com/v1
 * ServiceMonitor or PodMonitor objects (plain JSON, for `ApiObject` or `Include`).
 */
export class NodeExporterScrape {
  private readonly options: NodeExporterScrapeOptions;
  private readonly endpoint: { [key: string]: any };

  constructor(options: NodeExporterScrapeOptions = {}) {
    this.options = options;
    const endpoint: { [key: string]: any } = monitorEndpointFields(options);

    const relabelings = (options.relabelings ?? [])
      .map((rule, i) => renderRelabel(`relabelings[${i}]`, rule));
    if (options.instanceFromNodeName ?? true) {
      relabelings.unshift(renderRelabel('instanceFromNodeName', {
        action: RelabelAction.REPLACE,
        sourceLabels: ['__meta_kubernetes_pod_node_name'],
        targetLabel: 'instance',
        regex: '(.*)',
        replacement: '$1',
      }));
    }
    if (relabelings.length > 0) {
      endpoint.relabelings = relabelings;
    }
    const metricRelabelings = (options.metricRelabelings ?? [])
      .map((rule, i) => renderRelabel(`metricRelabelings[${i}]`, rule));
    if (metricRelabelings.length > 0) {
      endpoint.metricRelabelings = metricRelabelings;
    }

    if (options.jobLabel !== undefined) {
      checkLabelKey('jobLabel', options.jobLabel);
    }
    checkLabels('labels', options.labels);
    if (options.bearerTokenSecret) {
      checkSecretKeyReference('bearerTokenSecret', options.bearerTokenSecret);
    }
    this.endpoint = endpoint;
  }

  /** A ServiceMonitor that scrapes the Service selected by `target.selector`. */
  public renderServiceMonitor(target: NodeExporterScrapeTarget): any {
    const endpoint = { port: target.portName, ...this.endpoint, ...this.security(target, true) };
    return this.monitor('ServiceMonitor', target, { endpoints: [endpoint] });
  }

  /** A PodMonitor that scrapes the pods selected by `target.selector` directly. */
  public renderPodMonitor(target: NodeExporterScrapeTarget): any {
    const endpoint = { port: target.portName, ...this.endpoint, ...this.security(target, false) };
    return this.monitor('PodMonitor', target, { podMetricsEndpoints: [endpoint] });
  }

  private monitor(
    kind: string,
    target: NodeExporterScrapeTarget,
    endpoints: { [key: string]: any },
  ): any {
    checkDnsLabel('target.name', target.name);
    if (target.namespace !== undefined) {
      checkDnsLabel('target.namespace', target.namespace);
    }
    if (Object.keys(target.selector).length === 0) {
      throw invalid('target.selector', target.selector,
        `expected at least one label; an empty selector makes the ${kind} select everything`);
    }
    checkLabels('target.selector', target.selector);

    const labels = this.options.labels ?? {};
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind,
      metadata: {
        name: target.name,
        ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
        ...(Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
      },
      spec: {
        ...(this.options.jobLabel !== undefined ? { jobLabel: this.options.jobLabel } : {}),
        selector: { matchLabels: { ...target.selector } },
        ...endpoints,
      },
    };
  }

  private security(
    target: NodeExporterScrapeTarget,
    serviceMonitor: boolean,
  ): { [key: string]: any } {
    if (target.scheme !== ScrapeScheme.HTTPS) {
      return { scheme: target.scheme };
    }

    // kube-rbac-proxy serves a certificate it signs itself at start; there is no CA to check.
    const tls = { scheme: ScrapeScheme.HTTPS, tlsConfig: { insecureSkipVerify: true } };
    const secret = this.options.bearerTokenSecret;
    if (secret) {
      const credentials = { name: secret.secretName, key: secret.key };
      return { ...tls, authorization: { type: 'Bearer', credentials } };
    }
    if (!serviceMonitor) {
      throw invalid('bearerTokenSecret', secret,
        'a PodMonitor cannot send Prometheus\' own token file to an HTTPS target; '
        + 'give a Secret with a token, or use a ServiceMonitor');
    }
    return { ...tls, bearerTokenFile: SERVICE_ACCOUNT_TOKEN_FILE };
  }
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// A replace target may take its name from the regex's groups, as in `${1}_total`.
const TEMPLATED_LABEL_NAME = /^(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*$/;
const NEEDS_TARGET = [
  RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE,
  RelabelAction.UPPERCASE, RelabelAction.KEEP_EQUAL, RelabelAction.DROP_EQUAL,
];

/** Checks a rule and writes it as the operator's RelabelConfig object. */
function renderRelabel(property: string, rule: RelabelConfig): { [key: string]: any } {
  const action = rule.action ?? RelabelAction.REPLACE;
  checkOneOf(`${property}.action`, action, Object.values(RelabelAction));
  (rule.sourceLabels ?? []).forEach((label, i) => {
    if (!LABEL_NAME.test(label)) {
      throw invalid(`${property}.sourceLabels[${i}]`, label,
        'expected a label name: letters, digits and \'_\', not starting with a digit');
    }
  });

  if (NEEDS_TARGET.includes(action) && rule.targetLabel === undefined) {
    throw invalid(`${property}.targetLabel`, rule.targetLabel,
      `the ${action} action needs a target label`);
  }
  if (rule.targetLabel !== undefined) {
    const pattern = action === RelabelAction.REPLACE ? TEMPLATED_LABEL_NAME : LABEL_NAME;
    if (!pattern.test(rule.targetLabel)) {
      throw invalid(`${property}.targetLabel`, rule.targetLabel,
        'expected a label name: letters, digits and \'_\', not starting with a digit'
        + (action === RelabelAction.REPLACE ? ' (or $1-style references to regex groups)' : ''));
    }
  }

  if (action === RelabelAction.HASHMOD
    && (rule.modulus === undefined || !Number.isInteger(rule.modulus) || rule.modulus < 1)) {
    throw invalid(`${property}.modulus`, rule.modulus,
      'the hashmod action needs a whole-number modulus of 1 or more');
  }
  if (action !== RelabelAction.HASHMOD && rule.modulus !== undefined) {
    throw invalid(`${property}.modulus`, rule.modulus, 'only the hashmod action takes a modulus');
  }

  return {
    action,
    ...(rule.sourceLabels ? { sourceLabels: [...rule.sourceLabels] } : {}),
    ...(rule.separator !== undefined ? { separator: rule.separator } : {}),
    ...(rule.targetLabel !== undefined ? { targetLabel: rule.targetLabel } : {}),
    ...(rule.regex !== undefined ? { regex: rule.regex } : {}),
    ...(rule.modulus !== undefined ? { modulus: rule.modulus } : {}),
    ...(rule.replacement !== undefined ? { replacement: rule.replacement } : {}),
  };
}

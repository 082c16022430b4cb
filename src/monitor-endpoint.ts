import { Duration } from 'cdk8s';
import { prometheusDuration } from './duration';
import { invalid } from './validation';

/**
 * How Prometheus scrapes an agent's endpoint through a Prometheus Operator monitor
 * (`monitoring.coreos.com/v1` ServiceMonitor or PodMonitor): the settings that every
 * monitor the library emits takes.
 */
export interface MonitorEndpointOptions {
  /**
   * How often to scrape.
   *
   * @default - Prometheus' global scrape interval
   */
  readonly interval?: Duration;

  /**
   * How long one scrape may take; no longer than `interval`.
   *
   * @default - Prometheus' global scrape timeout
   */
  readonly scrapeTimeout?: Duration;

  /**
   * Keep the labels of scraped series when they clash with target labels.
   *
   * @default false
   */
  readonly honorLabels?: boolean;
}

/**
 * The `interval`, `scrapeTimeout` and `honorLabels` fields of a monitor endpoint, each only
 * when given, with the timeout checked against the interval.
 *
 * @param prefix put before the property names in errors, such as `serviceMonitor.`
 */
export function monitorEndpointFields(
  options: MonitorEndpointOptions, prefix = '',
): { [key: string]: string | boolean } {
  const fields: { [key: string]: string | boolean } = {};
  let interval: [string, number] | undefined;
  if (options.interval) {
    interval = prometheusDuration(`${prefix}interval`, options.interval);
    fields.interval = interval[0];
  }
  if (options.scrapeTimeout) {
    const [timeout, timeoutMillis] =
      prometheusDuration(`${prefix}scrapeTimeout`, options.scrapeTimeout);
    if (interval !== undefined && timeoutMillis > interval[1]) {
      throw invalid(`${prefix}scrapeTimeout`, timeout,
        `expected at most the interval, ${interval[0]}`);
    }
    fields.scrapeTimeout = timeout;
  }
  if (options.honorLabels !== undefined) {
    fields.honorLabels = options.honorLabels;
  }
  return fields;
}

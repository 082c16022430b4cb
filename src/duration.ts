import { Duration } from 'cdk8s';
import { invalid } from './validation';

const UNITS: Array<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]];

/**
 * Writes a positive duration in Prometheus' syntax, largest unit first (`1m30s`), which
 * the monitoring.coreos.com CRDs accept.
 *
 * @returns the duration and its length in milliseconds
 */
export function prometheusDuration(property: string, duration: Duration): [string, number] {
  const millis = duration.toMilliseconds({ integral: false });
  if (!Number.isInteger(millis) || millis <= 0) {
    throw invalid(property, duration.toHumanString(),
      'expected a positive duration in whole milliseconds');
  }

  let rest = millis;
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return [text, millis];
}

/** The timing of a scrape endpoint of a ServiceMonitor or PodMonitor. */
export interface ScrapeTiming {
  /** How often to scrape, or Prometheus' global interval. */
  readonly interval?: Duration;

  /** How long one scrape may take, or Prometheus' global timeout. */
  readonly scrapeTimeout?: Duration;
}

/**
 * The `interval` and `scrapeTimeout` fields of a monitor endpoint, each only when given,
 * with the timeout checked against the interval.
 *
 * @param prefix put before the property names in errors, such as `serviceMonitor.`
 */
export function scrapeTimingFields(timing: ScrapeTiming, prefix = ''): { [key: string]: string } {
  const fields: { [key: string]: string } = {};
  let intervalMillis: number | undefined;
  if (timing.interval) {
    [fields.interval, intervalMillis] = prometheusDuration(`${prefix}interval`, timing.interval);
  }
  if (timing.scrapeTimeout) {
    const [timeout, timeoutMillis] =
      prometheusDuration(`${prefix}scrapeTimeout`, timing.scrapeTimeout);
    if (intervalMillis !== undefined && timeoutMillis > intervalMillis) {
      throw invalid(`${prefix}scrapeTimeout`, timeout,
        `expected at most the interval, ${fields.interval}`);
    }
    fields.scrapeTimeout = timeout;
  }
  return fields;
}

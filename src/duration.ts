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


/**
 * Shared checks and message shapes for synth-time errors.
 *
 * Every message names the property, shows the value that was received and says what is
 * allowed, in lower case and without a trailing period, so that a user can act on it
 * without reading the source.
 */

/**
 * Renders a received value for an error message. Control characters in a string are
 * escaped (`\n`), so that a value with a line break keeps the message on one line.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))}'`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** Builds the error for a property whose value is not allowed. */
export function invalid(property: string, value: unknown, allowed: string): Error {
  return new Error(`${property}: received ${show(value)}; ${allowed}`);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Checks an RFC 1123 DNS label (names of Kubernetes objects, containers, volumes). */
export function checkDnsLabel(property: string, value: string): void {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw invalid(property, value,
      'expected an RFC 1123 label: at most 63 lower-case letters, digits and \'-\', '
      + 'starting and ending with a letter or digit');
  }
}

/** Checks a TCP/UDP port number. */
export function checkPort(property: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalid(property, value, 'expected a whole number from 1 to 65535');
  }
}

/** Checks a whole number in a range. */
export function checkInteger(property: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(property, value, `expected a whole number from ${min} to ${max}`);
  }
}

/** Checks that a string or a list is given and not empty. */
export function checkNonEmpty(
  property: string, value: string | readonly unknown[] | undefined, allowed: string,
): void {
  if (value === undefined || value.length === 0) {
    throw invalid(property, value, allowed);
  }
}

/** Checks that a value is one of a fixed set, such as the members of an enum. */
export function checkOneOf<T>(property: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw invalid(property, value, `expected one of ${allowed.join(', ')}`);
  }
}

/** Checks a host name or IP address: no scheme, port or path. */
export function checkHost(property: string, value: string | undefined): void {
  checkNonEmpty(property, value, 'expected the host name or IP address of the destination');
  const hostName = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(value!);
  const ipv6 = /^[0-9a-fA-F:]+$/.test(value!) && value!.split(':').length > 2;
  if (!hostName && !ipv6) {
    throw invalid(property, value,
      'expected a host name or IP address, without scheme, port or path');
  }
}

/**
 * Checks a value that is written into one line of an agent's configuration file. A line
 * break would start a new section, `${` would be expanded as an environment variable, and
 * surrounding blanks are trimmed by the parser: all three are refused, and so is an empty
 * value (raw properties may use variables, which the engine checks against the ones it
 * defines).
 */
export function checkConfigValue(property: string, value: string, allowVariables = false): void {
  checkNonEmpty(property, value, 'expected a value; an empty one is refused');
  if (/[\r\n]/.test(value)) {
    throw invalid(property, value, 'expected a single line');
  }
  if (value.trim() !== value) {
    throw invalid(property, value, 'expected no blanks at the start or the end');
  }
  if (!allowVariables && value.includes('${')) {
    throw invalid(property, value,
      'expected no \'${\', which the agent expands as an environment variable');
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks an RFC 1123 DNS subdomain (names of Secrets, ConfigMaps and most other objects).
 *
 * @param what what the value names, for the message, such as `a Secret name`
 */
export function checkDnsSubdomain(property: string, value: string, what = 'a DNS subdomain'): void {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw invalid(property, value,
      `expected ${what}: at most 253 lower-case letters, digits, '-' and '.', each part `
      + 'starting and ending with a letter or digit');
  }
}

/** Checks a label or annotation key (`prefix/name` or `name`). */
export function checkLabelKey(property: string, key: string): void {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  if (!prefixOk || name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    throw invalid(property, key,
      'expected a label key: an optional DNS subdomain prefix and \'/\', then at most 63 '
      + 'letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit');
  }
}

/** Checks every key and value of a label map, naming a value `<property>['<key>']`. */
export function checkLabels(property: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    checkLabelKey(property, key);
    checkLabelValue(`${property}['${key}']`, value);
  }
}

/** Checks a label value. */
export function checkLabelValue(property: string, value: string): void {
  if (value.length > 63 || (value.length > 0 && !QUALIFIED_NAME.test(value))) {
    throw invalid(property, value,
      'expected a label value: empty, or at most 63 letters, digits, \'-\', \'_\' or \'.\', '
      + 'starting and ending with a letter or digit');
  }
}

/** Checks that a free-text reason is given. */
export function checkReason(property: string, value: string | undefined): void {
  if (value !== undefined && value.trim().length === 0) {
    throw invalid(property, value, 'expected a sentence that says why the access is needed');
  }
}

/**
 * Shared checks and message shapes for synth-time errors.
 *
 * Every message names the property, shows the value that was received and says what is
 * allowed, in lower case and without a trailing period, so that a user can act on it
 * without reading the source.
 */

/** Renders a received value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
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

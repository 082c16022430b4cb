// Checks shared by the log-collector data types. Every message names the property, shows
// what it received and says what is allowed: lowercase, no trailing period.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Render a received value for an error message. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

export function requireInteger(prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${prop} must be an integer from ${min} to ${max}, got ${show(value)}`);
  }
}

export function requirePort(prop: string, value: number): void {
  requireInteger(prop, value, 1, 65535);
}

/**
 * A value that is written into one line of the agent's configuration. A line break would
 * start a new section, `${` would be expanded as an environment variable, and surrounding
 * blanks are trimmed by the parser: all three are refused (raw outputs may use variables,
 * which the engine checks against the ones it defines).
 */
export function requireConfigValue(prop: string, value: string, allowVariables = false): void {
  if (value.length === 0) {
    throw new Error(`${prop} must not be empty`);
  }
  if (/[\r\n]/.test(value)) {
    throw new Error(`${prop} must be a single line, got ${JSON.stringify(value)}`);
  }
  if (value.trim() !== value) {
    throw new Error(`${prop} must not start or end with blanks, got ${show(value)}`);
  }
  if (!allowVariables && value.includes('${')) {
    throw new Error(
      `${prop} must not contain '\${', which the agent expands as an environment variable, got ${show(value)}`,
    );
  }
}

/** A host name or IP address, not a URL. */
export function requireHost(prop: string, value: string | undefined): string {
  if (value === undefined || value.length === 0) {
    throw new Error(`${prop} is required: the host name or IP address of the destination`);
  }
  const hostName = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(value);
  const ipv6 = /^[0-9a-fA-F:]+$/.test(value) && value.split(':').length > 2;
  if (!hostName && !ipv6) {
    throw new Error(`${prop} must be a host name or IP address without scheme, port or path, got ${show(value)}`);
  }
  return value;
}

/** A tag match pattern: tag characters and `*` wildcards, no blanks. */
export function requireMatch(prop: string, value: string): void {
  if (value.length === 0) {
    throw new Error(`${prop} must not be empty: use '*' to match every record`);
  }
  if (!/^[A-Za-z0-9_.*\-]+$/.test(value)) {
    throw new Error(`${prop} must hold only letters, digits, '.', '_', '-' and '*', got ${show(value)}`);
  }
}

export function requireDnsLabel(prop: string, value: string): void {
  if (!DNS_LABEL.test(value)) {
    throw new Error(`${prop} must be a DNS label (lowercase letters, digits and '-', at most 63), got ${show(value)}`);
  }
}

/** An absolute, normalised POSIX path. */
export function requireAbsolutePath(prop: string, value: string): void {
  if (!value.startsWith('/')) {
    throw new Error(`${prop} must be an absolute path, got ${show(value)}`);
  }
  const parts = value.split('/').slice(1);
  const bad = parts.some((p, i) => p === '.' || p === '..' || (p === '' && i !== parts.length - 1));
  if (bad || /[\s*?\[\]]/.test(value)) {
    throw new Error(`${prop} must be a normalised path without '.', '..', '//', blanks or wildcards, got ${show(value)}`);
  }
}

/** Whether `path` is `dir` itself or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  const p = stripSlash(path);
  const d = stripSlash(dir);
  return p === d || p.startsWith(d === '' ? '/' : `${d}/`);
}

function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Sorted copy of a string map's entries, so renders do not depend on insertion order. */
export function sortedEntries<T>(map: { [key: string]: T } | undefined): Array<[string, T]> {
  return Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

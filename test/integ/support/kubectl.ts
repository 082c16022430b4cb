// kubectl, run as a child process against the cluster of $KUBECONFIG: the suite talks to
// the API server only through it, so the local cluster and kind are driven the same way.
import { spawn } from 'child_process';
import { stringify } from 'yaml';

/** The field manager of every server-side apply of the suite. */
export const FIELD_MANAGER = 'node-agents-integ';

/** What one kubectl run returned. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The `Warning: ...` lines of stderr (the API server's warnings), without the prefix. */
  readonly warnings: string[];
}

export interface KubectlOptions {
  /** Written to kubectl's standard input. */
  readonly input?: string;
  /** Resolve with the result instead of throwing when kubectl exits non-zero. */
  readonly allowFailure?: boolean;
  /** Kill kubectl after this long. */
  readonly timeoutMs?: number;
}

/** A kubectl run that exited non-zero. */
export class KubectlError extends Error {
  constructor(readonly args: string[], readonly result: KubectlResult) {
    super(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  }
}

/** Every `Warning: ` line kubectl printed, the prefix removed. */
export function parseWarnings(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('Warning: '))
    .map((line) => line.slice('Warning: '.length).trim());
}

/** Runs kubectl; throws a KubectlError on a non-zero exit unless allowFailure is set. */
export function kubectl(args: string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8') +
        (signal ? `\n(killed by ${signal} after ${timeoutMs} ms)` : '');
      const result: KubectlResult = {
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        warnings: parseWarnings(stderr),
      };
      if (result.code !== 0 && !options.allowFailure) {
        reject(new KubectlError(args, result));
      } else {
        resolve(result);
      }
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Kubernetes objects as one multi-document YAML stream. */
export function toYaml(objects: any[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

export interface ApplyOptions {
  /** `server`: admission runs, nothing is stored. */
  readonly dryRun?: 'server';
  readonly fieldManager?: string;
  /** Take over fields owned by another manager. */
  readonly forceConflicts?: boolean;
  /** Resolve with the refusal instead of throwing. */
  readonly allowFailure?: boolean;
}

/**
 * Server-side apply with strict field validation: an unknown or duplicate field is an
 * error, not a silently dropped value.
 */
export function apply(objects: any[], options: ApplyOptions = {}): Promise<KubectlResult> {
  const args = [
    'apply', '--server-side', '--validate=strict',
    `--field-manager=${options.fieldManager ?? FIELD_MANAGER}`,
    '-o', 'name', '-f', '-',
  ];
  if (options.dryRun) args.push(`--dry-run=${options.dryRun}`);
  if (options.forceConflicts) args.push('--force-conflicts');
  return kubectl(args, { input: toYaml(objects), allowFailure: options.allowFailure });
}

export interface GetOptions {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  /** A label selector, `-l`. */
  readonly selector?: string;
  /** A field selector, e.g. `spec.nodeName=worker`. */
  readonly fieldSelector?: string;
}

function scopeArgs(options: GetOptions): string[] {
  const args: string[] = [];
  if (options.allNamespaces) args.push('--all-namespaces');
  else if (options.namespace) args.push('-n', options.namespace);
  if (options.selector) args.push('-l', options.selector);
  if (options.fieldSelector) args.push('--field-selector', options.fieldSelector);
  return args;
}

/** The items of a list, `kubectl get RESOURCE -o json`. */
export async function list(resource: string, options: GetOptions = {}): Promise<any[]> {
  const result = await kubectl(['get', resource, ...scopeArgs(options), '-o', 'json']);
  return JSON.parse(result.stdout).items;
}

/** One object, or undefined when it does not exist. */
export async function get(resource: string, name: string, namespace?: string): Promise<any> {
  const args = ['get', resource, name, '-o', 'json', '--ignore-not-found'];
  if (namespace) args.push('-n', namespace);
  const result = await kubectl(args);
  return result.stdout.trim() === '' ? undefined : JSON.parse(result.stdout);
}

/** The same object as it is stored, or undefined. */
export function getObject(object: any): Promise<any> {
  return get(resourceOf(object), object.metadata.name, object.metadata.namespace);
}

/** `kind.group` for kubectl, so that same-named kinds of two groups stay apart. */
export function resourceOf(object: any): string {
  const apiVersion: string = object.apiVersion;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group ? `${object.kind}.${group}` : object.kind;
}

/** `Kind namespace/name`, for messages. */
export function describeObject(object: any): string {
  const ns = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind} ${ns}${object.metadata.name}`;
}

/** Deletes objects, ignoring those already gone; waits only when asked to. */
export async function remove(objects: any[], wait = false): Promise<void> {
  if (objects.length === 0) return;
  await kubectl(['delete', '--ignore-not-found', `--wait=${wait}`, '-f', '-'], {
    input: toYaml(objects),
    timeoutMs: 180_000,
  });
}

/** A namespace with labels, applied (created or relabelled). */
export async function ensureNamespace(name: string, labels: { [k: string]: string } = {}) {
  await apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }]);
}

/** Events about one object, oldest first. */
export async function eventsFor(namespace: string, kind: string, name: string): Promise<any[]> {
  const items = await list('events', {
    namespace,
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
  return items.sort((a, b) =>
    String(a.lastTimestamp ?? a.eventTime).localeCompare(String(b.lastTimestamp ?? b.eventTime)));
}

export interface PollOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** What is awaited, for the error message. */
  readonly what: string;
}

/**
 * Calls `probe` until it returns something other than undefined, and returns that. On timeout
 * throws, quoting the last value `describe` made of the state (or the probe's last error).
 */
export async function poll<T>(
  options: PollOptions,
  probe: () => Promise<T | undefined>,
  describe?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 500);
  }
  const state = describe ? await describe().catch((e) => `(describe failed: ${e})`) : '';
  throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}` +
    (state ? `; last state:\n${state}` : '') +
    (lastError ? `\nlast error: ${lastError}` : ''));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One event of a watch: ADDED, MODIFIED, DELETED (BOOKMARK and ERROR are passed on too). */
export interface WatchEvent {
  readonly type: string;
  readonly object: any;
}

/** A running `kubectl get --watch`. */
export interface Watch {
  /** Every event seen so far, in the order the API server sent them. */
  readonly events: WatchEvent[];
  /** Stops kubectl; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Watches a resource and records every change, in resourceVersion order: unlike a poll it
 * misses no intermediate state. The first events are the objects that exist already.
 */
export function watch(resource: string, options: GetOptions = {}): Watch {
  const args = ['get', resource, ...scopeArgs(options),
    '--watch', '--output-watch-events', '-o', 'json'];
  const child = spawn('kubectl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: WatchEvent[] = [];
  const splitter = new JsonStreamSplitter((text) => events.push(JSON.parse(text)));
  child.stdout.on('data', (b: Buffer) => splitter.push(b.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  // Bounded even if stop() is never called.
  const timer = setTimeout(() => child.kill(), 600_000);
  return {
    events,
    async stop() {
      clearTimeout(timer);
      child.kill();
      await exited;
    },
  };
}

/** Splits a stream of concatenated JSON values (kubectl's watch output) into documents. */
export class JsonStreamSplitter {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;

  constructor(private readonly onDocument: (text: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (; this.scanned < this.buffer.length; this.scanned++) {
      const c = this.buffer[this.scanned];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') {
        this.inString = true;
      } else if (c === '{') {
        this.depth++;
      } else if (c === '}') {
        this.depth--;
        if (this.depth === 0) {
          const end = this.scanned + 1;
          this.onDocument(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end);
          this.scanned = -1;
        }
      }
    }
  }
}

// Checks of the LogCollector construct: its own props, and the configuration an engine
// returns, before any of it reaches the pod template. Messages follow src/validation.ts.

import { ILogEngine, LogEngineConfiguration } from './engine';
import { HostPathType } from '../host-access';
import { NodeOperatingSystem } from '../node-targeting';
import { AgentRollout } from '../rollout';
import { isWithin, SensitiveHostPaths } from '../sensitive-paths';
import { invalid } from '../validation';

/** Variables NodeAgent's `exposeNodeIdentity` gives every container. */
const NODE_IDENTITY_ENV = ['HOST_IP', 'NODE_NAME', 'POD_NAME', 'POD_NAMESPACE'];

// The reasons the library gives for the sensitive host paths that hold logs. Any other
// sensitive path an engine asks for is refused: the library only vouches for what it knows.
const LOG_PATH_REASONS: { [path: string]: string } = {
  '/var/lib/docker/containers': 'on Docker nodes the links under /var/log/pods lead to the '
    + 'container log files here; the log collector reads them, read-only',
  '/run/log/journal': 'the volatile systemd journal of the node; the log collector reads it, '
    + 'read-only',
};

/** Refuses a rollout that starts a second agent on a node. */
export function checkNoSurge(rollout: AgentRollout | undefined): void {
  if (rollout?.surges) {
    throw invalid('rollout.maxSurge', rollout.maxSurge!.toString(),
      'a log collector never surges: two agents on one node would share the read-position '
      + 'database and the buffer in the state directory; use maxUnavailable instead');
  }
}

/** Refuses nodes other than Linux ones. */
export function checkLinux(os: NodeOperatingSystem | undefined): void {
  if (os !== undefined && os !== NodeOperatingSystem.LINUX) {
    throw invalid('operatingSystem', os,
      'a LogCollector runs on Linux nodes only: the engines read Linux log paths');
  }
}

/** Refuses a state directory that is a sensitive host path. */
export function checkStateDirectoryIsHarmless(stateDirectory: string): void {
  if (SensitiveHostPaths.isSensitive(stateDirectory)) {
    throw invalid('stateDirectory', stateDirectory,
      'the state directory is written, so it must not be a sensitive host path (one of, inside, '
      + `or containing ${SensitiveHostPaths.DIRECTORIES.join(', ')}); use a directory of its own `
      + 'such as /var/lib/fluent-bit/<namespace>-<name>');
  }
}

/** Another mount of the agent, and how messages name it. */
export interface OtherMount {
  readonly path: string;
  readonly what: string;
}

/**
 * Refuses a state directory that lies under or contains another mount: it is the one
 * writable host path, and must not shadow or be shadowed by a read-only one. Engines check
 * their own mounts with it, and the construct checks what an engine returned.
 */
export function checkStateDirectoryApart(stateDirectory: string, mounts: OtherMount[]): void {
  for (const mount of mounts) {
    if (isWithin(stateDirectory, mount.path) || isWithin(mount.path, stateDirectory)) {
      throw invalid('stateDirectory', stateDirectory,
        `it lies under or contains ${mount.what} '${mount.path}'; the state directory must be `
        + 'a directory of its own, beside every other mount');
    }
  }
}

/** The sensitive-path reason the library gives for a log path, or none for a harmless one. */
export function logPathReason(engine: ILogEngine, path: string): string | undefined {
  if (!SensitiveHostPaths.isSensitive(path)) {
    return undefined;
  }
  const reason = LOG_PATH_REASONS[path];
  if (reason === undefined) {
    throw invalid('engine', engine.name,
      `the engine asks for the sensitive host path '${path}', which the LogCollector has no `
      + 'reason for; of the sensitive paths it mounts only '
      + Object.keys(LOG_PATH_REASONS).join(', '));
  }
  return reason;
}

/**
 * Checks what an engine returned against what the construct asked for and what its pod
 * model allows. These hold for fluent-bit by construction; a second engine may break them.
 */
export function checkConfiguration(
  engine: ILogEngine, config: LogEngineConfiguration, stateDirectory: string,
): void {
  if (config.stateDirectory !== stateDirectory) {
    throw invalid('engine', engine.name,
      `the engine writes its state to '${config.stateDirectory}', not to the state directory `
      + `'${stateDirectory}' the collector mounts`);
  }
  const directoryTypes = [HostPathType.DIRECTORY, HostPathType.DIRECTORY_OR_CREATE];
  for (const p of config.hostPaths) {
    if (!directoryTypes.includes(p.type)) {
      throw invalid('engine', engine.name,
        `the engine mounts the log path '${p.path}' with hostPath type ${p.type}; a log path is `
        + `a directory, of type ${directoryTypes.join(' or ')}`);
    }
  }
  checkStateDirectoryApart(stateDirectory, [
    ...config.hostPaths.map((p) => ({ path: p.path, what: 'the read-only host path' })),
    { path: config.configDirectory, what: 'the read-only configuration directory' },
    ...config.secretVolumes.map((v) => ({ path: v.mountPath, what: 'the Secret volume' })),
    ...config.scratchDirectories.map((path) => ({ path, what: 'the scratch directory' })),
  ]);

  const runAs = config.runAs;
  if (!runAs.readOnlyRootFilesystem || runAs.allowPrivilegeEscalation) {
    throw invalid('engine', engine.name,
      'the engine asks for a writable root filesystem or privilege escalation, which the '
      + 'LogCollector never grants; declare scratchDirectories instead');
  }
  if (runAs.runAsNonRoot && runAs.userId === 0) {
    throw invalid('engine', engine.name, 'the engine asks for runAsNonRoot with user 0');
  }
  if (config.ports.length === 0) {
    throw invalid('engine', engine.name, 'the engine declares no metrics and health port');
  }
  if (config.needsKubernetesApi !== config.rbacRules.length > 0) {
    throw invalid('engine', engine.name,
      'the engine must declare API access rules exactly when it needs the Kubernetes API');
  }

  const env = [...config.secretEnv.map((e) => e.name), ...config.fieldEnv.map((e) => e.name)];
  for (const name of env) {
    if (NODE_IDENTITY_ENV.includes(name) || env.indexOf(name) !== env.lastIndexOf(name)) {
      throw invalid('engine', engine.name,
        `the engine defines the environment variable ${name} twice or over the node identity `
        + `(${NODE_IDENTITY_ENV.join(', ')})`);
    }
  }
}

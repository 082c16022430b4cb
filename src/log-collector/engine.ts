import { createHash } from 'crypto';
import { ContainerRuntime, JournalDirectory, LogHostPath } from './host-paths';
import { LogOutput } from './log-output';
import { FieldEnvVar } from '../field-env';
import { SecretKeyReference } from '../secret-reference';

/**
 * What to collect from the container log files of the node.
 */
export interface ContainerLogsOptions {
  /**
   * Memory, in MiB, the container log input may fill before it pauses (or, with filesystem
   * buffering, spills new chunks to disk). Must stay below the memory limit.
   *
   * @default 32
   */
  readonly memBufLimitMiB?: number;

  /**
   * Seconds between two scans for new log files.
   *
   * @default 10
   */
  readonly refreshIntervalSeconds?: number;

  /**
   * Seconds a rotated file is still read, for lines written just before the rotation.
   *
   * @default 30
   */
  readonly rotateWaitSeconds?: number;

  /**
   * Read files found at the first start from their beginning rather than their end. Files
   * found later are always read from the beginning; a restart resumes from the position
   * database.
   *
   * @default false
   */
  readonly readFromHead?: boolean;

  /**
   * Namespaces whose container logs are not collected.
   *
   * @default - none; the agent's own logs are always left out
   */
  readonly excludeNamespaces?: string[];

  /**
   * Multi-line parsers, by name, that join the lines of one application message (stack
   * traces) after the runtime's own line format was read: built-in ones such as `java`,
   * `go` and `python`, or ones the engine defines. The joining filter holds records in a
   * buffer of its own (8 MiB for fluent-bit), which counts against the memory limit.
   *
   * @default - none; only lines split by the runtime are joined
   */
  readonly multilineParsers?: string[];
}

/**
 * What to collect from the systemd journal of the node.
 */
export interface JournalOptions {
  /**
   * Where the node keeps its journal.
   *
   * @default JournalDirectory.PERSISTENT
   */
  readonly directory?: JournalDirectory;

  /**
   * Units to collect, such as `kubelet.service`.
   *
   * @default - every unit
   */
  readonly units?: string[];

  /**
   * Memory, in MiB, the journal input may fill before it pauses. Must stay below the memory
   * limit.
   *
   * @default 8
   */
  readonly memBufLimitMiB?: number;

  /**
   * At the first start, skip entries already in the journal. A restart resumes from the
   * cursor database either way.
   *
   * @default true
   */
  readonly readFromTail?: boolean;
}

/**
 * Enrichment of container log records with pod and namespace metadata from the Kubernetes
 * API. It needs the ServiceAccount token and read access to pods and namespaces.
 */
export interface KubernetesMetadataOptions {
  /**
   * Add the pod's labels.
   *
   * @default true
   */
  readonly labels?: boolean;

  /**
   * Add the pod's annotations.
   *
   * @default false
   */
  readonly annotations?: boolean;

  /**
   * When the log line is a JSON map, merge its fields into the record.
   *
   * @default true
   */
  readonly mergeLog?: boolean;

  /**
   * Put merged fields under this key instead of at the top of the record.
   *
   * @default - at the top of the record
   */
  readonly mergeLogKey?: string;

  /**
   * Keep the original `log` field after it was merged.
   *
   * @default false
   */
  readonly keepLog?: boolean;

  /**
   * Let pods pick a parser with the `fluentbit.io/parser` annotation.
   *
   * @default false
   */
  readonly podParserAnnotation?: boolean;

  /**
   * Let pods opt out of collection with the `fluentbit.io/exclude: "true"` annotation.
   *
   * @default true
   */
  readonly podExcludeAnnotation?: boolean;

  /**
   * Read pod metadata from the node's kubelet instead of the API server, which spares the
   * API server on large clusters. The kubelet serving certificate must be signed by the
   * cluster CA for the node's IP, and the agent also needs `get` on `nodes/proxy`.
   *
   * @default false
   */
  readonly useKubelet?: boolean;

  /**
   * Size, in KiB, of the buffer for one API response; a pod whose description is larger
   * gets no metadata. 0 removes the limit.
   *
   * @default - the engine's default (32 KiB for fluent-bit)
   */
  readonly apiBufferSizeKiB?: number;
}

/**
 * How records are buffered between collection and delivery.
 */
export interface LogBufferOptions {
  /**
   * Keep chunks in files under the state directory, so that a restart or a slow
   * destination loses nothing.
   *
   * @default true
   */
  readonly filesystem?: boolean;

  /**
   * With filesystem buffering, how many chunks (about 2 MiB each) may be held in memory at
   * once. Their total must stay below the memory limit.
   *
   * @default 32
   */
  readonly maxChunksUp?: number;

  /**
   * With filesystem buffering, memory, in MiB, used to replay chunks left on disk by an
   * earlier run.
   *
   * @default 8
   */
  readonly backlogMemLimitMiB?: number;
}

/**
 * Everything a log engine needs to render its configuration. The LogCollector construct
 * fills it from its own props; a second engine reads the same input.
 */
export interface LogEngineInput {
  /**
   * Name of the agent's DaemonSet, whose pods are named `<agentName>-<suffix>`. Their own
   * container logs are left out, so the agent never ships itself.
   */
  readonly agentName: string;

  /**
   * Namespace the agent runs in.
   */
  readonly namespace: string;

  /**
   * Container runtime of the nodes.
   */
  readonly containerRuntime: ContainerRuntime;

  /**
   * Memory limit of the agent's container, in MiB. Every buffer must stay below it.
   */
  readonly memoryLimitMiB: number;

  /**
   * Where to send the records. At least one.
   */
  readonly outputs: LogOutput[];

  /**
   * Container log collection.
   *
   * @default - collected with the defaults of `ContainerLogsOptions`
   */
  readonly containerLogs?: ContainerLogsOptions;

  /**
   * Collect the systemd journal too.
   *
   * @default - the journal is not read
   */
  readonly journal?: JournalOptions;

  /**
   * Enrich container logs with Kubernetes metadata.
   *
   * @default - no enrichment, no API access
   */
  readonly kubernetesMetadata?: KubernetesMetadataOptions;

  /**
   * Buffering between collection and delivery.
   *
   * @default - filesystem buffering with the defaults of `LogBufferOptions`
   */
  readonly buffer?: LogBufferOptions;

  /**
   * Path, inside the container, of the writable state directory: the read-position
   * databases and the filesystem buffer. The construct mounts a host directory of its own
   * here; it must not lie under any read-only mount.
   *
   * @default - the engine's default
   */
  readonly stateDirectory?: string;

  /**
   * Port of the metrics and health endpoint.
   *
   * @default 2020
   */
  readonly metricsPort?: number;
}

/**
 * An environment variable filled from a Secret key.
 */
export interface LogSecretEnvVar extends SecretKeyReference {
  /** Variable name, referenced as `${name}` in the configuration. */
  readonly name: string;
}

/**
 * One key of a Secret projected as a file.
 */
export interface LogSecretVolumeItem {
  /** Key in the Secret. */
  readonly key: string;
  /** File name, relative to the volume's mount path. */
  readonly path: string;
}

/**
 * A Secret mounted read-only as files.
 */
export interface LogSecretVolume {
  /** Secret name. */
  readonly secretName: string;
  /** Absolute mount path in the container. */
  readonly mountPath: string;
  /** The keys projected, sorted by key. */
  readonly items: LogSecretVolumeItem[];
}

/**
 * A port the agent listens on.
 */
export interface LogEnginePort {
  /** Port name. */
  readonly name: string;
  /** Container port. */
  readonly containerPort: number;
}

/**
 * A rule of the ClusterRole the agent needs.
 */
export interface LogRbacRule {
  /** API groups; `""` is the core group. */
  readonly apiGroups: string[];
  /** Resources. */
  readonly resources: string[];
  /** Verbs. */
  readonly verbs: string[];
}

/**
 * The user and privileges the engine's process needs, as the engine recommends them.
 */
export interface LogEngineRunAs {
  /** User id of the process. */
  readonly userId: number;
  /** Primary group id of the process. */
  readonly groupId: number;
  /** Whether `runAsNonRoot` can be set. */
  readonly runAsNonRoot: boolean;
  /** Capabilities to add after dropping. */
  readonly capabilitiesAdd: string[];
  /** Capabilities to drop. */
  readonly capabilitiesDrop: string[];
  /** Whether `allowPrivilegeEscalation` may stay true. */
  readonly allowPrivilegeEscalation: boolean;
  /** Whether the root filesystem can be read-only. */
  readonly readOnlyRootFilesystem: boolean;
}

/**
 * The rendered agent: pure data that the construct wires into the pod template.
 */
export interface LogEngineConfiguration {
  /** Container image. */
  readonly image: string;
  /** Container command. */
  readonly command: string[];
  /** Container arguments. */
  readonly args: string[];
  /** Configuration files, name to content, for one ConfigMap. */
  readonly configFiles: { [name: string]: string };
  /** Where the ConfigMap is mounted, read-only. */
  readonly configDirectory: string;
  /** SHA-256 of `configFiles`; see `ConfigHash`. */
  readonly configHash: string;
  /** Environment variables from Secret keys, sorted by name. */
  readonly secretEnv: LogSecretEnvVar[];
  /** Environment variables from pod fields, sorted by name. */
  readonly fieldEnv: FieldEnvVar[];
  /** Secrets mounted as files, sorted by Secret name. */
  readonly secretVolumes: LogSecretVolume[];
  /** Host directories to mount read-only at the same path. */
  readonly hostPaths: LogHostPath[];
  /** The writable state directory, inside the container. */
  readonly stateDirectory: string;
  /** Other writable directories the process needs, as emptyDirs. */
  readonly scratchDirectories: string[];
  /** Metrics and health port. */
  readonly ports: LogEnginePort[];
  /** Path of the Prometheus metrics. */
  readonly metricsPath: string;
  /** HTTP path of the liveness probe, on the metrics port. */
  readonly livenessProbePath: string;
  /** HTTP path of the readiness probe, on the metrics port. */
  readonly readinessProbePath: string;
  /** Whether the ServiceAccount token must be mounted. */
  readonly needsKubernetesApi: boolean;
  /** ClusterRole rules; empty when no API access is needed. */
  readonly rbacRules: LogRbacRule[];
  /** The recommended user and privileges. */
  readonly runAs: LogEngineRunAs;
}

/**
 * A log engine: turns the typed input into the agent's configuration. fluent-bit is the
 * first; another engine implements the same interface and leaves host access, hardening
 * and rollout to the construct.
 */
export interface ILogEngine {
  /**
   * Engine name, such as `fluent-bit`.
   */
  readonly name: string;

  /**
   * Container image the engine runs.
   */
  readonly image: string;

  /**
   * Render the configuration. Throws when the input is invalid.
   */
  render(input: LogEngineInput): LogEngineConfiguration;
}

/**
 * The content hash of rendered configuration files, for a pod-template annotation: a
 * change rolls the pods, an unchanged configuration does not.
 */
export class ConfigHash {
  /**
   * SHA-256, hex, over the files sorted by name; each name and content is length-prefixed so
   * that moving text from one file to another changes the hash.
   */
  public static sha256(files: { [name: string]: string }): string {
    const hash = createHash('sha256');
    for (const name of Object.keys(files).sort()) {
      const content = files[name];
      hash.update(`${Buffer.byteLength(name)}:${name}\n${Buffer.byteLength(content)}:`);
      hash.update(content);
      hash.update('\n');
    }
    return hash.digest('hex');
  }

  private constructor() {}
}

import {
  ConfigHash, ILogEngine, LogEngineConfiguration, LogEngineInput, LogEngineRunAs,
} from './engine';
import { renderFluentBit } from './fluent-bit/render';
import { LogParserDefinition, MultilineParserDefinition } from './parsers';
import { checkInteger, invalid } from '../validation';

/**
 * Verbosity of the agent's own log.
 */
export enum FluentBitLogLevel {
  /** Errors only. */
  ERROR = 'error',
  /** Errors and warnings. */
  WARN = 'warn',
  /** The default. */
  INFO = 'info',
  /** Debugging detail. */
  DEBUG = 'debug',
}

/**
 * When the health endpoint reports the agent unhealthy: more output errors, or more failed
 * retries, than allowed within one period.
 */
export interface FluentBitHealthCheckOptions {
  /**
   * Output errors allowed in one period.
   *
   * @default 5
   */
  readonly errorsCount?: number;

  /**
   * Failed retries allowed in one period.
   *
   * @default 5
   */
  readonly retryFailureCount?: number;

  /**
   * Length of the period, in seconds.
   *
   * @default 60
   */
  readonly periodSeconds?: number;
}

/**
 * Settings of the fluent-bit engine itself; what to collect and where to send it is the
 * LogCollector's input.
 */
export interface FluentBitEngineProps {
  /**
   * Image repository.
   *
   * @default 'cr.fluentbit.io/fluent/fluent-bit'
   */
  readonly imageRepository?: string;

  /**
   * Image tag, or `@sha256:` digest reference.
   *
   * @default FluentBitEngine.DEFAULT_IMAGE_TAG
   */
  readonly imageTag?: string;

  /**
   * Verbosity of the agent's own log.
   *
   * @default FluentBitLogLevel.INFO
   */
  readonly logLevel?: FluentBitLogLevel;

  /**
   * Seconds between two flushes to the outputs.
   *
   * @default 1
   */
  readonly flushSeconds?: number;

  /**
   * Seconds the agent waits at shutdown for pending flushes. The pod's termination grace
   * period should be longer.
   *
   * @default 5
   */
  readonly graceSeconds?: number;

  /**
   * Thresholds of the health endpoint that the readiness probe reads.
   *
   * @default - the defaults of `FluentBitHealthCheckOptions`
   */
  readonly healthCheck?: FluentBitHealthCheckOptions;

  /**
   * Parsers to define, for multi-line parsers and for the `fluentbit.io/parser` annotation.
   *
   * @default - none
   */
  readonly parsers?: LogParserDefinition[];

  /**
   * Multi-line parsers to define, for `ContainerLogsOptions.multilineParsers`.
   *
   * @default - none; the built-in ones (`docker`, `cri`, `go`, `java`, `python`) exist anyway
   */
  readonly multilineParsers?: MultilineParserDefinition[];

  /**
   * Also load the parsers file shipped in the image (`/fluent-bit/etc/parsers.conf`:
   * `json`, `nginx`, `apache`, `syslog-rfc5424` and others), so that pods can name them.
   *
   * @default true
   */
  readonly imageParsers?: boolean;
}

/**
 * The fluent-bit log engine. It renders a classic-format configuration (`[SERVICE]`,
 * `[INPUT]`, `[FILTER]`, `[OUTPUT]`, `@INCLUDE`) and the pod wiring it needs.
 *
 * Running user: the agent runs as uid 0 with every capability dropped. Container log files
 * are owned by root with mode 0640 (the runtime writes them), `/var/lib/docker/containers`
 * is 0700, journal files are 0640 root:systemd-journal: uid 0 reads all of them as their
 * owner, with no capability, and writes the root-owned state directory that kubelet creates.
 * A non-root uid with `DAC_READ_SEARCH` does not work: containerd and CRI-O give added
 * capabilities to a non-root process only in its bounding and inheritable sets, not in its
 * effective set, because Kubernetes sets no ambient capabilities (kubernetes/kubernetes#56374,
 * KEP-2763 still open), and the fluent-bit image carries no file capabilities, which
 * `allowPrivilegeEscalation: false` would ignore anyway. A non-root uid would also need an
 * init container running as root to chown the state directory. The pod uses hostPath
 * volumes, so it is outside the Pod Security `restricted` level whatever its user.
 */
export class FluentBitEngine implements ILogEngine {
  /**
   * The image tag used when none is given: the latest 4.x release.
   */
  public static readonly DEFAULT_IMAGE_TAG: string = '4.2.3';

  /**
   * The user and privileges the agent runs with; see the class documentation.
   */
  public static readonly RUN_AS: LogEngineRunAs = {
    userId: 0,
    groupId: 0,
    runAsNonRoot: false,
    capabilitiesAdd: [],
    capabilitiesDrop: ['ALL'],
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
  };

  /**
   * Engine name: `fluent-bit`.
   */
  public readonly name: string = 'fluent-bit';

  /**
   * Container image, repository and tag or digest.
   */
  public readonly image: string;

  private readonly props: FluentBitEngineProps;

  public constructor(props: FluentBitEngineProps = {}) {
    const repository = props.imageRepository ?? 'cr.fluentbit.io/fluent/fluent-bit';
    const tag = props.imageTag ?? FluentBitEngine.DEFAULT_IMAGE_TAG;
    if (!/^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?$/.test(repository) || repository.endsWith(':')) {
      throw invalid('FluentBitEngine.imageRepository', repository,
        'expected an image repository such as \'cr.fluentbit.io/fluent/fluent-bit\'');
    }
    const digest = /^@sha256:[a-f0-9]{64}$/.test(tag);
    if (!digest && !/^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}$/.test(tag)) {
      throw invalid('FluentBitEngine.imageTag', tag,
        'expected a tag such as \'4.2.3\', or \'@sha256:\' and 64 hex digits');
    }
    this.image = digest ? `${repository}${tag}` : `${repository}:${tag}`;
    this.props = props;
    checkSettings(props);
  }

  /**
   * Render the configuration files and the pod wiring for `input`. Throws, naming the
   * property, when the input is invalid or a buffer does not fit the memory limit.
   */
  public render(input: LogEngineInput): LogEngineConfiguration {
    const rendered = renderFluentBit(input, this.props);
    return {
      image: this.image,
      command: ['/fluent-bit/bin/fluent-bit'],
      args: [`--config=${rendered.configDirectory}/fluent-bit.conf`],
      configFiles: rendered.files,
      configDirectory: rendered.configDirectory,
      configHash: ConfigHash.sha256(rendered.files),
      secretEnv: rendered.secretEnv,
      fieldEnv: rendered.fieldEnv,
      secretVolumes: rendered.secretVolumes,
      hostPaths: rendered.hostPaths,
      stateDirectory: rendered.stateDirectory,
      scratchDirectories: [],
      ports: [{ name: 'http-metrics', containerPort: rendered.metricsPort }],
      metricsPath: '/api/v2/metrics/prometheus',
      livenessProbePath: '/',
      readinessProbePath: '/api/v1/health',
      needsKubernetesApi: rendered.rbacRules.length > 0,
      rbacRules: rendered.rbacRules,
      runAs: { ...FluentBitEngine.RUN_AS, capabilitiesAdd: [], capabilitiesDrop: ['ALL'] },
    };
  }
}

// The engine settings are checked when the engine is made, not when it renders.
function checkSettings(props: FluentBitEngineProps): void {
  const positive = (prop: string, value: number | undefined, max: number) => {
    if (value !== undefined) {
      checkInteger(`FluentBitEngine.${prop}`, value, 1, max);
    }
  };
  positive('flushSeconds', props.flushSeconds, 60);
  positive('graceSeconds', props.graceSeconds, 600);
  positive('healthCheck.errorsCount', props.healthCheck?.errorsCount, 1_000_000);
  positive('healthCheck.retryFailureCount', props.healthCheck?.retryFailureCount, 1_000_000);
  positive('healthCheck.periodSeconds', props.healthCheck?.periodSeconds, 86_400);
}

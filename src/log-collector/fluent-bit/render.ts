import { checkStateDirectoryApart } from '../collector-checks';
import {
  LogEngineInput, LogRbacRule, LogSecretEnvVar, LogSecretVolume,
} from '../engine';
import type { FluentBitEngineProps } from '../fluent-bit-engine';
import { ContainerRuntime, JournalDirectory, LogHostPath, LogHostPaths } from '../host-paths';
import { LogOutputKind } from '../log-output';
import { ClassicSection, mibToBytes, renderFile } from './classic-config';
import { renderOutput } from './outputs';
import { buildParsers, IMAGE_PARSERS_FILE } from './parsers';
import { SecretBinder } from './secret-binder';
import { FieldEnvVar } from '../../field-env';
import { checkAbsolutePath } from '../../host-access';
import {
  checkConfigValue, checkDnsLabel, checkInteger, checkNonEmpty, checkOneOf, checkPort, invalid,
} from '../../validation';

export const CONFIG_DIRECTORY = '/fluent-bit/etc/conf';
export const SECRETS_DIRECTORY = '/fluent-bit/secrets';
export const DEFAULT_STATE_DIRECTORY = '/var/lib/fluent-bit';

/** Size fluent-bit aims for when it fills a chunk. */
const CHUNK_MIB = 2;
/** Memory of the emitter that re-injects records joined by the multiline filter. */
const MULTILINE_EMITTER_MIB = 8;
const CONTAINER_TAG = 'kube.*';
const JOURNAL_TAG = 'journal.*';
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface RenderedFluentBit {
  readonly files: { [name: string]: string };
  readonly configDirectory: string;
  readonly secretEnv: LogSecretEnvVar[];
  readonly fieldEnv: FieldEnvVar[];
  readonly secretVolumes: LogSecretVolume[];
  readonly hostPaths: LogHostPath[];
  readonly stateDirectory: string;
  readonly metricsPort: number;
  readonly rbacRules: LogRbacRule[];
}

export function renderFluentBit(
  input: LogEngineInput, props: FluentBitEngineProps,
): RenderedFluentBit {
  // Identity and sizing of the agent.
  checkDnsLabel('agentName', input.agentName);
  checkDnsLabel('namespace', input.namespace);
  checkInteger('memoryLimitMiB', input.memoryLimitMiB, 16, 1_048_576);
  checkOneOf('containerRuntime', input.containerRuntime, Object.values(ContainerRuntime));
  checkNonEmpty('outputs', input.outputs, 'expected at least one output');
  const metricsPort = input.metricsPort ?? 2020;
  checkPort('metricsPort', metricsPort);

  // What is read, and from which host directories.
  const containers = resolveContainerLogs(input);
  const journal = input.journal ? resolveJournal(input) : undefined;
  const hostPaths = [
    ...LogHostPaths.forContainerLogs(input.containerRuntime),
    ...(journal ? LogHostPaths.forJournal(journal.directory) : []),
  ];

  // The state directory is the only writable host path.
  const stateDirectory = input.stateDirectory ?? DEFAULT_STATE_DIRECTORY;
  checkStateDirectory(stateDirectory, hostPaths);

  // Buffers, checked against the memory limit one by one and together.
  const buffer = resolveBuffer(input);
  checkBuffers(input.memoryLimitMiB, containers, journal, buffer);

  const imageParsers = props.imageParsers ?? true;
  const catalogue = buildParsers(props.parsers ?? [], props.multilineParsers ?? [], imageParsers);
  containers.multilineParsers.forEach((name, i) => {
    if (!catalogue.multilineParsers.has(name)) {
      throw invalid(`containerLogs.multilineParsers[${i}]`, name, 'expected a defined multi-line '
        + `parser: ${[...catalogue.multilineParsers].sort().join(', ')}`);
    }
  });

  // Inputs.
  const inputs: ClassicSection[] = [];
  const docker = input.containerRuntime === ContainerRuntime.DOCKER;
  const tail = new ClassicSection('INPUT')
    .set('Name', 'tail')
    .set('Alias', 'containers')
    .set('Tag', CONTAINER_TAG)
    .set('Path', '/var/log/containers/*.log')
    .set('Exclude_Path', containers.excludePaths.join(', '))
    .set('multiline.parser', docker ? 'docker, cri' : 'cri, docker')
    .set('DB', `${stateDirectory}/containers.db`)
    .set('DB.locking', true)
    .set('Mem_Buf_Limit', mibToBytes(containers.memBufLimitMiB))
    .set('Skip_Long_Lines', true)
    .set('Refresh_Interval', containers.refreshIntervalSeconds)
    .set('Rotate_Wait', containers.rotateWaitSeconds)
    .set('Read_from_Head', containers.readFromHead)
    .set('storage.type', buffer.filesystem ? 'filesystem' : undefined);
  inputs.push(tail);
  if (journal) {
    const systemd = new ClassicSection('INPUT')
      .set('Name', 'systemd')
      .set('Alias', 'journal')
      .set('Tag', JOURNAL_TAG)
      .set('Path', LogHostPaths.journalPath(journal.directory))
      .set('DB', `${stateDirectory}/journal.db`)
      .set('DB.Sync', 'Normal')
      .set('Read_From_Tail', journal.readFromTail)
      .set('Mem_Buf_Limit', mibToBytes(journal.memBufLimitMiB))
      .set('storage.type', buffer.filesystem ? 'filesystem' : undefined);
    for (const unit of journal.units) systemd.set('Systemd_Filter', `_SYSTEMD_UNIT=${unit}`);
    inputs.push(systemd);
  }

  // Filters: the multiline filter must come first, since it re-emits joined records at the
  // head of the pipeline.
  const filters: ClassicSection[] = [];
  if (containers.multilineParsers.length > 0) {
    filters.push(new ClassicSection('FILTER')
      .set('Name', 'multiline')
      .set('Match', CONTAINER_TAG)
      .set('multiline.key_content', 'log')
      .set('multiline.parser', containers.multilineParsers.join(', '))
      .set('buffer', true)
      .set('emitter_name', 'multiline_emitter')
      .set('emitter_mem_buf_limit', mibToBytes(MULTILINE_EMITTER_MIB))
      .set('emitter_storage.type', buffer.filesystem ? 'filesystem' : 'memory'));
  }
  const fieldEnv: FieldEnvVar[] = [];
  const rbacRules: LogRbacRule[] = [];
  const meta = input.kubernetesMetadata;
  if (meta) {
    if (meta.mergeLogKey !== undefined) {
      checkConfigValue('kubernetesMetadata.mergeLogKey', meta.mergeLogKey);
    }
    if (meta.apiBufferSizeKiB !== undefined) {
      checkInteger('kubernetesMetadata.apiBufferSizeKiB', meta.apiBufferSizeKiB, 0, 65_536);
    }
    const kube = new ClassicSection('FILTER')
      .set('Name', 'kubernetes')
      .set('Match', CONTAINER_TAG)
      .set('Kube_URL', 'https://kubernetes.default.svc:443')
      .set('Kube_CA_File', `${SERVICE_ACCOUNT_DIR}/ca.crt`)
      .set('Kube_Token_File', `${SERVICE_ACCOUNT_DIR}/token`)
      .set('Kube_Tag_Prefix', 'kube.var.log.containers.')
      .set('Merge_Log', meta.mergeLog ?? true)
      .set('Merge_Log_Key', meta.mergeLogKey)
      .set('Keep_Log', meta.keepLog ?? false)
      .set('K8S-Logging.Parser', meta.podParserAnnotation ?? false)
      .set('K8S-Logging.Exclude', meta.podExcludeAnnotation ?? true)
      .set('Labels', meta.labels ?? true)
      .set('Annotations', meta.annotations ?? false)
      .set('Buffer_Size', meta.apiBufferSizeKiB === undefined ? undefined : `${meta.apiBufferSizeKiB}k`)
      .set('Use_Kubelet', meta.useKubelet ?? false);
    rbacRules.push({
      apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'],
    });
    if (meta.useKubelet) {
      kube.set('Kubelet_Host', '${NODE_IP}').set('Kubelet_Port', 10250);
      fieldEnv.push({ name: 'NODE_IP', fieldPath: 'status.hostIP' });
      rbacRules.push({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] });
    }
    filters.push(kube);
  }

  // Outputs, with their Secret material bound to environment variables and files.
  const secrets = new SecretBinder(SECRETS_DIRECTORY);
  const outputs = input.outputs.map((output, index) => {
    const diskLimit = output._options.storageTotalLimitMiB;
    if (diskLimit !== undefined && !buffer.filesystem) {
      throw invalid(`outputs[${index}].storageTotalLimitMiB`, diskLimit,
        'applies only with filesystem buffering, and buffer.filesystem is false');
    }
    return renderOutput(output, index, secrets);
  });
  const envNames = new Set([...secrets.envVars.map(e => e.name), ...fieldEnv.map(e => e.name)]);
  input.outputs.forEach((output, index) => {
    if (output.kind !== LogOutputKind.RAW) return;
    for (const [key, value] of Object.entries(output._properties ?? {})) {
      for (const ref of value.matchAll(/\$\{([^}]*)\}/g)) {
        if (!envNames.has(ref[1])) {
          const defined = [...envNames].sort().join(', ') || 'none';
          throw invalid(`outputs[${index}].properties['${key}']`, value,
            `it refers to \${${ref[1]}}, which the agent does not define; defined: ${defined}`);
        }
      }
    }
  });

  // The main file: service settings, then the pipeline files.
  const health = props.healthCheck ?? {};
  const service = new ClassicSection('SERVICE')
    .set('Flush', props.flushSeconds ?? 1)
    .set('Grace', props.graceSeconds ?? 5)
    .set('Daemon', false)
    .set('Log_Level', props.logLevel ?? 'info')
    .set('Parsers_File', (props.imageParsers ?? true) ? IMAGE_PARSERS_FILE : undefined)
    .set('Parsers_File', catalogue.sections.length ? `${CONFIG_DIRECTORY}/parsers.conf` : undefined)
    .set('HTTP_Server', true)
    .set('HTTP_Listen', '0.0.0.0')
    .set('HTTP_Port', metricsPort)
    .set('Health_Check', true)
    .set('HC_Errors_Count', health.errorsCount ?? 5)
    .set('HC_Retry_Failure_Count', health.retryFailureCount ?? 5)
    .set('HC_Period', health.periodSeconds ?? 60);
  if (buffer.filesystem) {
    service
      .set('storage.path', `${stateDirectory}/buffer`)
      .set('storage.sync', 'normal')
      .set('storage.checksum', false)
      .set('storage.max_chunks_up', buffer.maxChunksUp)
      .set('storage.backlog.mem_limit', mibToBytes(buffer.backlogMemLimitMiB))
      .set('storage.metrics', true);
  }

  const files: { [name: string]: string } = {};
  const includes = [`@INCLUDE ${CONFIG_DIRECTORY}/inputs.conf`];
  if (filters.length) includes.push(`@INCLUDE ${CONFIG_DIRECTORY}/filters.conf`);
  includes.push(`@INCLUDE ${CONFIG_DIRECTORY}/outputs.conf`);
  files['fluent-bit.conf'] = renderFile([service, includes.join('\n')]);
  files['inputs.conf'] = renderFile(inputs);
  if (filters.length) files['filters.conf'] = renderFile(filters);
  files['outputs.conf'] = renderFile(outputs);
  if (catalogue.sections.length) files['parsers.conf'] = renderFile(catalogue.sections);

  return {
    files,
    configDirectory: CONFIG_DIRECTORY,
    secretEnv: secrets.envVars,
    fieldEnv,
    secretVolumes: secrets.volumes,
    hostPaths,
    stateDirectory,
    metricsPort,
    rbacRules,
  };
}

interface ResolvedContainerLogs {
  readonly memBufLimitMiB: number;
  readonly refreshIntervalSeconds: number;
  readonly rotateWaitSeconds: number;
  readonly readFromHead: boolean;
  readonly excludePaths: string[];
  readonly multilineParsers: string[];
}

function resolveContainerLogs(input: LogEngineInput): ResolvedContainerLogs {
  const c = input.containerLogs ?? {};
  const memBufLimitMiB = c.memBufLimitMiB ?? 32;
  checkInteger('containerLogs.memBufLimitMiB', memBufLimitMiB, 1, 1_048_576);
  const refreshIntervalSeconds = c.refreshIntervalSeconds ?? 10;
  checkInteger('containerLogs.refreshIntervalSeconds', refreshIntervalSeconds, 1, 3600);
  const rotateWaitSeconds = c.rotateWaitSeconds ?? 30;
  checkInteger('containerLogs.rotateWaitSeconds', rotateWaitSeconds, 1, 3600);

  // The agent's own pods are `<agentName>-<suffix>` in its namespace; their files are
  // `<pod>_<namespace>_<container>-<id>.log`.
  const excludePaths = [`/var/log/containers/${input.agentName}-*_${input.namespace}_*.log`];
  const namespaces = c.excludeNamespaces ?? [];
  namespaces.forEach((ns, i) => checkDnsLabel(`containerLogs.excludeNamespaces[${i}]`, ns));
  for (const ns of [...new Set(namespaces)].sort()) {
    excludePaths.push(`/var/log/containers/*_${ns}_*.log`);
  }

  const multilineParsers = c.multilineParsers ?? [];
  multilineParsers.forEach((name, i) => {
    checkConfigValue(`containerLogs.multilineParsers[${i}]`, name);
  });
  if (new Set(multilineParsers).size !== multilineParsers.length) {
    throw invalid('containerLogs.multilineParsers', multilineParsers,
      'expected each parser once');
  }
  return {
    memBufLimitMiB,
    refreshIntervalSeconds,
    rotateWaitSeconds,
    readFromHead: c.readFromHead ?? false,
    excludePaths,
    multilineParsers,
  };
}

interface ResolvedJournal {
  readonly directory: JournalDirectory;
  readonly units: string[];
  readonly memBufLimitMiB: number;
  readonly readFromTail: boolean;
}

function resolveJournal(input: LogEngineInput): ResolvedJournal {
  const j = input.journal ?? {};
  const directory = j.directory ?? JournalDirectory.PERSISTENT;
  checkOneOf('journal.directory', directory, Object.values(JournalDirectory));
  const memBufLimitMiB = j.memBufLimitMiB ?? 8;
  checkInteger('journal.memBufLimitMiB', memBufLimitMiB, 1, 1_048_576);
  const units = j.units ?? [];
  units.forEach((unit, i) => {
    if (!/^[A-Za-z0-9:_.@\\-]+\.[a-z]+$/.test(unit)) {
      throw invalid(`journal.units[${i}]`, unit,
        'expected a systemd unit name such as \'kubelet.service\'');
    }
  });
  return {
    directory, units: [...new Set(units)].sort(), memBufLimitMiB, readFromTail: j.readFromTail ?? true,
  };
}

interface ResolvedBuffer {
  readonly filesystem: boolean;
  readonly maxChunksUp: number;
  readonly backlogMemLimitMiB: number;
}

function resolveBuffer(input: LogEngineInput): ResolvedBuffer {
  const b = input.buffer ?? {};
  const filesystem = b.filesystem ?? true;
  for (const prop of ['maxChunksUp', 'backlogMemLimitMiB'] as const) {
    if (!filesystem && b[prop] !== undefined) {
      throw invalid(`buffer.${prop}`, b[prop],
        'applies only with filesystem buffering, and buffer.filesystem is false');
    }
  }
  const maxChunksUp = b.maxChunksUp ?? 32;
  checkInteger('buffer.maxChunksUp', maxChunksUp, 1, 65_536);
  const backlogMemLimitMiB = b.backlogMemLimitMiB ?? 8;
  checkInteger('buffer.backlogMemLimitMiB', backlogMemLimitMiB, 1, 1_048_576);
  return { filesystem, maxChunksUp, backlogMemLimitMiB };
}

function checkStateDirectory(stateDirectory: string, readOnly: LogHostPath[]): void {
  checkAbsolutePath('stateDirectory', stateDirectory);
  // The path goes into configuration lines, where a blank would end the value.
  if (/[\s*?\[\]]/.test(stateDirectory)) {
    throw invalid('stateDirectory', stateDirectory, 'expected a path without blanks or wildcards');
  }
  if (stateDirectory.split('/').filter(Boolean).length < 2) {
    throw invalid('stateDirectory', stateDirectory,
      'expected a directory of its own at least two levels deep, such as \'/var/lib/fluent-bit\'');
  }
  checkStateDirectoryApart(stateDirectory, [
    ...readOnly.map(p => ({ path: p.path, what: 'the read-only host path' })),
    { path: CONFIG_DIRECTORY, what: 'the read-only configuration directory' },
    { path: SECRETS_DIRECTORY, what: 'the Secrets directory' },
  ]);
}

function checkBuffers(
  limitMiB: number,
  containers: ResolvedContainerLogs,
  journal: ResolvedJournal | undefined,
  buffer: ResolvedBuffer,
): void {
  const parts: BufferPart[] = [{
    property: 'containerLogs.memBufLimitMiB',
    value: containers.memBufLimitMiB,
    mib: containers.memBufLimitMiB,
  }];
  if (journal) {
    parts.push({
      property: 'journal.memBufLimitMiB',
      value: journal.memBufLimitMiB,
      mib: journal.memBufLimitMiB,
    });
  }
  if (containers.multilineParsers.length) {
    parts.push({
      property: 'containerLogs.multilineParsers',
      value: containers.multilineParsers,
      mib: MULTILINE_EMITTER_MIB,
      term: 'the multiline filter emitter',
    });
  }
  if (buffer.filesystem) {
    const chunks = `${buffer.maxChunksUp} chunks of ${CHUNK_MIB} MiB`;
    parts.push({
      property: 'buffer.maxChunksUp',
      value: buffer.maxChunksUp,
      mib: buffer.maxChunksUp * CHUNK_MIB,
      term: `buffer.maxChunksUp (${chunks})`,
      detail: ` (${chunks})`,
    });
    parts.push({
      property: 'buffer.backlogMemLimitMiB',
      value: buffer.backlogMemLimitMiB,
      mib: buffer.backlogMemLimitMiB,
    });
  }
  for (const part of parts) {
    if (part.mib >= limitMiB) {
      const size = `${part.mib} MiB${part.detail ?? ''}`;
      throw invalid(part.property, part.value, `the buffer is ${size}, at or above the memory `
        + `limit of ${limitMiB} MiB: every buffer must stay below it`);
    }
  }
  const total = parts.reduce((sum, part) => sum + part.mib, 0);
  if (total >= limitMiB) {
    const terms = parts.map((part) => `${part.term ?? part.property} ${part.mib}`).join(' + ');
    throw invalid('memoryLimitMiB', limitMiB, `the buffers add up to ${total} MiB (${terms}), `
      + `at or above the memory limit of ${limitMiB} MiB: lower them or raise the memory limit`);
  }
}

/** A buffer that counts against the memory limit, and the property that sizes it. */
interface BufferPart {
  readonly property: string;
  readonly value: unknown;
  readonly mib: number;
  /** How the sum of the buffers names it. @default - its property */
  readonly term?: string;
  /** How its size comes about. @default - nothing */
  readonly detail?: string;
}

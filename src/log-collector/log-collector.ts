import { ApiObject, Chart, Names } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  checkConfiguration, checkLinux, checkNoSurge, checkStateDirectoryIsHarmless, logPathReason,
} from './collector-checks';
import { ConfigHash, ILogEngine, LogEngineConfiguration } from './engine';
import { FluentBitEngine } from './fluent-bit-engine';
import { ContainerRuntime } from './host-paths';
import { LogCollectorProps } from './log-collector-props';
import { renderServiceMonitor } from './service-monitor';
import { AgentVolumeMount } from '../agent-container';
import { AgentNamespace } from '../agent-namespace';
import { fieldEnvValues } from '../field-env';
import { checkAbsolutePath, HostPathMountProps, HostPathType, podVolumeName } from '../host-access';
import { NodeAgent } from '../node-agent';
import { AgentToleration } from '../node-targeting';
import { Capability, memoryLimitMebibytes, resolveResources } from '../pod-hardening';
import { checkDnsLabel, checkLabelKey, invalid } from '../validation';

/** The pod-template annotation that carries the content hash of the configuration. */
export const CONFIG_HASH_ANNOTATION = 'node-agents.cdk8s.io/config-hash';

/**
 * A log agent on every node: it reads every container's log files (and, if asked, the
 * systemd journal) and ships them to the outputs, with its configuration generated from
 * typed props.
 *
 * It composes a `NodeAgent`: log directories read-only at their host paths, a writable state
 * directory of its own, the engine's user with every capability dropped, a read-only root
 * filesystem. The configuration is a ConfigMap whose content hash is a pod-template
 * annotation; a Service (and optionally a ServiceMonitor) exposes the metrics.
 */
export class LogCollector extends Construct {
  /** The agent that runs the engine on every node. */
  public readonly agent: NodeAgent;

  /** The ConfigMap of the engine's configuration files. */
  public readonly configMap: kplus.ConfigMap;

  /** The headless Service of the metrics port. */
  public readonly service: kplus.Service;

  /**
   * The ServiceMonitor (`monitoring.coreos.com/v1`).
   *
   * @default - none unless `serviceMonitor` is given
   */
  public readonly serviceMonitor?: ApiObject;

  /** SHA-256 of the configuration files, the value of the pod-template annotation. */
  public readonly configHash: string;

  /** The host directory of the engine's state, the same path in the container. */
  public readonly stateDirectory: string;

  /** The engine that renders the configuration. */
  public readonly engine: ILogEngine;

  constructor(scope: Construct, id: string, props: LogCollectorProps) {
    super(scope, id);

    this.engine = props.engine ?? new FluentBitEngine();
    checkDnsLabel('engine.name', this.engine.name);
    const name = props.name ?? Names.toDnsLabel(this);
    checkDnsLabel('name', name);
    if (!/^[a-z]/.test(name)) {
      throw invalid('name', name,
        'expected a name that starts with a letter, as the metrics Service\'s must');
    }
    const namespace = props.namespace
      ?? AgentNamespace.fromName(Chart.of(this).namespace ?? 'default');
    checkNoSurge(props.rollout);
    checkLinux(props.operatingSystem);
    for (const key of Object.keys(props.podAnnotations ?? {})) {
      checkLabelKey('podAnnotations', key);
      if (key === CONFIG_HASH_ANNOTATION) {
        throw invalid('podAnnotations', key,
          'the collector sets this annotation to the configuration hash');
      }
    }

    this.stateDirectory = props.stateDirectory
      ?? `/var/lib/${this.engine.name}/${namespace.name}-${name}`;
    checkAbsolutePath('stateDirectory', this.stateDirectory);
    checkStateDirectoryIsHarmless(this.stateDirectory);

    const memoryLimitMiB = memoryLimitMebibytes(resolveResources('resources', props.resources));
    const config = this.engine.render({
      agentName: name,
      namespace: namespace.name,
      containerRuntime: props.containerRuntime ?? ContainerRuntime.CONTAINERD,
      memoryLimitMiB,
      outputs: props.outputs,
      containerLogs: props.containerLogs,
      journal: props.journal,
      kubernetesMetadata: props.kubernetesMetadata,
      buffer: props.buffer,
      stateDirectory: this.stateDirectory,
      metricsPort: props.metricsPort,
    });
    checkConfiguration(this.engine, config, this.stateDirectory);
    this.configHash = ConfigHash.sha256(config.configFiles);

    this.configMap = new kplus.ConfigMap(this, 'Config', {
      metadata: { name: `${name}-config`, namespace: namespace.name },
      data: config.configFiles,
    });
    const metrics = config.ports.find((p) => p.containerPort === props.metricsPort)
      ?? config.ports[0];
    const probe = (path: string) => kplus.Probe.fromHttpGet(path, { port: metrics.containerPort });

    this.agent = new NodeAgent(this, 'Agent', {
      name,
      namespace,
      image: config.image,
      containerName: this.engine.name,
      command: config.command,
      args: config.args,
      envVariables: this.environment(config),
      ports: config.ports.map((p) => ({ number: p.containerPort, name: p.name })),
      hostPaths: this.hostPaths(config),
      mounts: this.mounts(config),
      writableDirectories: [...new Set(['/tmp', ...config.scratchDirectories])]
        .map((path) => ({ path })),
      capabilities: config.runAs.capabilitiesAdd.map((c) => Capability.of(c)),
      readOnlyRootFilesystem: true,
      // The engine's decision. For fluent-bit, uid 0 with no capability: it reads the
      // runtime's root-owned 0640 log files as their owner, where a non-root uid would need
      // DAC_READ_SEARCH in its effective set, which Kubernetes cannot give it.
      runAsRoot: config.runAs.userId === 0,
      runAsUser: config.runAs.userId,
      runAsGroup: config.runAs.groupId,
      resources: props.resources,
      liveness: probe(config.livenessProbePath),
      readiness: probe(config.readinessProbePath),
      imagePullPolicy: props.imagePullPolicy,
      apiAccess: config.rbacRules
        .map((r) => ({ apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs })),
      exposeNodeIdentity: true,
      operatingSystem: props.operatingSystem,
      nodeSelector: props.nodeSelector,
      requiredNodeAffinity: props.requiredNodeAffinity,
      preferredNodeAffinity: props.preferredNodeAffinity,
      tolerations: props.tolerations ?? [AgentToleration.everything()],
      rollout: props.rollout,
      minReadySeconds: props.minReadySeconds,
      revisionHistoryLimit: props.revisionHistoryLimit,
      appName: props.appName,
      component: props.component,
      partOf: props.partOf,
      labels: props.labels,
      priorityClassName: props.priorityClassName,
      terminationGracePeriod: props.terminationGracePeriod,
      podAnnotations: { ...props.podAnnotations, [CONFIG_HASH_ANNOTATION]: this.configHash },
      hostAccessPolicy: props.hostAccessPolicy,
    });
    for (const [key, value] of Object.entries(this.agent.labels)) {
      this.configMap.metadata.addLabel(key, value);
    }

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name, namespace: namespace.name, labels: this.agent.labels },
      clusterIP: 'None',
      ports: [{
        name: metrics.name,
        port: metrics.containerPort,
        targetPort: metrics.containerPort,
      }],
    });
    for (const [key, value] of Object.entries(this.agent.selectorLabels)) {
      this.service.selectLabel(key, value);
    }

    if (props.serviceMonitor) {
      const monitor = renderServiceMonitor(props.serviceMonitor, {
        name,
        namespace: namespace.name,
        labels: this.agent.labels,
        selector: this.agent.selectorLabels,
        portName: metrics.name,
        path: config.metricsPath,
      });
      this.serviceMonitor = new ApiObject(this, 'ServiceMonitor', monitor as any);
    }
  }

  // Credentials reach the process as variables from Secret keys; the configuration names
  // only the variables.
  private environment(config: LogEngineConfiguration): { [name: string]: kplus.EnvValue } {
    const env: { [name: string]: kplus.EnvValue } = {};
    for (const e of config.secretEnv) {
      const secret = this.secret(e.secretName);
      env[e.name] = kplus.EnvValue.fromSecretValue({ secret, key: e.key });
    }
    return { ...env, ...fieldEnvValues(config.fieldEnv) };
  }

  private hostPaths(config: LogEngineConfiguration): HostPathMountProps[] {
    return [
      ...config.hostPaths.map((p) => ({
        path: p.path,
        type: p.type,
        sensitiveReason: logPathReason(this.engine, p.path),
      })),
      {
        path: this.stateDirectory,
        type: HostPathType.DIRECTORY_OR_CREATE,
        writable: true,
        volumeName: 'state',
      },
    ];
  }

  private mounts(config: LogEngineConfiguration): AgentVolumeMount[] {
    const mounts: AgentVolumeMount[] = [{
      path: config.configDirectory,
      volume: kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' }),
      readOnly: true,
    }];
    for (const v of config.secretVolumes) {
      const items: { [key: string]: kplus.PathMapping } = {};
      for (const item of v.items) {
        items[item.key] = { path: item.path };
      }
      // Only the agent's user (root) reads the files.
      const secret = this.secret(v.secretName);
      const volume = kplus.Volume.fromSecret(this, `SecretVolume-${v.secretName}`, secret, {
        name: secretVolumeName(v.secretName),
        items,
        defaultMode: 0o400,
      });
      mounts.push({ path: v.mountPath, volume, readOnly: true });
    }
    return mounts;
  }

  private secret(secretName: string): kplus.ISecret {
    const id = `Secret-${secretName}`;
    return (this.node.tryFindChild(id) as kplus.ISecret | undefined)
      ?? kplus.Secret.fromSecretName(this, id, secretName);
  }
}

/** A pod volume name for a Secret: `secret-` and its name, shortened with a digest past 63. */
function secretVolumeName(secretName: string): string {
  return podVolumeName('secret', secretName.replace(/[^a-z0-9-]+/g, '-'), secretName);
}

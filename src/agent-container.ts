import { JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkAbsolutePath, grantHostPath, HostPathGrant, HostPathMountProps, pathSlug, podVolumeName } from './host-access';
import {
  AgentResources, Capability, checkImage, containerSecurityContext, ResolvedIdentity, resolveResources,
} from './pod-hardening';
import { ContainerAccess } from './pod-security';
import { checkDnsLabel, checkPort, invalid } from './validation';

/** A port of an agent's container. */
export interface AgentPort {
  /** The port number in the container. */
  readonly number: number;

  /**
   * A name for the port, at most 15 characters (an IANA service name).
   *
   * @default - unnamed
   */
  readonly name?: string;

  /**
   * The protocol.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;

  /**
   * Bind the port on the node too. With hostNetwork it always equals `number`.
   *
   * @default - not bound on the node, or `number` with hostNetwork
   */
  readonly hostPort?: number;
}

/** A writable scratch directory, backed by an emptyDir, for a read-only root filesystem. */
export interface WritableDirectory {
  /** The absolute path in the container. */
  readonly path: string;

  /**
   * The most the directory may hold before the pod is evicted.
   *
   * @default Size.mebibytes(64)
   */
  readonly sizeLimit?: Size;
}

/** A mount of a volume that is not a host path (a ConfigMap, a Secret, a projected volume). */
export interface AgentVolumeMount {
  /** The absolute path in the container. */
  readonly path: string;

  /** The volume. Host paths are declared with `hostPaths`, never here. */
  readonly volume: kplus.Volume;

  /**
   * Mount it read-only.
   *
   * @default true
   */
  readonly readOnly?: boolean;

  /**
   * Mount only this path of the volume.
   *
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/**
 * One container of an agent. Every container gets the hardened defaults: all capabilities
 * dropped, no privilege escalation, read-only root filesystem, seccomp `RuntimeDefault`.
 */
export interface AgentContainerProps {
  /** The image, with an explicit tag or digest (`:latest` and bare names are refused). */
  readonly image: string;

  /**
   * The container name.
   *
   * @default 'agent' for the main container; sidecars and init containers must name theirs
   */
  readonly containerName?: string;

  /**
   * The entrypoint.
   *
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments to the entrypoint.
   *
   * @default - the image's arguments
   */
  readonly args?: string[];

  /**
   * Environment variables.
   *
   * @default - none
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };

  /**
   * Ports the container listens on.
   *
   * @default - none
   */
  readonly ports?: AgentPort[];

  /**
   * Host paths the container mounts, read-only unless marked writable.
   *
   * @default - none
   */
  readonly hostPaths?: HostPathMountProps[];

  /**
   * Mounts of other volumes (ConfigMaps, Secrets).
   *
   * @default - none
   */
  readonly mounts?: AgentVolumeMount[];

  /**
   * Writable scratch directories, for a read-only root filesystem.
   *
   * @default - /tmp, 64 MiB
   */
  readonly writableDirectories?: WritableDirectory[];

  /**
   * Capabilities added after dropping ALL.
   *
   * @default - none
   */
  readonly capabilities?: Capability[];

  /**
   * Run privileged: every capability and every device of the node. Asked for by name only.
   *
   * @default false
   */
  readonly privileged?: boolean;

  /**
   * Keep the root filesystem read-only.
   *
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Requests and limits.
   *
   * @default - 50m CPU and 64 MiB memory requested, 256 MiB memory limit, no CPU limit
   */
  readonly resources?: AgentResources;

  /**
   * Liveness probe.
   *
   * @default - none
   */
  readonly liveness?: kplus.Probe;

  /**
   * Readiness probe.
   *
   * @default - none
   */
  readonly readiness?: kplus.Probe;

  /**
   * Startup probe.
   *
   * @default - none
   */
  readonly startup?: kplus.Probe;

  /**
   * Image pull policy.
   *
   * @default kplus.ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
}

/** The pod-wide context a container is built in.
 *
 * @internal
 */
export interface PodContext {
  readonly identity: ResolvedIdentity;
  readonly hostNetwork: boolean;
  readonly extraEnv: { [name: string]: kplus.EnvValue };
}

const SERVICE_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Assembles the containers and volumes of an agent's pod, keeping the bookkeeping that the
 * API would otherwise reject late: one volume per name, one mount per container path, one
 * binding per host port.
 *
 * @internal
 */
export class PodAssembly {
  public readonly grants: HostPathGrant[] = [];
  public readonly containers: ContainerAccess[] = [];
  /**
   * Patches of fields newer than the Kubernetes 1.28 schema of cdk8s-plus-28, whose
   * conversion would drop them: they are applied to the rendered object (see NodeAgent).
   */
  public readonly latePatches: JsonPatch[] = [];

  private readonly volumes = new Map<string, { volume: kplus.Volume; signature: string }>();
  private readonly containerNames = new Set<string>();
  private readonly hostPorts = new Map<string, string>();
  private appContainers = 0;
  private initContainers = 0;

  constructor(
    private readonly scope: Construct,
    private readonly daemonSet: kplus.DaemonSet,
    private readonly context: PodContext,
  ) {}

  /** Adds a container; returns the plus container as an escape hatch. */
  public add(where: string, props: AgentContainerProps, init: boolean, defaultName?: string): kplus.Container {
    // The main container's props sit at the top level of the agent's props.
    const property = where === '' ? '' : `${where}.`;
    const name = props.containerName ?? defaultName;
    if (name === undefined) {
      throw invalid(`${property}containerName`, name, 'expected a name for each sidecar and init container');
    }
    checkDnsLabel(`${property}containerName`, name);
    if (this.containerNames.has(name)) {
      throw invalid(`${property}containerName`, name, 'expected a name that no other container of the agent has');
    }
    this.containerNames.add(name);
    checkImage(`${property}image`, props.image);

    const privileged = props.privileged ?? false;
    const capabilities = dedupe(props.capabilities ?? []);
    const readOnlyRootFilesystem = props.readOnlyRootFilesystem ?? true;
    const ports = (props.ports ?? []).map((port, i) => this.resolvePort(`${property}ports[${i}]`, port, name));

    const containerProps: kplus.ContainerProps = {
      name,
      image: props.image,
      command: props.command,
      args: props.args,
      envVariables: { ...this.context.extraEnv, ...props.envVariables },
      ports,
      imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.IF_NOT_PRESENT,
      resources: resolveResources(`${property}resources`, props.resources),
      securityContext: containerSecurityContext(this.context.identity, privileged, capabilities, readOnlyRootFilesystem),
      liveness: props.liveness,
      readiness: props.readiness,
      startup: props.startup,
    };
    const container = init ? this.daemonSet.addInitContainer(containerProps) : this.daemonSet.addContainer(containerProps);
    const containerIndex = init ? this.initContainers++ : this.appContainers++;
    const listPath = init ? 'initContainers' : 'containers';

    const mountPaths = new Map<string, string>();
    const claim = (at: string, path: string, what: string) => {
      checkAbsolutePath(at, path);
      const previous = mountPaths.get(path);
      if (previous) {
        throw invalid(at, path, `container '${name}' already mounts ${previous} there; use another path`);
      }
      mountPaths.set(path, what);
    };
    let mountIndex = 0;

    (props.hostPaths ?? []).forEach((hostPath, i) => {
      const at = `${property}hostPaths[${i}]`;
      const grant = grantHostPath(at, hostPath, name, privileged);
      claim(`${at}.mountPath`, grant.mountPath, `host path ${grant.path}`);
      const volume = this.hostVolume(at, grant);
      container.mount(grant.mountPath, volume, { readOnly: grant.readOnly, propagation: grant.propagation });
      if (grant.recursiveReadOnly) {
        this.latePatches.push(JsonPatch.add(
          `/spec/template/spec/${listPath}/${containerIndex}/volumeMounts/${mountIndex}/recursiveReadOnly`,
          grant.recursiveReadOnly));
      }
      mountIndex++;
      this.grants.push(grant);
    });

    const writable = props.writableDirectories ?? [{ path: '/tmp' }];
    writable.forEach((dir, i) => {
      const at = `${property}writableDirectories[${i}].path`;
      claim(at, dir.path, 'a writable directory');
      const volumeName = podVolumeName(name, pathSlug(dir.path), `${name}:${dir.path}`);
      const signature = `emptyDir:${name}:${dir.path}`;
      this.checkVolumeName(at, dir.path, volumeName, signature, 'rename the other volume');
      const volume = kplus.Volume.fromEmptyDir(this.scope, `EmptyDir-${volumeName}`, volumeName, {
        sizeLimit: dir.sizeLimit ?? Size.mebibytes(64),
      });
      this.volumes.set(volumeName, { volume, signature });
      container.mount(dir.path, volume, { readOnly: false });
      mountIndex++;
    });

    (props.mounts ?? []).forEach((mount, i) => {
      const at = `${property}mounts[${i}]`;
      const kube = mount.volume._toKube();
      if (kube.hostPath) {
        throw invalid(`${at}.volume`, kube.name, 'host paths are declared with hostPaths, which checks and records them');
      }
      claim(`${at}.path`, mount.path, `volume ${kube.name}`);
      // A volume object may be mounted by several containers; another object of the same
      // name would clash in the pod spec.
      const signature = `volume:${mount.volume.node.path}`;
      const hint = 'give one of them another name';
      if (!this.checkVolumeName(`${at}.volume`, kube.name, kube.name, signature, hint)) {
        this.volumes.set(kube.name, { volume: mount.volume, signature });
      }
      container.mount(mount.path, mount.volume, { readOnly: mount.readOnly ?? true, subPath: mount.subPath });
      mountIndex++;
    });

    this.containers.push({
      name,
      init,
      image: props.image,
      privileged,
      capabilities: capabilities.map((c) => c.name),
      runAsUser: this.context.identity.user,
      runAsGroup: this.context.identity.group,
      allowPrivilegeEscalation: privileged,
      readOnlyRootFilesystem,
      hostPorts: ports.filter((p) => p.hostPort !== undefined).map((p) => p.hostPort!),
    });
    return container;
  }

  private resolvePort(property: string, port: AgentPort, container: string): kplus.ContainerPort {
    checkPort(`${property}.number`, port.number);
    if (port.name !== undefined && (port.name.length > 15 || !SERVICE_NAME.test(port.name)
      || !/[a-z]/.test(port.name) || port.name.includes('--'))) {
      throw invalid(`${property}.name`, port.name,
        'expected an IANA service name: at most 15 lower-case letters, digits and single \'-\', with a letter');
    }
    let hostPort = port.hostPort;
    if (hostPort !== undefined) {
      checkPort(`${property}.hostPort`, hostPort);
    }
    if (this.context.hostNetwork) {
      if (hostPort !== undefined && hostPort !== port.number) {
        throw invalid(`${property}.hostPort`, hostPort,
          `with hostNetwork the host port is the container port, ${port.number}`);
      }
      hostPort = port.number;
    }
    const protocol = port.protocol ?? kplus.Protocol.TCP;
    if (hostPort !== undefined) {
      const key = `${hostPort}/${protocol}`;
      const owner = this.hostPorts.get(key);
      if (owner) {
        throw invalid(`${property}.hostPort`, hostPort, `container '${owner}' already binds ${key} on the node`);
      }
      this.hostPorts.set(key, container);
    }
    return { number: port.number, name: port.name, protocol, hostPort };
  }

  private hostVolume(property: string, grant: HostPathGrant): kplus.Volume {
    const signature = `hostPath:${grant.path}:${grant.type}`;
    const name = grant.volumeName;
    const known = this.checkVolumeName(`${property}.volumeName`, name, name, signature,
      'give this one another volumeName');
    if (known) {
      return known;
    }
    const volume = kplus.Volume.fromHostPath(this.scope, `HostPath-${grant.volumeName}`, grant.volumeName, {
      path: grant.path,
      type: grant.type as unknown as kplus.HostPathVolumeType,
    });
    this.volumes.set(grant.volumeName, { volume, signature });
    return volume;
  }

  /**
   * Refuses a volume name that a different volume of the agent already has, before any
   * construct is created under it. Returns the volume already registered for the same
   * signature, so that containers share it.
   */
  private checkVolumeName(
    property: string, value: string, name: string, signature: string, hint: string,
  ): kplus.Volume | undefined {
    const known = this.volumes.get(name);
    if (known === undefined) {
      return undefined;
    }
    if (known.signature !== signature) {
      throw invalid(property, value,
        `another volume of the agent is already named '${name}' (${known.signature}); ${hint}`);
    }
    return known.volume;
  }
}

function dedupe(capabilities: Capability[]): Capability[] {
  const seen = new Map<string, Capability>();
  for (const c of capabilities) {
    seen.set(c.name, c);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

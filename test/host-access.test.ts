import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  HostPathType, isWithin, NodeAgent, REASON_ANNOTATION_PREFIX, RecursiveReadOnly, SensitiveHostPaths,
  WRITE_REASON_ANNOTATION_PREFIX,
} from '../src';
import { hostVolumeName } from '../src/host-access';
import { build, containerNamed, IMAGE, literal, mountAt, renderAgent, volumeNamed } from './support/agent';
import { podSpec, synth, testChart } from './support/synth';

describe('a declared host path', () => {
  test('is mounted read-only unless asked otherwise', () => {
    // GIVEN / WHEN
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log' }] });

    // THEN
    const mount = mountAt(containerNamed(spec, 'agent'), '/var/log');
    expect(mount.readOnly).toBe(true);
    expect(mount.name).toBe('host-var-log');
  });

  test('is mounted writable when asked for', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/lib/agent', writable: true }] });

    expect(mountAt(containerNamed(spec, 'agent'), '/var/lib/agent').readOnly).toBe(false);
  });

  test('gets the explicit hostPath type Directory when none is given', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log' }] });

    expect(volumeNamed(spec, 'host-var-log').hostPath).toEqual({ path: '/var/log', type: 'Directory' });
  });

  test.each(Object.values(HostPathType))('emits the type %s as asked for', (type) => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/opt/thing', type }] });

    expect(volumeNamed(spec, 'host-opt-thing').hostPath.type).toBe(type);
  });

  test('uses a creating type only when asked for', () => {
    // GIVEN a directory and a file, neither with a type
    const { spec } = renderAgent({ hostPaths: [{ path: '/opt/a' }, { path: '/opt/b', type: HostPathType.FILE }] });

    // THEN neither is created by the kubelet
    const types = spec.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.type);
    expect(types).toEqual(['Directory', 'File']);
  });

  test('is mounted at its own path unless mountPath is given', () => {
    const { spec } = renderAgent({
      hostPaths: [{ path: '/var/log' }, { path: '/opt/data', mountPath: '/host/data' }],
    });

    const container = containerNamed(spec, 'agent');
    expect(mountAt(container, '/var/log').name).toBe('host-var-log');
    expect(mountAt(container, '/host/data').name).toBe('host-opt-data');
    expect(volumeNamed(spec, 'host-opt-data').hostPath.path).toBe('/opt/data');
  });

  test('uses the volume name given', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log', volumeName: 'logs' }] });

    expect(volumeNamed(spec, 'logs').hostPath.path).toBe('/var/log');
    expect(mountAt(containerNamed(spec, 'agent'), '/var/log').name).toBe('logs');
  });
});

describe('host path shape', () => {
  test.each([
    ['a relative path', 'var/log', "it must start with '/'"],
    ['a .. segment', '/var/log/../../etc', "it must not contain '.' or '..' segments"],
    ['a . segment', '/var/./log', "it must not contain '.' or '..' segments"],
    ['a //', '/var//log', "it must not contain '//'"],
    ['a trailing slash', '/var/log/', "it must not end with '/'"],
    ['an empty path', '', 'it is empty'],
    ['a control character', '/var/log\n', 'it must not contain control characters'],
  ])('refuses %s', (_what, path, problem) => {
    expect(() => build({ hostPaths: [{ path }] })).toThrow(
      literal(`hostPaths[0].path: received '${path}'; `
        + `expected an absolute, normal path (${problem})`));
  });

  test('refuses a relative mountPath', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', mountPath: 'logs' }] })).toThrow(
      literal("hostPaths[0].mountPath: received 'logs'; expected an absolute, normal path"));
  });

  test('refuses a mountPath with a colon', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', mountPath: '/logs:ro' }] })).toThrow(
      literal("hostPaths[0].mountPath: received '/logs:ro'; expected a path without ':'"));
  });

  test('names the container whose host path is wrong', () => {
    expect(() => build({
      sidecars: [{ containerName: 'proxy', image: IMAGE, hostPaths: [{ path: '/ok' }, { path: 'bad' }] }],
    })).toThrow(literal("sidecars[0].hostPaths[1].path: received 'bad'"));
  });

  test('refuses an unknown hostPath type', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', type: 'Dir' as HostPathType }] })).toThrow(
      literal("hostPaths[0].type: received 'Dir'; expected one of Directory, DirectoryOrCreate, File"));
  });

  test('refuses a volume name that is not a DNS label', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', volumeName: 'Logs_1' }] })).toThrow(
      literal("hostPaths[0].volumeName: received 'Logs_1'; expected an RFC 1123 label"));
  });

  test('derives a short, stable volume name from a long path', () => {
    // GIVEN a path whose slug is longer than a DNS label
    const path = `/opt/${'very-long-directory-name/'.repeat(4)}end`;

    // WHEN
    const name = hostVolumeName(path);

    // THEN
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^host-opt-very-long-directory-name-.*-[0-9a-f]{8}$/);
    expect(hostVolumeName(path)).toBe(name);
    expect(hostVolumeName(`${path}2`)).not.toBe(name);
  });

  test('names the node root volume host-root', () => {
    expect(hostVolumeName('/')).toBe('host-root');
  });
});

// The paths issue 2 names as sensitive. The ones that hold a runtime socket need the
// stronger acknowledgement too, since a read-only mount does not stop connect().
const SENSITIVE = ['/etc', '/proc', '/sys', '/dev', '/boot', '/lib', '/usr', '/root', '/home',
  '/var/lib/kubelet', '/var/lib/docker'];
const HOLDING_SOCKETS = ['/', '/var/run', '/run'];
const SOCKETS = SensitiveHostPaths.RUNTIME_SOCKETS;

describe('sensitive host paths', () => {
  test.each([...SENSITIVE, ...HOLDING_SOCKETS, ...SOCKETS])('refuses %s without a reason', (path) => {
    expect(() => build({ hostPaths: [{ path }] })).toThrow(
      literal(`hostPaths[0].path: received '${path}'; this host path is sensitive`));
  });

  test.each(SENSITIVE)('accepts %s with a reason, carried as a pod-template annotation', (path) => {
    // GIVEN / WHEN
    const { spec, template, agent } = renderAgent({ hostPaths: [{ path, sensitiveReason: 'reads node state' }] });

    // THEN
    const volumeName = hostVolumeName(path);
    expect(volumeNamed(spec, volumeName).hostPath.path).toBe(path);
    expect(template.annotations[`${REASON_ANNOTATION_PREFIX}${volumeName}`]).toBe('reads node state');
    expect(agent.hostAccess.hostPaths[0].sensitive).toBe(true);
  });

  test.each([...HOLDING_SOCKETS, ...SOCKETS])('asks a writable-strength reason for %s, which reaches a runtime socket',
    (path) => {
      expect(() => build({ hostPaths: [{ path, sensitiveReason: 'reads node state' }] })).toThrow(
        literal(`hostPaths[0].path: received '${path}'; this mount reaches a container-runtime socket`));
    });

  test.each([...HOLDING_SOCKETS, ...SOCKETS])('accepts %s with both reasons, both carried as annotations', (path) => {
    const type = SOCKETS.includes(path) ? HostPathType.SOCKET : HostPathType.DIRECTORY;
    const { template, agent } = renderAgent({
      hostPaths: [{ path, type, sensitiveReason: 'inspects containers', writableSensitiveReason: 'talks to the runtime' }],
    });

    const volumeName = hostVolumeName(path);
    expect(template.annotations[`${REASON_ANNOTATION_PREFIX}${volumeName}`]).toBe('inspects containers');
    expect(template.annotations[`${WRITE_REASON_ANNOTATION_PREFIX}${volumeName}`]).toBe('talks to the runtime');
    expect(agent.hostAccess.hostPaths[0].reachesRuntimeSocket).toBe(true);
  });

  test.each(['/etc/kubernetes', '/proc/1/root', '/sys/fs/cgroup', '/dev/kmsg', '/var/lib/kubelet/pods',
    '/var/lib/docker/containers', '/usr/lib/modules', '/root/.ssh', '/home/admin'])(
    'refuses %s, inside a sensitive directory', (path) => {
      expect(() => build({ hostPaths: [{ path }] })).toThrow(literal(`received '${path}'; this host path is sensitive`));
    });

  test.each(['/var', '/var/lib'])('refuses %s, which contains a sensitive directory', (path) => {
    expect(() => build({ hostPaths: [{ path }] })).toThrow(literal(`received '${path}'; this host path is sensitive`));
  });

  test('matches whole path segments: /var/logx is not /var/log, /etcd is not /etc', () => {
    expect(isWithin('/var/logx', '/var/log')).toBe(false);
    expect(isWithin('/var/log/pods', '/var/log')).toBe(true);
    expect(SensitiveHostPaths.isSensitive('/etcd')).toBe(false);
    expect(SensitiveHostPaths.isSensitive('/var/lib/kubelet-plugins')).toBe(false);
    expect(SensitiveHostPaths.isSensitive('/var/lib/kubelet/plugins')).toBe(true);
  });

  test('passes /var/log and /var/logx without a reason', () => {
    const { spec, template } = renderAgent({ hostPaths: [{ path: '/var/log' }, { path: '/var/logx' }] });

    expect(volumeNamed(spec, 'host-var-log').hostPath.path).toBe('/var/log');
    expect(volumeNamed(spec, 'host-var-logx').hostPath.path).toBe('/var/logx');
    expect(Object.keys(template.annotations ?? {}).filter((k) => k.startsWith(REASON_ANNOTATION_PREFIX)))
      .toEqual([]);
  });

  test.each(['/etc/machine-id', '/etc/os-release', '/usr/share/zoneinfo/Europe'])(
    'passes the harmless %s read-only without a reason', (path) => {
      const { agent } = renderAgent({ hostPaths: [{ path, type: HostPathType.FILE }] });

      expect(agent.hostAccess.hostPaths[0].sensitive).toBe(false);
    });

  test('asks a reason to write a harmless file inside a sensitive directory', () => {
    expect(() => build({ hostPaths: [{ path: '/etc/machine-id', type: HostPathType.FILE, writable: true }] }))
      .toThrow(literal("hostPaths[0].path: received '/etc/machine-id'; this host path is sensitive"));
  });

  test('asks writableSensitiveReason to write a harmless file inside a sensitive directory', () => {
    expect(() => build({
      hostPaths: [{ path: '/etc/machine-id', type: HostPathType.FILE, writable: true, sensitiveReason: 'sets the id' }],
    })).toThrow(literal("hostPaths[0].writable: received true; writing the sensitive host path '/etc/machine-id'"));
  });

  test('asks writableSensitiveReason to write a sensitive path', () => {
    expect(() => build({ hostPaths: [{ path: '/etc/cni/net.d', writable: true, sensitiveReason: 'installs CNI config' }] }))
      .toThrow(literal("hostPaths[0].writable: received true; writing the sensitive host path '/etc/cni/net.d' "
        + 'needs writableSensitiveReason'));
  });

  test('accepts a writable sensitive path with both reasons', () => {
    const { spec, template } = renderAgent({
      hostPaths: [{
        path: '/etc/cni/net.d',
        writable: true,
        sensitiveReason: 'installs CNI config',
        writableSensitiveReason: 'writes the CNI config file',
      }],
    });

    expect(mountAt(containerNamed(spec, 'agent'), '/etc/cni/net.d').readOnly).toBe(false);
    expect(template.annotations[`${WRITE_REASON_ANNOTATION_PREFIX}host-etc-cni-net-d`]).toBe('writes the CNI config file');
  });

  test('refuses a blank reason', () => {
    expect(() => build({ hostPaths: [{ path: '/etc', sensitiveReason: '  ' }] })).toThrow(
      literal("hostPaths[0].sensitiveReason: received '  '; expected a sentence that says why"));
  });

  test('refuses a reason on a path that is not sensitive', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', sensitiveReason: 'just because' }] })).toThrow(
      literal("hostPaths[0].sensitiveReason: received 'just because'; '/var/log' is not a sensitive path"));
  });

  test('names writableSensitiveReason when that is the reason given to a path that is not sensitive', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', writable: true, writableSensitiveReason: 'rotates logs' }] }))
      .toThrow(literal("hostPaths[0].writableSensitiveReason: received 'rotates logs'; '/var/log' is not a sensitive path"));
  });
});

describe('mount propagation', () => {
  test('is None by default', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log' }] });

    expect(mountAt(containerNamed(spec, 'agent'), '/var/log').mountPropagation).toBe('None');
  });

  test('accepts HostToContainer', () => {
    const { spec } = renderAgent({
      hostPaths: [{ path: '/mnt/disks', propagation: kplus.MountPropagation.HOST_TO_CONTAINER }],
    });

    expect(mountAt(containerNamed(spec, 'agent'), '/mnt/disks').mountPropagation).toBe('HostToContainer');
  });

  test('refuses Bidirectional for a container that is not privileged', () => {
    expect(() => build({ hostPaths: [{ path: '/mnt/disks', propagation: kplus.MountPropagation.BIDIRECTIONAL }] }))
      .toThrow(literal("hostPaths[0].propagation: received 'Bidirectional'; Bidirectional propagation is accepted "
        + 'only for a privileged container'));
  });

  test('accepts Bidirectional for a privileged container', () => {
    const { spec } = renderAgent({
      privileged: true,
      hostPaths: [{ path: '/mnt/disks', propagation: kplus.MountPropagation.BIDIRECTIONAL }],
    });

    expect(mountAt(containerNamed(spec, 'agent'), '/mnt/disks').mountPropagation).toBe('Bidirectional');
  });

  test('judges Bidirectional by the container that mounts it, not by another privileged one', () => {
    expect(() => build({
      privileged: true,
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [{ path: '/mnt/disks', propagation: kplus.MountPropagation.BIDIRECTIONAL }],
      }],
    })).toThrow(literal("sidecars[0].hostPaths[0].propagation: received 'Bidirectional'"));
  });
});

describe('recursive read-only mounts', () => {
  test('reach the synthesized YAML, past the conversion of cdk8s-plus-28', () => {
    // GIVEN
    const app = new App();
    const chart = new Chart(app, 'test');
    new NodeAgent(chart, 'agent', {
      image: IMAGE,
      hostPaths: [{ path: '/var/log' }, { path: '/var/lib/agent', recursiveReadOnly: RecursiveReadOnly.ENABLED }],
    });

    // WHEN
    const yaml = app.synthYaml();

    // THEN the field sits on the mount it was asked for, and only there
    expect(yaml.match(/recursiveReadOnly/g)).toHaveLength(1);
    expect(yaml).toMatch(/- mountPath: \/var\/lib\/agent\n\s+mountPropagation: None\n\s+name: host-var-lib-agent\n\s+readOnly: true\n\s+recursiveReadOnly: Enabled\n/);
  });

  test('sit on the right mount of a sidecar and of an init container', () => {
    const { spec } = renderAgent({
      initContainers: [{
        containerName: 'setup',
        image: IMAGE,
        hostPaths: [{ path: '/opt/a' }, { path: '/opt/b', recursiveReadOnly: RecursiveReadOnly.IF_POSSIBLE }],
      }],
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [{ path: '/opt/c' }, { path: '/opt/d', recursiveReadOnly: RecursiveReadOnly.ENABLED }],
      }],
    });

    expect(mountAt(containerNamed(spec, 'setup'), '/opt/a').recursiveReadOnly).toBeUndefined();
    expect(mountAt(containerNamed(spec, 'setup'), '/opt/b').recursiveReadOnly).toBe('IfPossible');
    expect(mountAt(containerNamed(spec, 'helper'), '/opt/c').recursiveReadOnly).toBeUndefined();
    expect(mountAt(containerNamed(spec, 'helper'), '/opt/d').recursiveReadOnly).toBe('Enabled');
    expect(containerNamed(spec, 'agent').volumeMounts.map((m: any) => m.recursiveReadOnly)).toEqual([undefined]);
  });

  test('refuse a writable mount', () => {
    expect(() => build({ hostPaths: [{ path: '/opt/a', writable: true, recursiveReadOnly: RecursiveReadOnly.ENABLED }] }))
      .toThrow(literal("hostPaths[0].recursiveReadOnly: received 'Enabled'; a recursive read-only mount cannot be writable"));
  });

  test('refuse a propagation other than None', () => {
    expect(() => build({
      hostPaths: [{
        path: '/opt/a',
        recursiveReadOnly: RecursiveReadOnly.IF_POSSIBLE,
        propagation: kplus.MountPropagation.HOST_TO_CONTAINER,
      }],
    })).toThrow(literal("hostPaths[0].recursiveReadOnly: received 'IfPossible'; a recursive read-only mount needs "
      + 'propagation None, not HostToContainer'));
  });
});

describe('volumes and mount points', () => {
  test('refuse two mounts at one container path', () => {
    expect(() => build({ hostPaths: [{ path: '/opt/a', mountPath: '/data' }, { path: '/opt/b', mountPath: '/data' }] }))
      .toThrow(literal("hostPaths[1].mountPath: received '/data'; container 'agent' already mounts host path /opt/a there"));
  });

  test('refuse a host path mounted where the writable /tmp is', () => {
    expect(() => build({ hostPaths: [{ path: '/opt/a', mountPath: '/tmp' }] })).toThrow(
      literal("writableDirectories[0].path: received '/tmp'; container 'agent' already mounts host path /opt/a there"));
  });

  test('refuse two volumes of one given name', () => {
    expect(() => build({ hostPaths: [{ path: '/opt/a', volumeName: 'data' }, { path: '/opt/b', volumeName: 'data' }] }))
      .toThrow(literal("hostPaths[1].volumeName: received 'data'; another volume of the agent is already named 'data'"));
  });

  test('refuse two host paths whose derived volume names are the same', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log' }, { path: '/var-log' }] })).toThrow(
      literal("hostPaths[1].volumeName: received 'host-var-log'; another volume of the agent is already named 'host-var-log'"));
  });

  test('refuse a host path volume named like a writable directory volume', () => {
    expect(() => build({ hostPaths: [{ path: '/opt/a', volumeName: 'agent-tmp' }] })).toThrow(
      literal("writableDirectories[0].path: received '/tmp'; another volume of the agent is already named 'agent-tmp'"));
  });

  test('refuse two writable directories of two containers whose volume names are the same', () => {
    expect(() => build({
      containerName: 'a',
      writableDirectories: [{ path: '/b-c' }],
      sidecars: [{ containerName: 'a-b', image: IMAGE, writableDirectories: [{ path: '/c' }] }],
    })).toThrow(literal("sidecars[0].writableDirectories[0].path: received '/c'; another volume of the agent "
      + "is already named 'a-b-c'"));
  });

  test('refuse a mounted volume named like a host path volume', () => {
    // GIVEN a ConfigMap volume that happens to have a host path volume's name
    const chart = testChart();
    const config = new kplus.ConfigMap(chart, 'Config', { data: { key: 'value' } });
    const volume = kplus.Volume.fromConfigMap(chart, 'ConfigVolume', config, { name: 'host-var-log' });

    // WHEN / THEN the agent refuses it at once, naming the mount
    expect(() => new NodeAgent(chart, 'agent', {
      image: IMAGE, hostPaths: [{ path: '/var/log' }], mounts: [{ path: '/config', volume }],
    })).toThrow(literal("mounts[0].volume: received 'host-var-log'; another volume of the agent is already named"));
  });

  test('share one mounted volume between two containers', () => {
    const chart = testChart();
    const config = new kplus.ConfigMap(chart, 'Config', { data: { key: 'value' } });
    const volume = kplus.Volume.fromConfigMap(chart, 'ConfigVolume', config, { name: 'config' });
    new NodeAgent(chart, 'agent', {
      image: IMAGE,
      mounts: [{ path: '/config', volume }],
      sidecars: [{ containerName: 'helper', image: IMAGE, mounts: [{ path: '/etc/helper', volume }] }],
    });

    const spec = podSpec(synth(chart));
    expect(spec.volumes.filter((v: any) => v.name === 'config')).toHaveLength(1);
    expect(mountAt(containerNamed(spec, 'agent'), '/config')).toEqual({ mountPath: '/config', name: 'config', readOnly: true });
    expect(mountAt(containerNamed(spec, 'helper'), '/etc/helper').name).toBe('config');
  });

  test('share one volume for the same host path in two containers', () => {
    const { spec } = renderAgent({
      hostPaths: [{ path: '/var/log' }],
      sidecars: [{ containerName: 'helper', image: IMAGE, hostPaths: [{ path: '/var/log', mountPath: '/logs' }] }],
    });

    expect(spec.volumes.filter((v: any) => v.hostPath)).toEqual([
      { name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } },
    ]);
    expect(mountAt(containerNamed(spec, 'agent'), '/var/log').name).toBe('host-var-log');
    expect(mountAt(containerNamed(spec, 'helper'), '/logs').name).toBe('host-var-log');
  });

  test('refuse the same host path with two types', () => {
    expect(() => build({
      hostPaths: [{ path: '/var/log' }],
      sidecars: [{ containerName: 'helper', image: IMAGE, hostPaths: [{ path: '/var/log', type: HostPathType.DIRECTORY_OR_CREATE }] }],
    })).toThrow(literal("sidecars[0].hostPaths[0].volumeName: received 'host-var-log'; another volume of the agent "
      + "is already named 'host-var-log' (hostPath:/var/log:Directory)"));
  });

  test('refuse a host path volume passed as a plain mount', () => {
    const chart = testChart();
    const volume = kplus.Volume.fromHostPath(chart, 'Raw', 'raw', { path: '/etc' });

    expect(() => new NodeAgent(chart, 'agent', { image: IMAGE, mounts: [{ path: '/host-etc', volume }] })).toThrow(
      literal("mounts[0].volume: received 'raw'; host paths are declared with hostPaths"));
  });
});

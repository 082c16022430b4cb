import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  HostPathType, isWithin, NodeAgent, REASON_ANNOTATION_PREFIX, RecursiveReadOnly,
  SensitiveHostPaths, WRITE_REASON_ANNOTATION_PREFIX,
} from '../src';
import { hostVolumeName } from '../src/host-access';
import {
  build, containerNamed, IMAGE, literal, mainMount, mountAt, renderAgent, volumeNamed,
} from './support/agent';
import { podSpec, synth, testChart } from './support/synth';

const BIDIRECTIONAL = kplus.MountPropagation.BIDIRECTIONAL;
const HOST_TO_CONTAINER = kplus.MountPropagation.HOST_TO_CONTAINER;

describe('a declared host path', () => {
  test('is mounted read-only unless asked otherwise', () => {
    // GIVEN / WHEN
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log' }] });

    // THEN
    const mount = mainMount(spec, '/var/log');
    expect(mount.readOnly).toBe(true);
    expect(mount.name).toBe('host-var-log');
  });

  test('is mounted writable when asked for', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/lib/agent', writable: true }] });

    expect(mainMount(spec, '/var/lib/agent').readOnly).toBe(false);
  });

  test('gets the explicit hostPath type Directory when none is given', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log' }] });

    expect(volumeNamed(spec, 'host-var-log').hostPath)
      .toEqual({ path: '/var/log', type: 'Directory' });
  });

  test.each(Object.values(HostPathType))('emits the type %s as asked for', (type) => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/opt/thing', type }] });

    expect(volumeNamed(spec, 'host-opt-thing').hostPath.type).toBe(type);
  });

  test('uses a creating type only when asked for', () => {
    // GIVEN a directory without a type and a file
    const { spec } = renderAgent({
      hostPaths: [{ path: '/opt/a' }, { path: '/opt/b', type: HostPathType.FILE }],
    });

    // THEN the kubelet creates neither
    const types = spec.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.type);
    expect(types).toEqual(['Directory', 'File']);
  });

  test('is mounted at its own path unless mountPath is given', () => {
    const { spec } = renderAgent({
      hostPaths: [{ path: '/var/log' }, { path: '/opt/data', mountPath: '/host/data' }],
    });

    expect(mainMount(spec, '/var/log').name).toBe('host-var-log');
    expect(mainMount(spec, '/host/data').name).toBe('host-opt-data');
    expect(volumeNamed(spec, 'host-opt-data').hostPath.path).toBe('/opt/data');
  });

  test('uses the volume name given', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log', volumeName: 'logs' }] });

    expect(volumeNamed(spec, 'logs').hostPath.path).toBe('/var/log');
    expect(mainMount(spec, '/var/log').name).toBe('logs');
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
    // The message shows a control character escaped, so that it stays on one line.
    const shown = path.replace('\n', '\\n');
    expect(() => build({ hostPaths: [{ path }] })).toThrow(literal(
      `hostPaths[0].path: received '${shown}'; expected an absolute, normal path (${problem})`));
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
      sidecars: [{
        containerName: 'proxy',
        image: IMAGE,
        hostPaths: [{ path: '/ok' }, { path: 'bad' }],
      }],
    })).toThrow(literal("sidecars[0].hostPaths[1].path: received 'bad'"));
  });

  test('refuses an unknown hostPath type', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', type: 'Dir' as HostPathType }] }))
      .toThrow(literal(
        "hostPaths[0].type: received 'Dir'; expected one of Directory, DirectoryOrCreate, File"));
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

// The paths issue 2 names as sensitive. Those that hold a runtime socket need the stronger
// acknowledgement too, since a read-only mount does not stop connect().
const SENSITIVE = ['/etc', '/proc', '/sys', '/dev', '/boot', '/lib', '/usr', '/root', '/home',
  '/var/lib/kubelet', '/var/lib/docker'];
const HOLDING_SOCKETS = ['/', '/var/run', '/run'];
const SOCKETS = SensitiveHostPaths.RUNTIME_SOCKETS;

function reasonOf(template: any, volumeName: string): string | undefined {
  return template.annotations?.[`${REASON_ANNOTATION_PREFIX}${volumeName}`];
}

function writeReasonOf(template: any, volumeName: string): string | undefined {
  return template.annotations?.[`${WRITE_REASON_ANNOTATION_PREFIX}${volumeName}`];
}

describe('sensitive host paths', () => {
  test.each([...SENSITIVE, ...HOLDING_SOCKETS, ...SOCKETS])(
    'refuse %s without a reason', (path) => {
      expect(() => build({ hostPaths: [{ path }] })).toThrow(
        literal(`hostPaths[0].path: received '${path}'; this host path is sensitive`));
    });

  test.each(SENSITIVE)('accept %s with a reason, carried as a pod-template annotation', (path) => {
    // GIVEN / WHEN
    const { spec, template, agent } = renderAgent({
      hostPaths: [{ path, sensitiveReason: 'reads node state' }],
    });

    // THEN
    const volumeName = hostVolumeName(path);
    expect(volumeNamed(spec, volumeName).hostPath.path).toBe(path);
    expect(reasonOf(template, volumeName)).toBe('reads node state');
    expect(agent.hostAccess.hostPaths[0].sensitive).toBe(true);
  });

  test.each([...HOLDING_SOCKETS, ...SOCKETS])(
    'ask the writable-strength reason for %s, which reaches a runtime socket', (path) => {
      expect(() => build({ hostPaths: [{ path, sensitiveReason: 'reads node state' }] }))
        .toThrow(literal(
          `hostPaths[0].path: received '${path}'; this mount reaches a container-runtime socket`));
    });

  test.each([...HOLDING_SOCKETS, ...SOCKETS])(
    'accept %s with both reasons, both carried as annotations', (path) => {
      const type = SOCKETS.includes(path) ? HostPathType.SOCKET : HostPathType.DIRECTORY;
      const { template, agent } = renderAgent({
        hostPaths: [{
          path,
          type,
          sensitiveReason: 'inspects containers',
          writableSensitiveReason: 'talks to the runtime',
        }],
      });

      const volumeName = hostVolumeName(path);
      expect(reasonOf(template, volumeName)).toBe('inspects containers');
      expect(writeReasonOf(template, volumeName)).toBe('talks to the runtime');
      expect(agent.hostAccess.hostPaths[0].reachesRuntimeSocket).toBe(true);
    });

  test.each(['/etc/kubernetes', '/proc/1/root', '/sys/fs/cgroup', '/dev/kmsg',
    '/var/lib/kubelet/pods', '/var/lib/docker/containers', '/usr/lib/modules', '/root/.ssh',
    '/home/admin'])('refuse %s, inside a sensitive directory', (path) => {
    expect(() => build({ hostPaths: [{ path }] }))
      .toThrow(literal(`received '${path}'; this host path is sensitive`));
  });

  test.each(['/var', '/var/lib'])('refuse %s, which contains a sensitive directory', (path) => {
    expect(() => build({ hostPaths: [{ path }] }))
      .toThrow(literal(`received '${path}'; this host path is sensitive`));
  });

  test('match whole path segments: /var/logx is not /var/log, /etcd is not /etc', () => {
    expect(isWithin('/var/logx', '/var/log')).toBe(false);
    expect(isWithin('/var/log/pods', '/var/log')).toBe(true);
    expect(SensitiveHostPaths.isSensitive('/etcd')).toBe(false);
    expect(SensitiveHostPaths.isSensitive('/var/lib/kubelet-plugins')).toBe(false);
    expect(SensitiveHostPaths.isSensitive('/var/lib/kubelet/plugins')).toBe(true);
  });

  test('leave /var/log and /var/logx, which need no reason', () => {
    const { spec, template } = renderAgent({
      hostPaths: [{ path: '/var/log' }, { path: '/var/logx' }],
    });

    expect(volumeNamed(spec, 'host-var-log').hostPath.path).toBe('/var/log');
    expect(volumeNamed(spec, 'host-var-logx').hostPath.path).toBe('/var/logx');
    const reasons = Object.keys(template.annotations ?? {})
      .filter((key) => key.startsWith(REASON_ANNOTATION_PREFIX));
    expect(reasons).toEqual([]);
  });

  test.each(['/etc/machine-id', '/etc/os-release', '/usr/share/zoneinfo/Europe'])(
    'leave the harmless %s, read-only, without a reason', (path) => {
      const { agent } = renderAgent({ hostPaths: [{ path, type: HostPathType.FILE }] });

      expect(agent.hostAccess.hostPaths[0].sensitive).toBe(false);
    });

  test('ask a reason to write a harmless file inside a sensitive directory', () => {
    expect(() => build({
      hostPaths: [{ path: '/etc/machine-id', type: HostPathType.FILE, writable: true }],
    })).toThrow(literal(
      "hostPaths[0].path: received '/etc/machine-id'; this host path is sensitive"));
  });

  test('ask writableSensitiveReason to write a harmless file inside a sensitive directory', () => {
    expect(() => build({
      hostPaths: [{
        path: '/etc/machine-id',
        type: HostPathType.FILE,
        writable: true,
        sensitiveReason: 'sets the id',
      }],
    })).toThrow(literal(
      "hostPaths[0].writable: received true; writing the sensitive host path '/etc/machine-id'"));
  });

  test('ask writableSensitiveReason to write a sensitive path', () => {
    expect(() => build({
      hostPaths: [{
        path: '/etc/cni/net.d',
        writable: true,
        sensitiveReason: 'installs CNI config',
      }],
    })).toThrow(literal('hostPaths[0].writable: received true; writing the sensitive host path '
      + "'/etc/cni/net.d' needs writableSensitiveReason"));
  });

  test('accept a writable sensitive path with both reasons', () => {
    const { spec, template } = renderAgent({
      hostPaths: [{
        path: '/etc/cni/net.d',
        writable: true,
        sensitiveReason: 'installs CNI config',
        writableSensitiveReason: 'writes the CNI config file',
      }],
    });

    expect(mainMount(spec, '/etc/cni/net.d').readOnly).toBe(false);
    expect(reasonOf(template, 'host-etc-cni-net-d')).toBe('installs CNI config');
    expect(writeReasonOf(template, 'host-etc-cni-net-d')).toBe('writes the CNI config file');
  });

  test('carry every reason given for one host path by two containers', () => {
    // GIVEN two containers that share the /etc/ssl volume for different reasons
    const { template } = renderAgent({
      hostPaths: [{ path: '/etc/ssl', sensitiveReason: 'trusts the node CAs' }],
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [{ path: '/etc/ssl', sensitiveReason: 'checks certificate expiry' }],
      }],
    });

    // THEN the one annotation of the volume keeps both
    expect(reasonOf(template, 'host-etc-ssl'))
      .toBe('trusts the node CAs; checks certificate expiry');
  });

  test('state a reason given twice for one host path once', () => {
    const { template } = renderAgent({
      hostPaths: [{ path: '/etc/ssl', sensitiveReason: 'trusts the node CAs' }],
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [{ path: '/etc/ssl', sensitiveReason: 'trusts the node CAs' }],
      }],
    });

    expect(reasonOf(template, 'host-etc-ssl')).toBe('trusts the node CAs');
  });

  test('refuse a blank reason', () => {
    expect(() => build({ hostPaths: [{ path: '/etc', sensitiveReason: '  ' }] })).toThrow(
      literal("hostPaths[0].sensitiveReason: received '  '; expected a sentence that says why"));
  });

  test('refuse a reason on a path that is not sensitive', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log', sensitiveReason: 'just because' }] }))
      .toThrow(literal("hostPaths[0].sensitiveReason: received 'just because'; "
        + "'/var/log' is not a sensitive path"));
  });

  test('name writableSensitiveReason when it is given to a path that is not sensitive', () => {
    expect(() => build({
      hostPaths: [{ path: '/var/log', writable: true, writableSensitiveReason: 'rotates logs' }],
    })).toThrow(literal("hostPaths[0].writableSensitiveReason: received 'rotates logs'; "
      + "'/var/log' is not a sensitive path"));
  });
});

describe('mount propagation', () => {
  test('is None by default', () => {
    const { spec } = renderAgent({ hostPaths: [{ path: '/var/log' }] });

    expect(mainMount(spec, '/var/log').mountPropagation).toBe('None');
  });

  test('accepts HostToContainer', () => {
    const { spec } = renderAgent({
      hostPaths: [{ path: '/mnt/disks', propagation: HOST_TO_CONTAINER }],
    });

    expect(mainMount(spec, '/mnt/disks').mountPropagation).toBe('HostToContainer');
  });

  test('refuses Bidirectional for a container that is not privileged', () => {
    expect(() => build({ hostPaths: [{ path: '/mnt/disks', propagation: BIDIRECTIONAL }] }))
      .toThrow(literal("hostPaths[0].propagation: received 'Bidirectional'; "
        + 'Bidirectional propagation is accepted only for a privileged container'));
  });

  test('accepts Bidirectional for a privileged container', () => {
    const { spec } = renderAgent({
      privileged: true,
      hostPaths: [{ path: '/mnt/disks', propagation: BIDIRECTIONAL }],
    });

    expect(mainMount(spec, '/mnt/disks').mountPropagation).toBe('Bidirectional');
  });

  test('judges Bidirectional by the container that mounts it, not another privileged one', () => {
    expect(() => build({
      privileged: true,
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [{ path: '/mnt/disks', propagation: BIDIRECTIONAL }],
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
      hostPaths: [
        { path: '/var/log' },
        { path: '/var/lib/agent', recursiveReadOnly: RecursiveReadOnly.ENABLED },
      ],
    });

    // WHEN
    const documents = app.synthYaml().split(/^---$/m);
    const daemonSet = documents.find((doc) => /^kind: DaemonSet$/m.test(doc)) ?? '';

    // THEN the field sits on the mount it was asked for, and only there
    expect(daemonSet.match(/recursiveReadOnly/g)).toHaveLength(1);
    expect(daemonSet).toMatch(new RegExp('- mountPath: /var/lib/agent\\n'
      + '\\s+mountPropagation: None\\n'
      + '\\s+name: host-var-lib-agent\\n'
      + '\\s+readOnly: true\\n'
      + '\\s+recursiveReadOnly: Enabled\\n'));
  });

  test('sit on the right mount of a sidecar and of an init container', () => {
    const { spec } = renderAgent({
      initContainers: [{
        containerName: 'setup',
        image: IMAGE,
        hostPaths: [
          { path: '/opt/a' },
          { path: '/opt/b', recursiveReadOnly: RecursiveReadOnly.IF_POSSIBLE },
        ],
      }],
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [
          { path: '/opt/c' },
          { path: '/opt/d', recursiveReadOnly: RecursiveReadOnly.ENABLED },
        ],
      }],
    });

    const setup = containerNamed(spec, 'setup');
    const helper = containerNamed(spec, 'helper');
    expect(mountAt(setup, '/opt/a').recursiveReadOnly).toBeUndefined();
    expect(mountAt(setup, '/opt/b').recursiveReadOnly).toBe('IfPossible');
    expect(mountAt(helper, '/opt/c').recursiveReadOnly).toBeUndefined();
    expect(mountAt(helper, '/opt/d').recursiveReadOnly).toBe('Enabled');
    expect(mainMount(spec, '/tmp').recursiveReadOnly).toBeUndefined();
  });

  test('refuse a writable mount', () => {
    expect(() => build({
      hostPaths: [{ path: '/opt/a', writable: true, recursiveReadOnly: RecursiveReadOnly.ENABLED }],
    })).toThrow(literal("hostPaths[0].recursiveReadOnly: received 'Enabled'; "
      + 'a recursive read-only mount cannot be writable'));
  });

  test('refuse a propagation other than None', () => {
    expect(() => build({
      hostPaths: [{
        path: '/opt/a',
        recursiveReadOnly: RecursiveReadOnly.IF_POSSIBLE,
        propagation: HOST_TO_CONTAINER,
      }],
    })).toThrow(literal("hostPaths[0].recursiveReadOnly: received 'IfPossible'; "
      + 'a recursive read-only mount needs propagation None, not HostToContainer'));
  });
});

describe('volumes and mount points', () => {
  test('refuse two mounts at one container path', () => {
    expect(() => build({
      hostPaths: [{ path: '/opt/a', mountPath: '/data' }, { path: '/opt/b', mountPath: '/data' }],
    })).toThrow(literal("hostPaths[1].mountPath: received '/data'; "
      + "container 'agent' already mounts host path /opt/a there"));
  });

  test('refuse a host path mounted where the writable /tmp is', () => {
    expect(() => build({ hostPaths: [{ path: '/opt/a', mountPath: '/tmp' }] }))
      .toThrow(literal("writableDirectories[0].path: received '/tmp'; "
        + "container 'agent' already mounts host path /opt/a there"));
  });

  test('refuse two volumes of one given name', () => {
    expect(() => build({
      hostPaths: [{ path: '/opt/a', volumeName: 'data' }, { path: '/opt/b', volumeName: 'data' }],
    })).toThrow(literal("hostPaths[1].volumeName: received 'data'; "
      + "another volume of the agent is already named 'data'"));
  });

  test('refuse two host paths whose derived volume names are the same', () => {
    expect(() => build({ hostPaths: [{ path: '/var/log' }, { path: '/var-log' }] }))
      .toThrow(literal("hostPaths[1].volumeName: received 'host-var-log'; "
        + "another volume of the agent is already named 'host-var-log'"));
  });

  test('refuse a host path volume named like a writable directory volume', () => {
    expect(() => build({ hostPaths: [{ path: '/opt/a', volumeName: 'agent-tmp' }] }))
      .toThrow(literal("writableDirectories[0].path: received '/tmp'; "
        + "another volume of the agent is already named 'agent-tmp'"));
  });

  test('refuse writable directories of two containers whose volume names are the same', () => {
    expect(() => build({
      containerName: 'a',
      writableDirectories: [{ path: '/b-c' }],
      sidecars: [{ containerName: 'a-b', image: IMAGE, writableDirectories: [{ path: '/c' }] }],
    })).toThrow(literal("sidecars[0].writableDirectories[0].path: received '/c'; "
      + "another volume of the agent is already named 'a-b-c'"));
  });

  test('refuse a mounted volume named like a host path volume', () => {
    // GIVEN a ConfigMap volume that happens to have a host path volume's name
    const chart = testChart();
    const config = new kplus.ConfigMap(chart, 'Config', { data: { key: 'value' } });
    const volume = kplus.Volume.fromConfigMap(chart, 'Volume', config, { name: 'host-var-log' });

    // WHEN / THEN the agent refuses it at once, naming the mount
    expect(() => new NodeAgent(chart, 'agent', {
      image: IMAGE,
      hostPaths: [{ path: '/var/log' }],
      mounts: [{ path: '/config', volume }],
    })).toThrow(literal("mounts[0].volume: received 'host-var-log'; "
      + 'another volume of the agent is already named'));
  });

  test('share one mounted volume between two containers', () => {
    const chart = testChart();
    const config = new kplus.ConfigMap(chart, 'Config', { data: { key: 'value' } });
    const volume = kplus.Volume.fromConfigMap(chart, 'Volume', config, { name: 'config' });
    new NodeAgent(chart, 'agent', {
      image: IMAGE,
      mounts: [{ path: '/config', volume }],
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        mounts: [{ path: '/etc/helper', volume }],
      }],
    });

    const spec = podSpec(synth(chart));
    expect(spec.volumes.filter((v: any) => v.name === 'config')).toHaveLength(1);
    expect(mainMount(spec, '/config'))
      .toEqual({ mountPath: '/config', name: 'config', readOnly: true });
    expect(mountAt(containerNamed(spec, 'helper'), '/etc/helper').name).toBe('config');
  });

  test('share one volume for the same host path in two containers', () => {
    const { spec } = renderAgent({
      hostPaths: [{ path: '/var/log' }],
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [{ path: '/var/log', mountPath: '/logs' }],
      }],
    });

    expect(spec.volumes.filter((v: any) => v.hostPath)).toEqual([
      { name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } },
    ]);
    expect(mainMount(spec, '/var/log').name).toBe('host-var-log');
    expect(mountAt(containerNamed(spec, 'helper'), '/logs').name).toBe('host-var-log');
  });

  test('refuse the same host path with two types', () => {
    expect(() => build({
      hostPaths: [{ path: '/var/log' }],
      sidecars: [{
        containerName: 'helper',
        image: IMAGE,
        hostPaths: [{ path: '/var/log', type: HostPathType.DIRECTORY_OR_CREATE }],
      }],
    })).toThrow(literal("sidecars[0].hostPaths[0].volumeName: received 'host-var-log'; "
      + "another volume of the agent is already named 'host-var-log' "
      + '(hostPath:/var/log:Directory)'));
  });

  test('refuse a host path volume passed as a plain mount', () => {
    const chart = testChart();
    const volume = kplus.Volume.fromHostPath(chart, 'Raw', 'raw', { path: '/etc' });

    expect(() => new NodeAgent(chart, 'agent', {
      image: IMAGE,
      mounts: [{ path: '/host-etc', volume }],
    })).toThrow(literal(
      "mounts[0].volume: received 'raw'; host paths are declared with hostPaths"));
  });
});

describe('the stronger reason where it does not apply', () => {
  test('is refused on a read-only mount that reaches no runtime socket', () => {
    expect(() => renderAgent({
      hostPaths: [{ path: '/lib/modules', sensitiveReason: 'netfilter modules', writableSensitiveReason: 'not needed' }],
    })).toThrow("hostPaths[0].writableSensitiveReason: received 'not needed'; applies to writable mounts and to mounts "
      + 'that reach a runtime socket; this mount is read-only and reaches none, so remove it');
  });
});

describe('runtime sockets of k3s, podman and dockershim', () => {
  test.each(['/run/k3s/containerd/containerd.sock', '/run/podman/podman.sock', '/var/run/dockershim.sock'])(
    '%s needs the stronger reason even read-only', (path) => {
      expect(() => renderAgent({ hostPaths: [{ path, type: HostPathType.SOCKET, sensitiveReason: 'talks to the runtime' }] }))
        .toThrow(/reaches a container-runtime socket/);
    });
});

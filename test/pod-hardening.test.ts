import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Capability } from '../src';
import { checkImage, resolveIdentity, resolveResources } from '../src/pod-hardening';
import {
  build, containerNamed, IMAGE, literal, mountAt, renderAgent, volumeNamed,
} from './support/agent';
import { only } from './support/synth';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('pod hardening defaults', () => {
  const { spec, manifests } = renderAgent();
  const agent = containerNamed(spec, 'agent');

  test('run as non-root with the numeric user and group 65534, in the pod', () => {
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.securityContext.runAsUser).toBe(65534);
    expect(spec.securityContext.runAsGroup).toBe(65534);
  });

  test('run as non-root with the numeric user and group 65534, in the container', () => {
    expect(agent.securityContext.runAsNonRoot).toBe(true);
    expect(agent.securityContext.runAsUser).toBe(65534);
    expect(agent.securityContext.runAsGroup).toBe(65534);
  });

  test('forbid privilege escalation and privileged mode', () => {
    expect(agent.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(agent.securityContext.privileged).toBe(false);
  });

  test('keep the root filesystem read-only, with a writable emptyDir at /tmp', () => {
    expect(agent.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(mountAt(agent, '/tmp'))
      .toEqual({ mountPath: '/tmp', name: 'agent-tmp', readOnly: false });
    expect(volumeNamed(spec, 'agent-tmp'))
      .toEqual({ name: 'agent-tmp', emptyDir: { sizeLimit: '64Mi' } });
  });

  test('drop every capability and add none', () => {
    expect(agent.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('use the RuntimeDefault seccomp profile in the pod and in the container', () => {
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(agent.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('mount no service-account token', () => {
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('pull the image only when it is not present', () => {
    expect(agent.image).toBe(IMAGE);
    expect(agent.imagePullPolicy).toBe('IfNotPresent');
  });

  test('request 50m CPU and 64Mi memory, and limit memory to 256Mi', () => {
    expect(agent.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '256Mi' },
    });
  });

  test('reserve far less than the whole CPU cdk8s-plus would', () => {
    expect(agent.resources.requests.cpu).not.toBe('1000m');
    expect(agent.resources.limits).not.toHaveProperty('cpu');
  });

  test('share no host namespace', () => {
    expect(spec.hostNetwork).toBe(false);
    expect(spec).not.toHaveProperty('hostPID');
    expect(spec).not.toHaveProperty('hostIPC');
  });
});

describe('every container gets the defaults', () => {
  test('sidecars and init containers as well as the main container', () => {
    // GIVEN
    const { spec } = renderAgent({
      sidecars: [{ containerName: 'proxy', image: IMAGE }],
      initContainers: [{ containerName: 'setup', image: IMAGE }],
    });

    // THEN
    for (const name of ['proxy', 'setup']) {
      const container = containerNamed(spec, name);
      expect(container.securityContext).toEqual(containerNamed(spec, 'agent').securityContext);
      expect(container.resources).toEqual(containerNamed(spec, 'agent').resources);
      expect(mountAt(container, '/tmp').name).toBe(`${name}-tmp`);
    }
  });
});

describe('capabilities', () => {
  test('are added after dropping ALL, once each and sorted', () => {
    const { spec } = renderAgent({
      capabilities: [Capability.NET_RAW, Capability.NET_ADMIN, Capability.of('NET_RAW')],
    });

    expect(containerNamed(spec, 'agent').securityContext.capabilities).toEqual({
      drop: ['ALL'],
      add: ['NET_ADMIN', 'NET_RAW'],
    });
  });

  test('are added only to the container that declares them', () => {
    const { spec } = renderAgent({
      capabilities: [Capability.NET_BIND_SERVICE],
      sidecars: [{ containerName: 'proxy', image: IMAGE }],
    });

    expect(containerNamed(spec, 'agent').securityContext.capabilities.add)
      .toEqual(['NET_BIND_SERVICE']);
    expect(containerNamed(spec, 'proxy').securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('are accepted by name with or without CAP_', () => {
    expect(Capability.of('cap_sys_ptrace').name).toBe('SYS_PTRACE');
    expect(Capability.of('CHOWN').name).toBe('CHOWN');
  });

  test.each(['ALL', 'NET_EVERYTHING', ''])('refuse the name %j', (name) => {
    expect(() => Capability.of(name)).toThrow(
      literal(`capabilities: received '${name}'; expected a Linux capability name`));
  });
});

describe('images', () => {
  test.each([
    'busybox:1.36',
    'registry.example.com:5000/team/agent:v2.1.0',
    `busybox@${DIGEST}`,
    `busybox:1.36@${DIGEST}`,
  ])('accept %s', (image) => {
    expect(() => checkImage('image', image)).not.toThrow();
  });

  test.each([
    'busybox',
    'busybox:latest',
    'registry.example.com:5000/busybox',
    'docker.io/library/busybox:latest',
  ])(
    'refuse %s, which has no fixed version', (image) => {
      expect(() => build({ image })).toThrow(
        literal(`image: received '${image}'; expected an image with an explicit tag or digest`));
    });

  test('refuse a malformed digest', () => {
    expect(() => build({ image: 'busybox@sha256:abc' })).toThrow(
      literal("image: received 'busybox@sha256:abc'; "
        + 'expected a digest of the form sha256:<64 hex digits>'));
  });

  test('refuse a malformed tag', () => {
    expect(() => build({ image: 'busybox:-1' })).toThrow(
      literal("image: received 'busybox:-1'; expected a tag of letters, digits"));
  });

  test('refuse an empty image', () => {
    expect(() => build({ image: '' }))
      .toThrow(literal("image: received ''; expected an image reference"));
  });

  test('are checked in sidecars too, naming the sidecar', () => {
    expect(() => build({ sidecars: [{ containerName: 'proxy', image: 'envoy:latest' }] })).toThrow(
      literal("sidecars[0].image: received 'envoy:latest'; "
        + 'expected an image with an explicit tag or digest'));
  });

  test('keep a pull policy the user set', () => {
    const { spec } = renderAgent({ imagePullPolicy: kplus.ImagePullPolicy.ALWAYS });

    expect(containerNamed(spec, 'agent').imagePullPolicy).toBe('Always');
  });
});

describe('resources', () => {
  test('take the values given', () => {
    const { spec } = renderAgent({
      resources: {
        cpuRequest: kplus.Cpu.millis(100),
        cpuLimit: kplus.Cpu.units(1),
        memoryRequest: Size.mebibytes(128),
        memoryLimit: Size.mebibytes(512),
      },
    });

    expect(containerNamed(spec, 'agent').resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    });
  });

  test('refuse a memory limit below the request', () => {
    expect(() => resolveResources('resources', {
      memoryRequest: Size.mebibytes(128),
      memoryLimit: Size.mebibytes(64),
    })).toThrow(literal("resources.memoryLimit: received '64Mi'; "
      + 'expected at least the memory request of 128Mi'));
  });

  test('refuse a CPU limit below the request', () => {
    expect(() => build({
      resources: { cpuRequest: kplus.Cpu.millis(200), cpuLimit: kplus.Cpu.millis(100) },
    })).toThrow(literal("resources.cpuLimit: received '100m'; "
      + 'expected at least the CPU request of 200m'));
  });
});

describe('the user', () => {
  test('may be another numeric non-root user', () => {
    const { spec } = renderAgent({ runAsUser: 1000, runAsGroup: 2000, fsGroup: 3000 });

    expect(spec.securityContext)
      .toMatchObject({ runAsUser: 1000, runAsGroup: 2000, fsGroup: 3000, runAsNonRoot: true });
    expect(containerNamed(spec, 'agent').securityContext)
      .toMatchObject({ runAsUser: 1000, runAsGroup: 2000 });
  });

  test('is root only when runAsRoot is asked for', () => {
    const { spec } = renderAgent({ runAsRoot: true });

    expect(spec.securityContext)
      .toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false });
    expect(containerNamed(spec, 'agent').securityContext).toMatchObject({
      runAsUser: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('refuses user 0 without runAsRoot', () => {
    expect(() => build({ runAsUser: 0 })).toThrow(
      literal('runAsUser: received 0; user 0 is root: set runAsRoot: true to ask for it by name'));
  });

  test('refuses runAsRoot with a non-root user', () => {
    expect(() => resolveIdentity('', { runAsRoot: true, runAsUser: 1000 })).toThrow(
      literal('runAsRoot: received true; runAsRoot conflicts with runAsUser 1000'));
  });

  test.each([-1, 1.5, 2147483648])('refuses the user id %s', (runAsUser) => {
    expect(() => build({ runAsUser })).toThrow(
      literal(`runAsUser: received ${runAsUser}; expected a whole number from 0 to 2147483647`));
  });

  test('refuses a negative group and fsGroup', () => {
    expect(() => build({ runAsGroup: -5 }))
      .toThrow(literal('runAsGroup: received -5; expected a whole number'));
    expect(() => build({ fsGroup: -5 }))
      .toThrow(literal('fsGroup: received -5; expected a whole number'));
  });
});

describe('privileged mode', () => {
  test('is set only when asked for, with the escalation the API then requires', () => {
    const { spec, agent } = renderAgent({
      privileged: true,
      sidecars: [{ containerName: 'proxy', image: IMAGE }],
    });

    expect(containerNamed(spec, 'agent').securityContext)
      .toMatchObject({ privileged: true, allowPrivilegeEscalation: true });
    expect(containerNamed(spec, 'proxy').securityContext)
      .toMatchObject({ privileged: false, allowPrivilegeEscalation: false });
    expect(agent.hostAccess.containers.map((c) => c.privileged)).toEqual([true, false]);
  });
});

describe('the root filesystem and scratch space', () => {
  test('may be made writable when asked for', () => {
    const { spec } = renderAgent({ readOnlyRootFilesystem: false });

    expect(containerNamed(spec, 'agent').securityContext.readOnlyRootFilesystem).toBe(false);
  });

  test('writable directories replace /tmp and take their size', () => {
    const { spec } = renderAgent({
      writableDirectories: [{ path: '/var/cache/agent', sizeLimit: Size.mebibytes(16) }],
    });

    const agent = containerNamed(spec, 'agent');
    expect(agent.volumeMounts).toEqual([
      { mountPath: '/var/cache/agent', name: 'agent-var-cache-agent', readOnly: false },
    ]);
    expect(volumeNamed(spec, 'agent-var-cache-agent').emptyDir).toEqual({ sizeLimit: '16Mi' });
  });

  test('refuse a relative writable directory', () => {
    expect(() => build({ writableDirectories: [{ path: 'tmp' }] })).toThrow(
      literal("writableDirectories[0].path: received 'tmp'; expected an absolute, normal path"));
  });
});

describe('containers', () => {
  test('refuse a sidecar without a name', () => {
    expect(() => build({ sidecars: [{ image: IMAGE }] })).toThrow(
      literal('sidecars[0].containerName: received undefined; '
        + 'expected a name for each sidecar and init container'));
  });

  test('refuse two containers of one name', () => {
    expect(() => build({ sidecars: [{ containerName: 'agent', image: IMAGE }] })).toThrow(
      literal("sidecars[0].containerName: received 'agent'; "
        + 'expected a name that no other container of the agent has'));
  });

  test('refuse a container name that is not a DNS label', () => {
    expect(() => build({ containerName: 'Agent_1' })).toThrow(
      literal("containerName: received 'Agent_1'; expected an RFC 1123 label"));
  });
});

describe('a memory request above the default limit', () => {
  test('raises the default limit to the request instead of failing', () => {
    // GIVEN a request of 512 MiB and no limit
    const resources = resolveResources('resources', { memoryRequest: Size.mebibytes(512) });

    // THEN the limit is the request
    expect(resources.memory!.limit!.toMebibytes()).toBe(512);
  });

  test('still fails when the limit given is below it', () => {
    expect(() => resolveResources('resources', { memoryRequest: Size.mebibytes(512), memoryLimit: Size.mebibytes(300) }))
      .toThrow("resources.memoryLimit: received '300Mi'; expected at least the memory request of 512Mi");
  });
});

describe('scratch directories with long paths', () => {
  test('get distinct volume names, ending in a digest past 63 characters', () => {
    // GIVEN two writable directories whose paths agree in their first 63 characters
    const base = `/var/cache/${'a'.repeat(60)}`;
    const { spec } = renderAgent({ writableDirectories: [{ path: `${base}/one` }, { path: `${base}/two` }] });

    // THEN each has its own valid volume name
    const names = spec.volumes.map((v: any) => v.name);
    expect(new Set(names).size).toBe(2);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^agent-var-cache-a+-[0-9a-f]{8}$/);
    }
  });
});

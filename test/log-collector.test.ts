import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AgentNamespace, AgentRollout, AgentToleration, CONFIG_HASH_ANNOTATION, ConfigHash, ContainerRuntime,
  FluentBitEngine, HostPathType, ILogEngine, JournalDirectory, LogCollector, LogCollectorProps, LogEngineConfiguration,
  LogEngineInput, LogOutput, NodeBudget, NodeOperatingSystem, REASON_ANNOTATION_PREFIX,
  SensitiveHostPaths, Warnings, WRITE_REASON_ANNOTATION_PREFIX,
} from '../src';
import { containerNamed, literal, mountAt, volumeNamed } from './support/agent';
import { lintFluentBit, LintIssue } from './support/fluent-bit-lint';
import { only, synth, testChart } from './support/synth';
import { build as buildExample } from '../examples/log-collector/main';

// Host names are in-cluster Service names: nothing here points at a real external host.
const LOKI_HOST = 'loki-gateway.logging.svc';
const ES_HOST = 'elasticsearch-es-http.search.svc';
const STATE = '/var/lib/fluent-bit/logging-log-collector';

// Objects the lead's host access policy adds to every agent; they are tested elsewhere.
const POLICY_KINDS = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];

interface Rendered {
  readonly chart: Chart;
  readonly collector: LogCollector;
  readonly manifests: any[];
  readonly spec: any;
  readonly container: any;
  readonly template: any;
  readonly files: { [name: string]: string };
}

function props(overrides: Partial<LogCollectorProps> = {}): LogCollectorProps {
  return { name: 'log-collector', outputs: [LogOutput.stdout()], ...overrides };
}

/** One collector named `log-collector` in namespace `logging`, synthesized and schema-checked. */
function render(overrides: Partial<LogCollectorProps> = {}): Rendered {
  const chart = testChart('logging');
  const collector = new LogCollector(chart, 'LogCollector', props(overrides));
  const manifests = synth(chart);
  const daemonSet = only(manifests, 'DaemonSet');
  const spec = daemonSet.spec.template.spec;
  return {
    chart,
    collector,
    manifests,
    spec,
    container: containerNamed(spec, collector.engine.name),
    template: daemonSet.spec.template.metadata,
    files: only(manifests, 'ConfigMap').data,
  };
}

function build(overrides: Partial<LogCollectorProps> = {}): void {
  new LogCollector(testChart('logging'), 'LogCollector', props(overrides));
}

function kinds(manifests: any[]): string[] {
  return manifests.map((m) => m.kind).filter((k) => !POLICY_KINDS.includes(k)).sort();
}

/** Lints the rendered ConfigMap with the environment and writable paths the pod provides. */
function lint(r: Rendered): LintIssue[] {
  const writable = r.spec.volumes
    .filter((v: any) => v.hostPath || v.emptyDir)
    .map((v: any) => r.container.volumeMounts.find((m: any) => m.name === v.name))
    .filter((m: any) => m && !m.readOnly)
    .map((m: any) => m.mountPath);
  return lintFluentBit(r.files, {
    configDirectory: '/fluent-bit/etc/conf',
    env: r.container.env.map((e: any) => e.name),
    writablePaths: writable,
  });
}

const secret = (secretName: string, key: string) => ({ secretName, key });

function lokiWithCredentials(): LogOutput {
  return LogOutput.loki({
    host: LOKI_HOST,
    port: 80,
    basicAuth: { username: secret('loki-credentials', 'username'), password: secret('loki-credentials', 'password') },
  });
}

function elasticsearchWithTls(): LogOutput {
  return LogOutput.elasticsearch({
    host: ES_HOST,
    match: 'kube.*',
    tls: { ca: secret('es-ca', 'ca.crt') },
    basicAuth: { username: secret('es-user', 'username'), password: secret('es-user', 'password') },
  });
}

describe('defaults', () => {
  test('emit a DaemonSet, its ServiceAccount, a ConfigMap and a Service, and nothing else', () => {
    // GIVEN / WHEN a collector with one output and nothing else
    const r = render();

    // THEN
    expect(kinds(r.manifests)).toEqual(['ConfigMap', 'DaemonSet', 'Service', 'ServiceAccount']);
    expect(r.collector.serviceMonitor).toBeUndefined();
    expect(r.collector.agent.clusterRole).toBeUndefined();
  });

  test('run fluent-bit, whose agent name is the DaemonSet name, so its own logs are left out', () => {
    const r = render();
    const daemonSet = only(r.manifests, 'DaemonSet');

    expect(daemonSet.metadata.name).toBe('log-collector');
    expect(r.collector.agent.name).toBe('log-collector');
    expect(r.container.image).toBe(`cr.fluentbit.io/fluent/fluent-bit:${FluentBitEngine.DEFAULT_IMAGE_TAG}`);
    expect(r.container.command).toEqual(['/fluent-bit/bin/fluent-bit']);
    expect(r.container.args).toEqual(['--config=/fluent-bit/etc/conf/fluent-bit.conf']);
    expect(r.files['inputs.conf']).toContain('Exclude_Path     /var/log/containers/log-collector-*_logging_*.log');
  });

  test('derive the name from the construct path when none is given', () => {
    const chart = testChart('logging');
    const collector = new LogCollector(chart, 'Logs', { outputs: [LogOutput.stdout()] });
    const daemonSet = only(synth(chart), 'DaemonSet');

    expect(daemonSet.metadata.name).toBe(collector.agent.name);
    expect(collector.agent.name).toMatch(/^test-logs-/);
    expect(collector.stateDirectory).toBe(`/var/lib/fluent-bit/logging-${collector.agent.name}`);
  });

  test('render a configuration that passes the linter', () => {
    expect(lint(render())).toEqual([]);
  });
});

describe('log paths', () => {
  test('on containerd, /var/log/containers and /var/log/pods are mounted read-only at their host paths', () => {
    // GIVEN / WHEN
    const r = render();

    // THEN
    for (const path of ['/var/log/containers', '/var/log/pods']) {
      const mount = mountAt(r.container, path);
      expect(mount.readOnly).toBe(true);
      expect(volumeNamed(r.spec, mount.name).hostPath).toEqual({ path, type: 'Directory' });
    }
  });

  test('on containerd and CRI-O, no Docker path and no runtime socket is mounted', () => {
    for (const runtime of [ContainerRuntime.CONTAINERD, ContainerRuntime.CRIO]) {
      const r = render({ containerRuntime: runtime });
      const hostPaths = r.spec.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path);

      expect(hostPaths.sort()).toEqual(['/var/lib/fluent-bit/logging-log-collector', '/var/log/containers', '/var/log/pods']);
      expect(hostPaths.some((p: string) => SensitiveHostPaths.reachesRuntimeSocket(p))).toBe(false);
      expect(Object.keys(r.template.annotations).filter((k) => k.startsWith(REASON_ANNOTATION_PREFIX))).toEqual([]);
    }
  });

  test('on Docker, /var/lib/docker/containers is mounted read-only too, with the library\'s reason', () => {
    const r = render({ containerRuntime: ContainerRuntime.DOCKER });
    const mount = mountAt(r.container, '/var/lib/docker/containers');

    expect(mount.readOnly).toBe(true);
    expect(volumeNamed(r.spec, mount.name).hostPath).toEqual({ path: '/var/lib/docker/containers', type: 'Directory' });
    expect(r.template.annotations[`${REASON_ANNOTATION_PREFIX}${mount.name}`])
      .toMatch(/links under \/var\/log\/pods lead to the container log files here/);
    expect(r.files['inputs.conf']).toContain('multiline.parser docker, cri');
    expect(lint(r)).toEqual([]);
  });

  test('the persistent journal is mounted read-only when the journal is read', () => {
    const r = render({ journal: { units: ['kubelet.service'] } });
    const mount = mountAt(r.container, '/var/log/journal');

    expect(mount.readOnly).toBe(true);
    expect(volumeNamed(r.spec, mount.name).hostPath).toEqual({ path: '/var/log/journal', type: 'Directory' });
    expect(r.files['inputs.conf']).toContain('Systemd_Filter _SYSTEMD_UNIT=kubelet.service');
    expect(lint(r)).toEqual([]);
  });

  test('the volatile journal under /run is mounted read-only with the library\'s reason', () => {
    const r = render({ journal: { directory: JournalDirectory.VOLATILE } });
    const mount = mountAt(r.container, '/run/log/journal');

    expect(mount.readOnly).toBe(true);
    expect(r.template.annotations[`${REASON_ANNOTATION_PREFIX}${mount.name}`]).toMatch(/volatile systemd journal/);
    expect(r.collector.agent.hostAccess.hostPaths.find((g) => g.path === '/run/log/journal')?.sensitive).toBe(true);
  });

  test('no journal directory is mounted without the journal', () => {
    const r = render();

    expect(r.container.volumeMounts.map((m: any) => m.mountPath)).not.toContain('/var/log/journal');
  });
});

describe('state directory', () => {
  test('is a host directory of its own per collector, created if missing, mounted writable at its path', () => {
    // GIVEN / WHEN
    const r = render();
    const mount = mountAt(r.container, STATE);

    // THEN
    expect(r.collector.stateDirectory).toBe(STATE);
    expect(mount.readOnly).toBe(false);
    expect(volumeNamed(r.spec, mount.name).hostPath).toEqual({ path: STATE, type: 'DirectoryOrCreate' });
    expect(r.files['inputs.conf']).toContain(`DB               ${STATE}/containers.db`);
    expect(r.files['fluent-bit.conf']).toContain(`storage.path              ${STATE}/buffer`);
  });

  test('is the only writable host path, and needs no sensitive-path reason', () => {
    const r = render({ containerRuntime: ContainerRuntime.DOCKER, journal: {} });
    const writable = r.collector.agent.hostAccess.hostPaths.filter((g) => !g.readOnly);

    expect(writable.map((g) => g.path)).toEqual([STATE]);
    expect(writable[0].sensitive).toBe(false);
    expect(Object.keys(r.template.annotations).filter((k) => k.startsWith(WRITE_REASON_ANNOTATION_PREFIX))).toEqual([]);
  });

  test('differs between two collectors of the same name in two namespaces', () => {
    const chart = testChart();
    const a = new LogCollector(chart, 'A', props({ namespace: AgentNamespace.fromName('team-a') }));
    const b = new LogCollector(chart, 'B', props({ namespace: AgentNamespace.fromName('team-b') }));

    expect(a.stateDirectory).toBe('/var/lib/fluent-bit/team-a-log-collector');
    expect(b.stateDirectory).toBe('/var/lib/fluent-bit/team-b-log-collector');
  });

  test('may be another absolute path, which the DB and buffer follow', () => {
    const r = render({ stateDirectory: '/var/lib/logs-state' });

    expect(volumeNamed(r.spec, 'state').hostPath.path).toBe('/var/lib/logs-state');
    expect(r.files['inputs.conf']).toContain('DB               /var/lib/logs-state/containers.db');
    expect(lint(r)).toEqual([]);
  });

  test.each([
    ['var/lib/fluent-bit', 'it must start with \'/\''],
    ['/var/lib/../fluent-bit', 'it must not contain \'.\' or \'..\' segments'],
    ['/var/lib/fluent-bit/', 'it must not end with \'/\''],
    ['/var//lib/fluent-bit', 'it must not contain \'//\''],
    ['', 'it is empty'],
  ])('is refused when it is not absolute and normal: %j', (path, problem) => {
    expect(() => build({ stateDirectory: path }))
      .toThrow(literal(`stateDirectory: received '${path}'; expected an absolute, normal path (${problem})`));
  });

  test.each([
    ['/var/log/pods/fluent-bit', '/var/log/pods'],
    ['/var/log/containers', '/var/log/containers'],
    ['/var/log', '/var/log/containers'],
  ])('is refused under or containing a read-only log mount: %s', (path, mount) => {
    expect(() => build({ stateDirectory: path }))
      .toThrow(literal(`stateDirectory: received '${path}'; it lies under or contains the read-only host path '${mount}'`));
  });

  test('is refused under the journal directory when the journal is read', () => {
    expect(() => build({ journal: {}, stateDirectory: '/var/log/journal/fluent-bit' }))
      .toThrow(literal('stateDirectory: received \'/var/log/journal/fluent-bit\'; it lies under or contains the read-only host '
        + 'path \'/var/log/journal\''));
  });

  test.each(['/var/lib/kubelet/fluent-bit', '/var/lib/docker/containers/fluent-bit', '/run/fluent-bit', '/etc/fluent-bit'])(
    'is refused in a sensitive host path: %s', (path) => {
      expect(() => build({ stateDirectory: path }))
        .toThrow(literal(`stateDirectory: received '${path}'; the state directory is written, so it must not be a sensitive host path`));
    });
});

describe('rollout', () => {
  test('replaces one node at a time and never surges by default', () => {
    const spec = only(render().manifests, 'DaemonSet').spec;

    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('takes other unavailability budgets and OnDelete', () => {
    const percent = render({ rollout: AgentRollout.rollingUpdate({ maxUnavailable: NodeBudget.percent(10) }) });
    const onDelete = render({ rollout: AgentRollout.onDelete() });

    expect(only(percent.manifests, 'DaemonSet').spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: '10%' });
    expect(only(onDelete.manifests, 'DaemonSet').spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('refuses a surge, naming rollout.maxSurge', () => {
    const rollout = AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(1), maxUnavailable: NodeBudget.count(0) });

    expect(() => build({ rollout })).toThrow(literal(
      'rollout.maxSurge: received \'1\'; a log collector never surges: two agents on one node would share '
      + 'the read-position database'));
  });

  test('refuses a percentage surge too', () => {
    expect(() => build({ rollout: AgentRollout.rollingUpdate({ maxSurge: NodeBudget.percent(25) }) }))
      .toThrow(/^rollout\.maxSurge: received '25%'/);
  });

  test('accepts a maxSurge of 0, which starts no second agent', () => {
    const r = render({ rollout: AgentRollout.rollingUpdate({ maxSurge: NodeBudget.count(0) }) });

    expect(only(r.manifests, 'DaemonSet').spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 1, maxSurge: 0 });
  });

  test('passes minReadySeconds and revisionHistoryLimit on', () => {
    const spec = only(render({ minReadySeconds: 10, revisionHistoryLimit: 3 }).manifests, 'DaemonSet').spec;

    expect(spec.minReadySeconds).toBe(10);
    expect(spec.revisionHistoryLimit).toBe(3);
  });
});

describe('Kubernetes metadata', () => {
  test('when on, mounts the token and grants exactly get, list and watch on pods and namespaces', () => {
    // GIVEN / WHEN
    const r = render({ kubernetesMetadata: {} });
    const role = only(r.manifests, 'ClusterRole');
    const binding = only(r.manifests, 'ClusterRoleBinding');

    // THEN
    expect(r.spec.automountServiceAccountToken).toBe(true);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'log-collector', namespace: 'logging' }]);
    expect(r.files['filters.conf']).toContain('Name                kubernetes');
    expect(lint(r)).toEqual([]);
  });

  test('when off, mounts no token and emits no role', () => {
    const r = render();

    expect(r.spec.automountServiceAccountToken).toBe(false);
    expect(r.manifests.filter((m) => /Role/.test(m.kind))).toEqual([]);
    expect(r.files['filters.conf']).toBeUndefined();
  });

  test('from the kubelet, adds get on nodes/proxy and the node IP', () => {
    const r = render({ kubernetesMetadata: { useKubelet: true } });

    expect(only(r.manifests, 'ClusterRole').rules).toEqual([
      { apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
    ]);
    expect(r.container.env).toContainEqual({ name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } });
    expect(lint(r)).toEqual([]);
  });
});

describe('configuration', () => {
  test('is a ConfigMap mounted read-only at the engine\'s configuration directory', () => {
    const r = render();
    const configMap = only(r.manifests, 'ConfigMap');
    const mount = mountAt(r.container, '/fluent-bit/etc/conf');

    expect(configMap.metadata.name).toBe('log-collector-config');
    expect(configMap.metadata.labels).toEqual(r.collector.agent.labels);
    expect(Object.keys(configMap.data).sort()).toEqual(['fluent-bit.conf', 'inputs.conf', 'outputs.conf']);
    expect(mount.readOnly).toBe(true);
    expect(volumeNamed(r.spec, mount.name).configMap).toEqual({ name: 'log-collector-config' });
  });

  test('has its content hash as a pod-template annotation', () => {
    const r = render();

    expect(r.template.annotations[CONFIG_HASH_ANNOTATION]).toBe(ConfigHash.sha256(r.files));
    expect(r.collector.configHash).toBe(ConfigHash.sha256(r.files));
    expect(r.collector.configHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('an unchanged configuration keeps the hash, even when the pod changes otherwise', () => {
    const a = render();
    const b = render({ resources: { memoryRequest: Size.mebibytes(128) }, podAnnotations: { team: 'logs' } });

    expect(b.template.annotations[CONFIG_HASH_ANNOTATION]).toBe(a.template.annotations[CONFIG_HASH_ANNOTATION]);
  });

  test('a changed configuration changes the hash', () => {
    const a = render();
    const outputs = render({ outputs: [LogOutput.stdout(), LogOutput.forward({ host: 'fluentd.logging.svc' })] });
    const metadata = render({ kubernetesMetadata: {} });

    expect(outputs.collector.configHash).not.toBe(a.collector.configHash);
    expect(metadata.collector.configHash).not.toBe(a.collector.configHash);
    expect(outputs.template.annotations[CONFIG_HASH_ANNOTATION]).toBe(outputs.collector.configHash);
  });

  test('keeps other pod annotations beside the hash, and refuses to have the hash set by hand', () => {
    const r = render({ podAnnotations: { 'example.com/team': 'logs' } });

    expect(r.template.annotations['example.com/team']).toBe('logs');
    expect(() => build({ podAnnotations: { [CONFIG_HASH_ANNOTATION]: 'x' } }))
      .toThrow(literal(`podAnnotations: received '${CONFIG_HASH_ANNOTATION}'; the collector sets this annotation`));
  });
});

describe('outputs and Secrets', () => {
  test('credentials are environment variables from Secret keys; the ConfigMap names only the variables', () => {
    // GIVEN a Loki output with basic auth from a Secret
    // WHEN
    const r = render({ outputs: [lokiWithCredentials()] });

    // THEN
    expect(r.container.env).toContainEqual({
      name: 'OUTPUT_0_HTTP_PASSWD', valueFrom: { secretKeyRef: { name: 'loki-credentials', key: 'password' } },
    });
    expect(r.container.env).toContainEqual({
      name: 'OUTPUT_0_HTTP_USER', valueFrom: { secretKeyRef: { name: 'loki-credentials', key: 'username' } },
    });
    expect(r.files['outputs.conf']).toMatch(/^ {4}HTTP_Passwd +\$\{OUTPUT_0_HTTP_PASSWD\}$/m);
    expect(Object.values(r.files).join('\n')).not.toMatch(/loki-credentials|password/);
    expect(lint(r)).toEqual([]);
  });

  test('TLS material is a Secret volume, read-only, with only the keys needed, readable by the agent\'s user', () => {
    const r = render({ outputs: [elasticsearchWithTls()] });
    const mount = mountAt(r.container, '/fluent-bit/secrets/es-ca');

    expect(mount.readOnly).toBe(true);
    expect(volumeNamed(r.spec, mount.name).secret).toEqual({
      secretName: 'es-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o400,
    });
    expect(r.files['outputs.conf']).toMatch(/^ {4}tls\.ca_file +\/fluent-bit\/secrets\/es-ca\/ca\.crt$/m);
  });

  test('one Secret may feed both variables and files', () => {
    const r = render({
      outputs: [LogOutput.forward({
        host: 'fluentd.logging.svc',
        tls: { ca: secret('fluentd', 'ca.crt') },
        sharedKey: secret('fluentd', 'shared-key'),
      })],
    });

    expect(r.container.env).toContainEqual({
      name: 'OUTPUT_0_SHARED_KEY', valueFrom: { secretKeyRef: { name: 'fluentd', key: 'shared-key' } },
    });
    expect(volumeNamed(r.spec, 'secret-fluentd').secret.secretName).toBe('fluentd');
    expect(lint(r)).toEqual([]);
  });

  test('a Secret name with dots gets a valid volume name', () => {
    const r = render({
      outputs: [LogOutput.http({ host: 'collector.logging.svc', tls: { ca: secret('ca.bundle.v1', 'ca.crt') } })],
    });

    expect(volumeNamed(r.spec, 'secret-ca-bundle-v1').secret.secretName).toBe('ca.bundle.v1');
  });

  test('several outputs, each with its own match, pass the linter', () => {
    const r = render({ outputs: [lokiWithCredentials(), elasticsearchWithTls()], journal: {}, kubernetesMetadata: {} });

    expect(r.files['outputs.conf'].match(/^\[OUTPUT\]$/gm)).toHaveLength(2);
    expect(r.files['outputs.conf']).toMatch(/^ {4}Match +kube\.\*$/m);
    expect(lint(r)).toEqual([]);
  });

  test('an output without its host is refused', () => {
    expect(() => build({ outputs: [LogOutput.loki({ host: '' })] }))
      .toThrow("LogOutput.loki.host: received ''; expected the host name or IP address of the destination");
    expect(() => build({ outputs: [LogOutput.elasticsearch({ host: undefined as unknown as string })] }))
      .toThrow('LogOutput.elasticsearch.host: received undefined; expected the host name or IP address');
  });

  test('a collector without outputs is refused', () => {
    expect(() => build({ outputs: [] })).toThrow('outputs: received []; expected at least one output');
  });
});

describe('running user', () => {
  test('is uid 0 with every capability dropped, no escalation and a read-only root filesystem', () => {
    // GIVEN / WHEN
    const r = render();

    // THEN
    expect(r.container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(FluentBitEngine.RUN_AS.userId).toBe(0);
    expect(r.collector.agent.hostAccess.containers[0].capabilities).toEqual([]);
  });

  test('has /tmp as its only scratch directory, an emptyDir', () => {
    const r = render();
    const writableEmptyDirs = r.spec.volumes.filter((v: any) => v.emptyDir);

    expect(writableEmptyDirs).toEqual([{ name: 'fluent-bit-tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(mountAt(r.container, '/tmp').readOnly).toBe(false);
  });

  test('keeps host users, which uid 0 needs to read the node\'s files', () => {
    expect(render().spec.hostUsers).toBeUndefined();
  });
});

describe('memory', () => {
  test('has a limit by default', () => {
    expect(render().container.resources).toEqual({
      limits: { memory: '256Mi' }, requests: { cpu: '50m', memory: '64Mi' },
    });
  });

  test('a buffer at the limit is refused', () => {
    expect(() => build({ containerLogs: { memBufLimitMiB: 256 } })).toThrow(literal(
      'containerLogs.memBufLimitMiB: received 256; the buffer is 256 MiB, at or above the memory limit of 256 MiB: '
      + 'every buffer must stay below it'));
  });

  test('buffers that add up to more than the limit are refused', () => {
    expect(() => build({ containerLogs: { memBufLimitMiB: 200 }, buffer: { maxChunksUp: 32 } }))
      .toThrow(/^memoryLimitMiB: received 256; the buffers add up to 272 MiB .* at or above the memory limit of 256 MiB/);
  });

  test('the limit given in resources bounds the buffers', () => {
    expect(() => build({ resources: { memoryLimit: Size.mebibytes(96) } }))
      .toThrow(/^memoryLimitMiB: received 96; the buffers add up to 104 MiB .* at or above the memory limit of 96 MiB/);
    const r = render({ resources: { memoryLimit: Size.gibibytes(1) }, containerLogs: { memBufLimitMiB: 512 } });

    expect(r.container.resources.limits.memory).toBe('1024Mi');
  });
});

describe('metrics and health', () => {
  test('the port is named and the probes read the health endpoint on it', () => {
    const r = render();

    expect(r.container.ports).toEqual([{ containerPort: 2020, name: 'http-metrics', protocol: 'TCP' }]);
    expect(r.container.livenessProbe.httpGet).toEqual({ path: '/', port: 2020, scheme: 'HTTP' });
    expect(r.container.readinessProbe.httpGet).toEqual({ path: '/api/v1/health', port: 2020, scheme: 'HTTP' });
  });

  test('a headless Service selects the collector\'s pods on the named metrics port', () => {
    const r = render();
    const service = only(r.manifests, 'Service');

    expect(service.metadata.name).toBe('log-collector');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.selector).toEqual(r.collector.agent.selectorLabels);
    expect(service.spec.ports).toEqual([{ name: 'http-metrics', port: 2020, targetPort: 2020 }]);
  });

  test('another metrics port moves the probes, the Service and the configuration', () => {
    const r = render({ metricsPort: 2021 });

    expect(r.container.ports[0].containerPort).toBe(2021);
    expect(r.container.readinessProbe.httpGet.port).toBe(2021);
    expect(only(r.manifests, 'Service').spec.ports[0].port).toBe(2021);
    expect(r.files['fluent-bit.conf']).toContain('HTTP_Port                 2021');
  });

  test('a ServiceMonitor, when asked for, scrapes the metrics path of the Service with the node as instance', () => {
    // GIVEN / WHEN
    const r = render({ serviceMonitor: { interval: Duration.seconds(30), labels: { release: 'prometheus' } } });
    const monitor = only(r.manifests, 'ServiceMonitor');
    const service = only(r.manifests, 'Service');

    // THEN
    expect(r.collector.serviceMonitor).toBeDefined();
    expect(monitor.metadata).toEqual({
      name: 'log-collector', namespace: 'logging', labels: { ...r.collector.agent.labels, release: 'prometheus' },
    });
    expect(monitor.spec.selector.matchLabels).toEqual(r.collector.agent.selectorLabels);
    expect(Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => service.metadata.labels[k] === v)).toBe(true);
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['logging'] });
    expect(monitor.spec.endpoints).toEqual([{
      port: 'http-metrics',
      path: '/api/v2/metrics/prometheus',
      scheme: 'http',
      interval: '30s',
      relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
    }]);
  });

  test('a scrape timeout longer than the interval is refused', () => {
    expect(() => build({ serviceMonitor: { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(15) } }))
      .toThrow(literal('serviceMonitor.scrapeTimeout: received \'15s\'; expected at most the interval, 10s'));
  });

  test('a ServiceMonitor label that replaces one of the collector\'s is refused', () => {
    expect(() => build({ serviceMonitor: { labels: { 'app.kubernetes.io/name': 'other' } } }))
      .toThrow(literal('serviceMonitor.labels: received \'app.kubernetes.io/name\'; the collector sets this label itself'));
  });
});

describe('node targeting', () => {
  test('tolerates every taint, the control plane included, on Linux nodes by default', () => {
    const r = render();

    expect(r.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(r.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('given tolerations replace the default', () => {
    const r = render({ tolerations: [AgentToleration.controlPlane()] });

    expect(r.spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('takes node selectors beside the OS label', () => {
    const r = render({ nodeSelector: { 'example.com/pool': 'general' } });

    expect(r.spec.nodeSelector).toEqual({ 'example.com/pool': 'general', 'kubernetes.io/os': 'linux' });
  });

  test('refuses Windows nodes', () => {
    expect(() => build({ operatingSystem: NodeOperatingSystem.WINDOWS }))
      .toThrow(literal('operatingSystem: received \'windows\'; a LogCollector runs on Linux nodes only'));
  });

  test('gives every container NODE_NAME from spec.nodeName, and the pod\'s name and namespace', () => {
    const env = render().container.env;

    expect(env).toContainEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(env).toContainEqual({ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
  });
});

describe('namespace, priority and identity', () => {
  test('an AgentNamespace admits the collector at the privileged level, which hostPath needs', () => {
    const chart = testChart();
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'logging' });
    new LogCollector(chart, 'LogCollector', props({ namespace }));
    const ns = only(synth(chart), 'Namespace');

    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('an unmanaged namespace gets a warning about its Pod Security level', () => {
    const r = render();

    expect(Warnings.collect(r.chart).map((w) => w.message))
      .toEqual([expect.stringMatching(/^namespace 'logging' is not managed by this app/)]);
  });

  test('system-node-critical in an AgentNamespace brings its ResourceQuota', () => {
    const chart = testChart();
    const namespace = new AgentNamespace(chart, 'Namespace', { name: 'logging' });
    new LogCollector(chart, 'LogCollector', props({ namespace, priorityClassName: 'system-node-critical' }));
    const manifests = synth(chart);

    expect(only(manifests, 'DaemonSet').spec.template.spec.priorityClassName).toBe('system-node-critical');
    expect(only(manifests, 'ResourceQuota').spec.scopeSelector.matchExpressions[0].values).toEqual(['system-node-critical']);
  });

  test('labels and image pull policy pass on', () => {
    const r = render({ partOf: 'logging', labels: { team: 'platform' }, imagePullPolicy: kplus.ImagePullPolicy.ALWAYS });

    expect(r.template.labels).toEqual(expect.objectContaining({ 'app.kubernetes.io/part-of': 'logging', 'team': 'platform' }));
    expect(only(r.manifests, 'Service').metadata.labels.team).toBe('platform');
    expect(r.container.imagePullPolicy).toBe('Always');
  });

  test('a name that starts with a digit is refused, since the Service takes it', () => {
    expect(() => build({ name: '1logs' }))
      .toThrow(literal('name: received \'1logs\'; expected a name that starts with a letter'));
  });

  test('the host access policy can be turned off like NodeAgent\'s', () => {
    const r = render({ hostAccessPolicy: false });

    expect(r.manifests.filter((m) => POLICY_KINDS.includes(m.kind))).toEqual([]);
    expect(r.collector.agent.policy).toBeUndefined();
  });
});

/**
 * A second engine, standing in for the OpenTelemetry Collector or vector: the construct
 * wires whatever it returns, and checks it.
 */
class FakeEngine implements ILogEngine {
  public readonly name = 'fake';
  public readonly image = 'fake-engine:1.0.0';
  public inputs: LogEngineInput[] = [];

  constructor(private readonly change: Partial<LogEngineConfiguration> = {}) {}

  public render(input: LogEngineInput): LogEngineConfiguration {
    this.inputs.push(input);
    return {
      image: this.image,
      command: ['/fake'],
      args: ['--config=/opt/fake/fake.yaml'],
      configFiles: { 'fake.yaml': `agent: ${input.agentName}\n` },
      configDirectory: '/opt/fake',
      configHash: 'ignored',
      secretEnv: [],
      fieldEnv: [],
      secretVolumes: [],
      hostPaths: [{ path: '/var/log/pods', type: HostPathType.DIRECTORY }],
      stateDirectory: input.stateDirectory!,
      scratchDirectories: ['/var/cache/fake'],
      ports: [{ name: 'metrics', containerPort: 8686 }],
      metricsPath: '/metrics',
      livenessProbePath: '/health',
      readinessProbePath: '/health',
      needsKubernetesApi: false,
      rbacRules: [],
      runAs: { ...FluentBitEngine.RUN_AS, userId: 10001, groupId: 10001, runAsNonRoot: true },
      ...this.change,
    };
  }
}

describe('another engine', () => {
  test('gets the collector\'s input and has its configuration wired into the pod', () => {
    // GIVEN
    const engine = new FakeEngine();

    // WHEN
    const r = render({ engine, serviceMonitor: {} });

    // THEN the input names the DaemonSet and the state directory follows the engine's name
    expect(engine.inputs[0]).toEqual(expect.objectContaining({
      agentName: 'log-collector',
      namespace: 'logging',
      memoryLimitMiB: 256,
      containerRuntime: ContainerRuntime.CONTAINERD,
      stateDirectory: '/var/lib/fake/logging-log-collector',
    }));
    expect(r.container.name).toBe('fake');
    expect(r.container.securityContext).toEqual(expect.objectContaining({ runAsUser: 10001, runAsNonRoot: true }));
    expect(mountAt(r.container, '/var/cache/fake').readOnly).toBe(false);
    expect(r.template.annotations[CONFIG_HASH_ANNOTATION]).toBe(ConfigHash.sha256({ 'fake.yaml': 'agent: log-collector\n' }));
    expect(only(r.manifests, 'ServiceMonitor').spec.endpoints[0]).toEqual(expect.objectContaining({ port: 'metrics', path: '/metrics' }));
  });

  test('may not ask for a sensitive path the library has no reason for', () => {
    const engine = new FakeEngine({ hostPaths: [{ path: '/var/lib/kubelet/pods', type: HostPathType.DIRECTORY }] });

    expect(() => build({ engine })).toThrow(literal(
      'engine: received \'fake\'; the engine asks for the sensitive host path \'/var/lib/kubelet/pods\', '
      + 'which the LogCollector has no reason for'));
  });

  test('must write its state where the collector mounts it', () => {
    const engine = new FakeEngine({ stateDirectory: '/var/lib/elsewhere' });

    expect(() => build({ engine })).toThrow(literal(
      'engine: received \'fake\'; the engine writes its state to \'/var/lib/elsewhere\', not to the state directory'));
  });

  test('a state directory over one of its read-only mounts is refused by the collector', () => {
    const engine = new FakeEngine();

    expect(() => build({ engine, stateDirectory: '/var/log/pods/fake' })).toThrow(literal(
      'stateDirectory: received \'/var/log/pods/fake\'; it lies under or contains the read-only host path \'/var/log/pods\''));
    expect(() => build({ engine: new FakeEngine(), stateDirectory: '/opt/fake/state' })).toThrow(literal(
      'it lies under or contains the read-only configuration directory \'/opt/fake\''));
  });

  test('may not ask for a writable root filesystem, nor omit its port', () => {
    const writableRoot = new FakeEngine({ runAs: { ...FluentBitEngine.RUN_AS, readOnlyRootFilesystem: false } });
    const noPort = new FakeEngine({ ports: [] });

    expect(() => build({ engine: writableRoot })).toThrow(/the engine asks for a writable root filesystem/);
    expect(() => build({ engine: noPort })).toThrow(/the engine declares no metrics and health port/);
  });

  test('may mount log paths only as directories', () => {
    const engine = new FakeEngine({ hostPaths: [{ path: '/var/log/pods', type: HostPathType.FILE }] });

    expect(() => build({ engine })).toThrow(literal(
      'engine: received \'fake\'; the engine mounts the log path \'/var/log/pods\' with hostPath type File; '
      + 'a log path is a directory, of type Directory or DirectoryOrCreate'));
  });

  test('may not define a variable over the node identity', () => {
    const engine = new FakeEngine({ fieldEnv: [{ name: 'NODE_NAME', fieldPath: 'metadata.name' }] });

    expect(() => build({ engine })).toThrow(/defines the environment variable NODE_NAME twice or over the node identity/);
  });
});

describe('the example', () => {
  test('renders a configuration that passes the linter, with Loki and Elasticsearch', () => {
    // GIVEN the app of examples/log-collector
    const app = buildExample(Testing.app().outdir);
    const chart = app.charts[0];
    const collector = chart.node.findAll().find((c): c is LogCollector => c instanceof LogCollector)!;

    // WHEN
    const manifests = synth(chart);
    const spec = only(manifests, 'DaemonSet').spec.template.spec;
    const r: Rendered = {
      chart,
      collector,
      manifests,
      spec,
      container: containerNamed(spec, 'fluent-bit'),
      template: only(manifests, 'DaemonSet').spec.template.metadata,
      files: only(manifests, 'ConfigMap').data,
    };

    // THEN
    expect(lint(r)).toEqual([]);
    expect(r.files['outputs.conf']).toMatch(/^ {4}Name +loki$/m);
    expect(r.files['outputs.conf']).toMatch(/^ {4}Name +es$/m);
    expect(only(manifests, 'ClusterRole').rules)
      .toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
  });
});

describe('LogCollector defaults', () => {
  test('render as their snapshot', () => {
    // GIVEN only the required output
    const chart = testChart();
    new LogCollector(chart, 'logs', { outputs: [LogOutput.stdout()] });

    // THEN every object matches the recorded defaults
    expect(synth(chart)).toMatchSnapshot();
  });
});

import { HostPathType } from '../src/host-access';
import {
  ConfigHash, ContainerRuntime, FluentBitEngine, HttpFormat, JournalDirectory, LogEngineConfiguration, LogEngineInput,
  LogHostPaths, LogOutput, LogParserFormat, OpenSearchAwsService,
} from '../src/log-collector';
import { globsIntersect, lintFluentBit, LintIssue, parseClassic, ParsedSection } from './support/fluent-bit-lint';

// Host names are in-cluster Service names: nothing here points at a real external host.
const LOKI_HOST = 'loki-gateway.monitoring.svc.cluster.local';
const ES_HOST = 'elasticsearch-es-http.search.svc';

function input(overrides: Partial<LogEngineInput> = {}): LogEngineInput {
  return {
    agentName: 'log-collector',
    namespace: 'logging',
    containerRuntime: ContainerRuntime.CONTAINERD,
    memoryLimitMiB: 256,
    outputs: [LogOutput.stdout()],
    ...overrides,
  };
}

function render(overrides: Partial<LogEngineInput> = {}, engine = new FluentBitEngine()): LogEngineConfiguration {
  return engine.render(input(overrides));
}

function lint(r: LogEngineConfiguration): LintIssue[] {
  return lintFluentBit(r.configFiles, {
    configDirectory: r.configDirectory,
    env: [...r.secretEnv, ...r.fieldEnv].map(e => e.name),
    writablePaths: [r.stateDirectory],
  });
}

function sections(r: LogEngineConfiguration, file: string): ParsedSection[] {
  const issues: LintIssue[] = [];
  const parsed = parseClassic(file, r.configFiles[file], issues);
  expect(issues).toEqual([]);
  return parsed.sections;
}

/** The entries of the first section of `type` named `name`, as key to values. */
function section(r: LogEngineConfiguration, file: string, type: string, name?: string): Map<string, string[]> {
  const found = sections(r, file).find(s => s.type === type
    && (name === undefined || s.entries.some(e => e.key === 'Name' && e.value === name)));
  if (!found) throw new Error(`no [${type}] ${name ?? ''} in ${file}`);
  const map = new Map<string, string[]>();
  for (const e of found.entries) map.set(e.key, [...(map.get(e.key) ?? []), e.value]);
  return map;
}

function one(map: Map<string, string[]>, key: string): string | undefined {
  const values = map.get(key);
  if (values && values.length > 1) throw new Error(`${key} appears ${values.length} times`);
  return values?.[0];
}

const secret = (secretName: string, key: string) => ({ secretName, key });

describe('defaults', () => {
  test('the minimal agent renders a configuration that passes the linter', () => {
    // GIVEN an agent with one stdout output and nothing else
    // WHEN it renders
    const r = render();

    // THEN the linter finds nothing, and the files are exactly the main file and the pipeline
    expect(lint(r)).toEqual([]);
    expect(Object.keys(r.configFiles).sort()).toEqual(['fluent-bit.conf', 'inputs.conf', 'outputs.conf']);
  });

  test('container logs are tailed with both CRI and Docker multi-line parsers and a DB in the state directory', () => {
    const r = render();
    const tail = section(r, 'inputs.conf', 'INPUT', 'tail');

    expect(one(tail, 'Path')).toBe('/var/log/containers/*.log');
    expect(one(tail, 'Tag')).toBe('kube.*');
    expect(one(tail, 'multiline.parser')).toBe('cri, docker');
    expect(one(tail, 'DB')).toBe('/var/lib/fluent-bit/containers.db');
    expect(one(tail, 'Mem_Buf_Limit')).toBe(String(32 * 1024 * 1024));
    expect(one(tail, 'Skip_Long_Lines')).toBe('On');
    expect(one(tail, 'Refresh_Interval')).toBe('10');
    expect(one(tail, 'storage.type')).toBe('filesystem');
  });

  test('the agent\'s own container logs are excluded, computed from its name and namespace', () => {
    const r = render({ agentName: 'node-logs', namespace: 'observability' });

    const tail = section(r, 'inputs.conf', 'INPUT', 'tail');
    expect(one(tail, 'Exclude_Path')).toBe('/var/log/containers/node-logs-*_observability_*.log');
  });

  test('excluded namespaces are added to the exclusion, sorted and without duplicates', () => {
    const r = render({ containerLogs: { excludeNamespaces: ['kube-system', 'default', 'kube-system'] } });

    expect(one(section(r, 'inputs.conf', 'INPUT', 'tail'), 'Exclude_Path')).toBe([
      '/var/log/containers/log-collector-*_logging_*.log',
      '/var/log/containers/*_default_*.log',
      '/var/log/containers/*_kube-system_*.log',
    ].join(', '));
  });

  test('a Docker node reads its own format first', () => {
    const r = render({ containerRuntime: ContainerRuntime.DOCKER });

    expect(one(section(r, 'inputs.conf', 'INPUT', 'tail'), 'multiline.parser')).toBe('docker, cri');
  });

  test('the service enables the HTTP server, the health check and filesystem storage in the state directory', () => {
    const r = render();
    const service = section(r, 'fluent-bit.conf', 'SERVICE');

    expect(one(service, 'HTTP_Server')).toBe('On');
    expect(one(service, 'HTTP_Port')).toBe('2020');
    expect(one(service, 'Health_Check')).toBe('On');
    expect(one(service, 'storage.path')).toBe('/var/lib/fluent-bit/buffer');
    expect(one(service, 'storage.max_chunks_up')).toBe('32');
    expect(service.get('Parsers_File')).toEqual(['/fluent-bit/etc/parsers.conf']);
  });

  test('the result carries the pod wiring as data', () => {
    const r = render();

    expect(r.image).toBe(`cr.fluentbit.io/fluent/fluent-bit:${FluentBitEngine.DEFAULT_IMAGE_TAG}`);
    expect(r.command).toEqual(['/fluent-bit/bin/fluent-bit']);
    expect(r.args).toEqual(['--config=/fluent-bit/etc/conf/fluent-bit.conf']);
    expect(r.configDirectory).toBe('/fluent-bit/etc/conf');
    expect(r.ports).toEqual([{ name: 'http-metrics', containerPort: 2020 }]);
    expect(r.metricsPath).toBe('/api/v2/metrics/prometheus');
    expect(r.livenessProbePath).toBe('/');
    expect(r.readinessProbePath).toBe('/api/v1/health');
    expect(r.stateDirectory).toBe('/var/lib/fluent-bit');
    expect(r.scratchDirectories).toEqual([]);
    expect(r.secretEnv).toEqual([]);
    expect(r.fieldEnv).toEqual([]);
    expect(r.secretVolumes).toEqual([]);
  });

  test('without metadata there is no API access, no role and no filter', () => {
    const r = render();

    expect(r.needsKubernetesApi).toBe(false);
    expect(r.rbacRules).toEqual([]);
    expect(r.configFiles['filters.conf']).toBeUndefined();
  });

  test('the metrics port can be moved', () => {
    const r = render({ metricsPort: 2021 });

    expect(one(section(r, 'fluent-bit.conf', 'SERVICE'), 'HTTP_Port')).toBe('2021');
    expect(r.ports).toEqual([{ name: 'http-metrics', containerPort: 2021 }]);
  });

  test('the image tag can be overridden, by tag or by digest', () => {
    expect(new FluentBitEngine({ imageTag: '4.0.13' }).image).toBe('cr.fluentbit.io/fluent/fluent-bit:4.0.13');
    const digest = `@sha256:${'a'.repeat(64)}`;
    expect(new FluentBitEngine({ imageRepository: 'registry.internal/fluent-bit', imageTag: digest }).image)
      .toBe(`registry.internal/fluent-bit${digest}`);
  });
});

describe('running user', () => {
  test('uid 0 with every capability dropped, none added, no escalation, read-only root filesystem', () => {
    const r = render();

    expect(r.runAs).toEqual({
      userId: 0,
      groupId: 0,
      runAsNonRoot: false,
      capabilitiesAdd: [],
      capabilitiesDrop: ['ALL'],
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
  });

  test('each render returns its own copy, so a caller cannot change the engine\'s recommendation', () => {
    const first = render();
    (first.runAs.capabilitiesDrop as string[]).push('NET_RAW');

    expect(render().runAs.capabilitiesDrop).toEqual(['ALL']);
  });
});

describe('host paths', () => {
  test.each([
    [ContainerRuntime.CONTAINERD, ['/var/log/containers', '/var/log/pods']],
    [ContainerRuntime.CRIO, ['/var/log/containers', '/var/log/pods']],
    [ContainerRuntime.DOCKER, ['/var/log/containers', '/var/log/pods', '/var/lib/docker/containers']],
  ])('%s mounts the directories on its link chain and nothing else', (runtime, paths) => {
    expect(LogHostPaths.forContainerLogs(runtime).map(p => p.path)).toEqual(paths);
    expect(render({ containerRuntime: runtime }).hostPaths.map(p => p.path)).toEqual(paths);
  });

  test('every log directory must exist, so a wrong runtime fails the pod instead of reading nothing', () => {
    const all = [...LogHostPaths.forContainerLogs(ContainerRuntime.DOCKER), ...LogHostPaths.forJournal(JournalDirectory.VOLATILE)];

    expect(all.every(p => p.type === HostPathType.DIRECTORY)).toBe(true);
  });

  test('the journal directories are /var/log/journal and /run/log/journal', () => {
    expect(LogHostPaths.forJournal(JournalDirectory.PERSISTENT)).toEqual([{ path: '/var/log/journal', type: HostPathType.DIRECTORY }]);
    expect(LogHostPaths.forJournal(JournalDirectory.VOLATILE)).toEqual([{ path: '/run/log/journal', type: HostPathType.DIRECTORY }]);
  });
});

describe('journal', () => {
  test('the systemd input reads the chosen directory with a cursor DB in the state directory', () => {
    // GIVEN the journal with two units, given out of order
    const r = render({ journal: { units: ['kubelet.service', 'containerd.service'] } });

    // THEN the input filters on both units, in a stable order, and the directory is mounted
    const systemd = section(r, 'inputs.conf', 'INPUT', 'systemd');
    expect(one(systemd, 'Path')).toBe('/var/log/journal');
    expect(one(systemd, 'Tag')).toBe('journal.*');
    expect(one(systemd, 'DB')).toBe('/var/lib/fluent-bit/journal.db');
    expect(one(systemd, 'Read_From_Tail')).toBe('On');
    expect(systemd.get('Systemd_Filter')).toEqual(['_SYSTEMD_UNIT=containerd.service', '_SYSTEMD_UNIT=kubelet.service']);
    expect(r.hostPaths.map(p => p.path)).toContain('/var/log/journal');
    expect(lint(r)).toEqual([]);
  });

  test('a volatile journal is read from /run/log/journal and only that directory is mounted', () => {
    const r = render({ journal: { directory: JournalDirectory.VOLATILE } });

    expect(one(section(r, 'inputs.conf', 'INPUT', 'systemd'), 'Path')).toBe('/run/log/journal');
    expect(r.hostPaths.map(p => p.path)).toEqual(['/var/log/containers', '/var/log/pods', '/run/log/journal']);
  });

  test('without the journal, no journal directory is mounted', () => {
    expect(render().hostPaths.some(p => p.path.includes('journal'))).toBe(false);
  });
});

describe('kubernetes metadata', () => {
  test('the filter talks to the API server with the ServiceAccount token and merges JSON logs', () => {
    const r = render({ kubernetesMetadata: {} });
    const kube = section(r, 'filters.conf', 'FILTER', 'kubernetes');

    expect(one(kube, 'Match')).toBe('kube.*');
    expect(one(kube, 'Kube_URL')).toBe('https://kubernetes.default.svc:443');
    expect(one(kube, 'Kube_Token_File')).toBe('/var/run/secrets/kubernetes.io/serviceaccount/token');
    expect(one(kube, 'Kube_Tag_Prefix')).toBe('kube.var.log.containers.');
    expect(one(kube, 'Merge_Log')).toBe('On');
    expect(one(kube, 'Keep_Log')).toBe('Off');
    expect(one(kube, 'K8S-Logging.Parser')).toBe('Off');
    expect(one(kube, 'K8S-Logging.Exclude')).toBe('On');
    expect(one(kube, 'Labels')).toBe('On');
    expect(one(kube, 'Annotations')).toBe('Off');
    expect(one(kube, 'Use_Kubelet')).toBe('Off');
    expect(lint(r)).toEqual([]);
  });

  test('it needs exactly get, list and watch on pods and namespaces', () => {
    const r = render({ kubernetesMetadata: {} });

    expect(r.needsKubernetesApi).toBe(true);
    expect(r.rbacRules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
    expect(r.fieldEnv).toEqual([]);
  });

  test('the toggles reach the filter', () => {
    const r = render({
      kubernetesMetadata: {
        labels: false,
        annotations: true,
        mergeLog: false,
        keepLog: true,
        mergeLogKey: 'app',
        podParserAnnotation: true,
        podExcludeAnnotation: false,
        apiBufferSizeKiB: 0,
      },
    });
    const kube = section(r, 'filters.conf', 'FILTER', 'kubernetes');

    expect([one(kube, 'Labels'), one(kube, 'Annotations'), one(kube, 'Merge_Log'), one(kube, 'Keep_Log')])
      .toEqual(['Off', 'On', 'Off', 'On']);
    expect(one(kube, 'Merge_Log_Key')).toBe('app');
    expect([one(kube, 'K8S-Logging.Parser'), one(kube, 'K8S-Logging.Exclude')]).toEqual(['On', 'Off']);
    expect(one(kube, 'Buffer_Size')).toBe('0k');
  });

  test('the kubelet mode reads the node IP from the pod and also needs nodes/proxy', () => {
    const r = render({ kubernetesMetadata: { useKubelet: true } });
    const kube = section(r, 'filters.conf', 'FILTER', 'kubernetes');

    expect(one(kube, 'Use_Kubelet')).toBe('On');
    expect(one(kube, 'Kubelet_Host')).toBe('${NODE_IP}');
    expect(r.fieldEnv).toEqual([{ name: 'NODE_IP', fieldPath: 'status.hostIP' }]);
    expect(r.rbacRules).toContainEqual({ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] });
    expect(lint(r)).toEqual([]);
  });
});

describe('outputs', () => {
  const tls = { ca: secret('backend-ca', 'ca.crt') };
  const auth = { username: secret('backend-auth', 'username'), password: secret('backend-auth', 'password') };
  const factories: Array<[string, () => LogOutput]> = [
    ['stdout', () => LogOutput.stdout()],
    ['forward', () => LogOutput.forward({ host: 'fluentd.logging.svc', tls, sharedKey: secret('fluentd', 'shared-key') })],
    ['loki', () => LogOutput.loki({ host: LOKI_HOST, tls, basicAuth: auth, tenantId: 'team-a' })],
    ['loki, bearer token', () => LogOutput.loki({ host: LOKI_HOST, bearerToken: secret('loki', 'token'), headers: { 'X-Team': 'a' } })],
    ['elasticsearch', () => LogOutput.elasticsearch({ host: ES_HOST, tls, basicAuth: auth, logstashPrefix: 'k8s' })],
    ['elasticsearch, api key', () => LogOutput.elasticsearch({ host: ES_HOST, apiKey: secret('es', 'api-key') })],
    ['opensearch', () => LogOutput.opensearch({ host: 'opensearch.search.svc', tls, basicAuth: auth })],
    ['opensearch, aws', () => LogOutput.opensearch({ host: 'opensearch.search.svc', tls: {}, awsAuth: { region: 'eu-west-1' } })],
    ['http', () => LogOutput.http({
      host: 'collector.ingest.svc',
      uri: '/v1/logs',
      headers: { 'X-Source': 'k8s' },
      secretHeaders: { 'X-Api-Key': secret('collector', 'api-key') },
      tls: { clientCertificate: { secretName: 'client-tls' } },
    })],
    ['raw kafka', () => LogOutput.raw('kafka', { brokers: 'kafka-0.kafka.svc:9092', topics: 'logs' }, {
      secretProperties: { 'rdkafka.sasl.password': secret('kafka', 'password') },
      secretFileProperties: { 'rdkafka.ssl.ca.location': secret('kafka-ca', 'ca.crt') },
    })],
  ];

  test.each(factories)('%s renders a configuration that passes the linter', (_name, make) => {
    const r = render({ outputs: [make()], kubernetesMetadata: {}, journal: {} });

    expect(lint(r)).toEqual([]);
  });

  test.each(factories)('%s keeps every credential out of the configuration', (_name, make) => {
    // GIVEN an output whose credentials come from Secrets
    const r = render({ outputs: [make()] });
    const text = Object.values(r.configFiles).join('\n');

    // THEN every variable the configuration uses is bound to a Secret key or a pod field,
    // and every file it names under the Secrets directory is projected from a Secret
    const refs = [...text.matchAll(/\$\{([^}]+)\}/g)].map(m => m[1]);
    const bound = [...r.secretEnv, ...r.fieldEnv].map(e => e.name);
    expect(refs.filter(v => !bound.includes(v))).toEqual([]);
    const files = [...text.matchAll(/\/fluent-bit\/secrets\/\S+/g)].map(m => m[0]);
    const projected = r.secretVolumes.flatMap(v => v.items.map(i => `${v.mountPath}/${i.path}`));
    expect(files.filter(f => !projected.includes(f))).toEqual([]);
  });

  test('stdout prints JSON lines and receives every record by default', () => {
    const out = section(render(), 'outputs.conf', 'OUTPUT', 'stdout');

    expect(one(out, 'Match')).toBe('*');
    expect(one(out, 'Format')).toBe('json_lines');
    expect(one(out, 'Retry_Limit')).toBe('no_limits');
  });

  test('forward with Secure Forward takes the shared key from a Secret and the CA from a mounted file', () => {
    const r = render({ outputs: [factories[1][1]()] });
    const out = section(r, 'outputs.conf', 'OUTPUT', 'forward');

    expect(one(out, 'Host')).toBe('fluentd.logging.svc');
    expect(one(out, 'Port')).toBe('24224');
    expect(one(out, 'Shared_Key')).toBe('${OUTPUT_0_SHARED_KEY}');
    expect(one(out, 'tls')).toBe('On');
    expect(one(out, 'tls.verify')).toBe('On');
    expect(one(out, 'tls.ca_file')).toBe('/fluent-bit/secrets/backend-ca/ca.crt');
    expect(r.secretEnv).toEqual([{ name: 'OUTPUT_0_SHARED_KEY', secretName: 'fluentd', key: 'shared-key' }]);
    expect(r.secretVolumes).toEqual([{
      secretName: 'backend-ca', mountPath: '/fluent-bit/secrets/backend-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }],
    }]);
  });

  test('loki: labels, tenant, basic auth from Secrets and the TLS port', () => {
    const r = render({
      outputs: [LogOutput.loki({
        host: LOKI_HOST,
        tls: {},
        tenantId: 'team-a',
        basicAuth: auth,
        labels: { namespace: "$kubernetes['namespace_name']", job: 'fluent-bit' },
        labelKeys: ["$kubernetes['pod_name']"],
      })],
    });
    const out = section(r, 'outputs.conf', 'OUTPUT', 'loki');

    expect(one(out, 'Port')).toBe('443');
    expect(one(out, 'Uri')).toBe('/loki/api/v1/push');
    expect(one(out, 'Labels')).toBe("job=fluent-bit, namespace=$kubernetes['namespace_name']");
    expect(one(out, 'Label_Keys')).toBe("$kubernetes['pod_name']");
    expect(one(out, 'Tenant_ID')).toBe('team-a');
    expect(one(out, 'HTTP_User')).toBe('${OUTPUT_0_HTTP_USER}');
    expect(one(out, 'HTTP_Passwd')).toBe('${OUTPUT_0_HTTP_PASSWD}');
  });

  test('loki without TLS uses port 3100 and the default job label', () => {
    const out = section(render({ outputs: [LogOutput.loki({ host: LOKI_HOST })] }), 'outputs.conf', 'OUTPUT', 'loki');

    expect(one(out, 'Port')).toBe('3100');
    expect(one(out, 'Labels')).toBe('job=fluent-bit');
  });

  test('elasticsearch: daily indices with a prefix, no mapping type, dots replaced, API key from a Secret', () => {
    const r = render({ outputs: [LogOutput.elasticsearch({ host: ES_HOST, logstashPrefix: 'k8s', apiKey: secret('es', 'api-key') })] });
    const out = section(r, 'outputs.conf', 'OUTPUT', 'es');

    expect(one(out, 'Logstash_Format')).toBe('On');
    expect(one(out, 'Logstash_Prefix')).toBe('k8s');
    expect(one(out, 'Index')).toBeUndefined();
    expect(one(out, 'Suppress_Type_Name')).toBe('On');
    expect(one(out, 'Replace_Dots')).toBe('On');
    expect(one(out, 'HTTP_API_Key')).toBe('${OUTPUT_0_HTTP_API_KEY}');
  });

  test('opensearch signs with AWS SigV4 from the pod identity when asked', () => {
    const r = render({
      outputs: [LogOutput.opensearch({
        host: 'opensearch.search.svc',
        port: 443,
        tls: {},
        index: 'logs',
        awsAuth: { region: 'eu-west-1', service: OpenSearchAwsService.SERVERLESS, roleArn: 'arn:aws:iam::123456789012:role/logs' },
      })],
    });
    const out = section(r, 'outputs.conf', 'OUTPUT', 'opensearch');

    expect(one(out, 'AWS_Auth')).toBe('On');
    expect(one(out, 'AWS_Region')).toBe('eu-west-1');
    expect(one(out, 'AWS_Service_Name')).toBe('aoss');
    expect(one(out, 'AWS_Role_ARN')).toBe('arn:aws:iam::123456789012:role/logs');
    expect(one(out, 'Index')).toBe('logs');
    expect(r.secretEnv).toEqual([]);
  });

  test('http: format, headers sorted with the secret ones as variables, client certificate files', () => {
    const r = render({ outputs: [factories[8][1]()] });
    const out = section(r, 'outputs.conf', 'OUTPUT', 'http');

    expect(one(out, 'Port')).toBe('443');
    expect(one(out, 'Uri')).toBe('/v1/logs');
    expect(one(out, 'Format')).toBe(HttpFormat.JSON);
    expect(out.get('Header')).toEqual(['X-Api-Key ${OUTPUT_0_HEADER_X_API_KEY}', 'X-Source k8s']);
    expect(one(out, 'tls.crt_file')).toBe('/fluent-bit/secrets/client-tls/tls.crt');
    expect(one(out, 'tls.key_file')).toBe('/fluent-bit/secrets/client-tls/tls.key');
    expect(r.secretVolumes).toEqual([{
      secretName: 'client-tls',
      mountPath: '/fluent-bit/secrets/client-tls',
      items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }],
    }]);
  });

  test('raw writes the plugin and its properties, credentials as variables and files as mounted paths', () => {
    const r = render({ outputs: [factories[9][1]()] });
    const out = section(r, 'outputs.conf', 'OUTPUT', 'kafka');

    expect(one(out, 'brokers')).toBe('kafka-0.kafka.svc:9092');
    expect(one(out, 'rdkafka.sasl.password')).toBe('${OUTPUT_0_RDKAFKA_SASL_PASSWORD}');
    expect(one(out, 'rdkafka.ssl.ca.location')).toBe('/fluent-bit/secrets/kafka-ca/ca.crt');
  });

  test('raw properties may use the variables the agent defines', () => {
    const r = render({
      kubernetesMetadata: { useKubelet: true },
      outputs: [LogOutput.raw('kafka', { brokers: 'kafka.svc:9092', message_key: '${NODE_IP}' })],
    });

    expect(one(section(r, 'outputs.conf', 'OUTPUT', 'kafka'), 'message_key')).toBe('${NODE_IP}');
  });

  test('several outputs, each with its own match, get distinct variables and share a Secret volume', () => {
    // GIVEN two outputs that use the same CA Secret and different credentials
    const r = render({
      journal: {},
      outputs: [
        LogOutput.loki({ host: LOKI_HOST, match: 'kube.*', tls, basicAuth: auth }),
        LogOutput.elasticsearch({ host: ES_HOST, match: 'journal.*', tls, basicAuth: auth, storageTotalLimitMiB: 512 }),
      ],
    });

    // THEN each output routes its own tag, the variables are per output, and one volume serves both
    expect(one(section(r, 'outputs.conf', 'OUTPUT', 'loki'), 'Match')).toBe('kube.*');
    const es = section(r, 'outputs.conf', 'OUTPUT', 'es');
    expect(one(es, 'Match')).toBe('journal.*');
    expect(one(es, 'storage.total_limit_size')).toBe(String(512 * 1024 * 1024));
    expect(r.secretEnv.map(e => e.name)).toEqual([
      'OUTPUT_0_HTTP_PASSWD', 'OUTPUT_0_HTTP_USER', 'OUTPUT_1_HTTP_PASSWD', 'OUTPUT_1_HTTP_USER',
    ]);
    expect(r.secretVolumes.map(v => v.secretName)).toEqual(['backend-ca']);
    expect(lint(r)).toEqual([]);
  });

  test('the options common to every output reach the section', () => {
    const out = section(render({ outputs: [LogOutput.stdout({ alias: 'debug', retryLimit: 3, workers: 2 })] }),
      'outputs.conf', 'OUTPUT', 'stdout');

    expect([one(out, 'Alias'), one(out, 'Retry_Limit'), one(out, 'Workers')]).toEqual(['debug', '3', '2']);
  });
});

describe('parsers', () => {
  const engine = () => new FluentBitEngine({
    parsers: [{ name: 'app-json', format: LogParserFormat.JSON, timeKey: 'ts', timeFormat: '%Y-%m-%dT%H:%M:%S.%L' }],
    multilineParsers: [{
      name: 'app-trace',
      parser: 'app-json',
      keyContent: 'message',
      rules: [
        { state: 'start_state', regex: '/^\\d{4}-\\d{2}-\\d{2}/', nextState: 'cont' },
        { state: 'cont', regex: '/^\\s+at /', nextState: 'cont' },
      ],
    }],
  });

  test('custom parsers go to a parsers file the service loads, and the multiline filter uses them', () => {
    const r = render({ containerLogs: { multilineParsers: ['java', 'app-trace'] }, kubernetesMetadata: {} }, engine());

    expect(section(r, 'fluent-bit.conf', 'SERVICE').get('Parsers_File'))
      .toEqual(['/fluent-bit/etc/parsers.conf', '/fluent-bit/etc/conf/parsers.conf']);
    const rule = section(r, 'parsers.conf', 'MULTILINE_PARSER').get('Rule');
    expect(rule).toEqual(['"start_state" "/^\\d{4}-\\d{2}-\\d{2}/" "cont"', '"cont" "/^\\s+at /" "cont"']);
    expect(one(section(r, 'filters.conf', 'FILTER', 'multiline'), 'multiline.parser')).toBe('java, app-trace');
    expect(lint(r)).toEqual([]);
  });

  test('the multiline filter comes before the kubernetes filter, since it re-emits records at the head', () => {
    const r = render({ containerLogs: { multilineParsers: ['go'] }, kubernetesMetadata: {} });

    const names = sections(r, 'filters.conf').map(s => s.entries.find(e => e.key === 'Name')!.value);
    expect(names).toEqual(['multiline', 'kubernetes']);
  });

  test('without the image parsers file, only the rendered parsers are loaded', () => {
    const r = render({}, new FluentBitEngine({ imageParsers: false }));

    expect(section(r, 'fluent-bit.conf', 'SERVICE').get('Parsers_File')).toBeUndefined();
    expect(lint(r)).toEqual([]);
  });
});

describe('determinism and the content hash', () => {
  const full = (): Partial<LogEngineInput> => ({
    journal: { units: ['kubelet.service'] },
    kubernetesMetadata: {},
    outputs: [
      LogOutput.loki({ host: LOKI_HOST, labels: { b: '2', a: '1' }, headers: { 'X-B': 'b', 'X-A': 'a' } }),
      LogOutput.http({ host: 'collector.ingest.svc', secretHeaders: { 'X-B': secret('c', 'b'), 'X-A': secret('c', 'a') } }),
    ],
  });

  test('the same input renders the same bytes and the same hash', () => {
    const a = render(full());
    const b = render(full());

    expect(b.configFiles).toEqual(a.configFiles);
    expect(b.configHash).toBe(a.configHash);
    expect(a.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.configHash).toBe(ConfigHash.sha256(a.configFiles));
  });

  test('a change of configuration changes the hash', () => {
    const a = render(full());
    const b = render({ ...full(), containerLogs: { refreshIntervalSeconds: 20 } });

    expect(b.configHash).not.toBe(a.configHash);
  });

  test('the hash ignores the order of the files but not which file holds which text', () => {
    expect(ConfigHash.sha256({ a: 'x', b: 'y' })).toBe(ConfigHash.sha256({ b: 'y', a: 'x' }));
    expect(ConfigHash.sha256({ a: 'xy', b: '' })).not.toBe(ConfigHash.sha256({ a: 'x', b: 'y' }));
  });
});

describe('buffers against the memory limit', () => {
  test('the defaults fit a 128 MiB limit', () => {
    expect(() => render({ memoryLimitMiB: 128, journal: {} })).not.toThrow();
  });

  test('an input buffer at the memory limit is an error naming the prop and both values', () => {
    expect(() => render({ memoryLimitMiB: 256, containerLogs: { memBufLimitMiB: 256 } }))
      .toThrow('containerLogs.memBufLimitMiB: received 256; the buffer is 256 MiB, at or above the memory limit of 256 MiB');
  });

  test('a journal buffer above the memory limit is an error', () => {
    expect(() => render({ memoryLimitMiB: 64, journal: { memBufLimitMiB: 100 } }))
      .toThrow('journal.memBufLimitMiB: received 100; the buffer is 100 MiB, at or above the memory limit of 64 MiB');
  });

  test('chunks held in memory count at 2 MiB each', () => {
    expect(() => render({ memoryLimitMiB: 256, buffer: { maxChunksUp: 128 } }))
      .toThrow('buffer.maxChunksUp: received 128; the buffer is 256 MiB (128 chunks of 2 MiB), at or above the memory limit of 256 MiB');
  });

  test('buffers that each fit but together do not are an error listing every term', () => {
    expect(() => render({ memoryLimitMiB: 100, containerLogs: { memBufLimitMiB: 50 } })).toThrow(
      'memoryLimitMiB: received 100; the buffers add up to 122 MiB (containerLogs.memBufLimitMiB 50 + buffer.maxChunksUp (32 chunks of 2 MiB) 64 '
      + '+ buffer.backlogMemLimitMiB 8), at or above the memory limit of 100 MiB',
    );
  });

  test('without filesystem buffering the chunk settings are refused and storage keys disappear', () => {
    const r = render({ buffer: { filesystem: false } });

    expect(one(section(r, 'fluent-bit.conf', 'SERVICE'), 'storage.path')).toBeUndefined();
    expect(one(section(r, 'inputs.conf', 'INPUT', 'tail'), 'storage.type')).toBeUndefined();
    expect(lint(r)).toEqual([]);
    expect(() => render({ buffer: { filesystem: false, maxChunksUp: 8 } }))
      .toThrow('buffer.maxChunksUp: received 8; applies only with filesystem buffering, and buffer.filesystem is false');
    expect(() => render({ buffer: { filesystem: false, backlogMemLimitMiB: 4 } }))
      .toThrow('buffer.backlogMemLimitMiB: received 4; applies only with filesystem buffering');
  });

  test('a per-output disk limit needs filesystem buffering', () => {
    expect(() => render({ buffer: { filesystem: false }, outputs: [LogOutput.stdout({ storageTotalLimitMiB: 100 })] }))
      .toThrow('outputs[0].storageTotalLimitMiB: received 100; applies only with filesystem buffering, and buffer.filesystem is false');
  });
});

describe('state directory', () => {
  test('a custom state directory holds every DB and the buffer', () => {
    const r = render({ stateDirectory: '/var/lib/node-logs/state', journal: {} });

    expect(one(section(r, 'inputs.conf', 'INPUT', 'tail'), 'DB')).toBe('/var/lib/node-logs/state/containers.db');
    expect(one(section(r, 'inputs.conf', 'INPUT', 'systemd'), 'DB')).toBe('/var/lib/node-logs/state/journal.db');
    expect(one(section(r, 'fluent-bit.conf', 'SERVICE'), 'storage.path')).toBe('/var/lib/node-logs/state/buffer');
    expect(lint(r)).toEqual([]);
  });

  test.each([
    ['var/lib/fluent-bit', "expected an absolute, normal path (it must start with '/')"],
    ['/var/lib/../log', "expected an absolute, normal path (it must not contain '.' or '..' segments)"],
    ['/var/lib/fluent-bit/', "expected an absolute, normal path (it must not end with '/')"],
    ['/var/lib/fluent bit', 'expected a path without blanks or wildcards'],
    ['/var', 'expected a directory of its own at least two levels deep'],
    ['/var/log/pods/fluent-bit', "it lies under or contains the read-only host path '/var/log/pods'"],
    ['/var/log', "it lies under or contains the read-only host path '/var/log/containers'"],
    ['/fluent-bit/etc/conf/state', "it lies under or contains the read-only configuration directory '/fluent-bit/etc/conf'"],
    ['/fluent-bit/secrets', "it lies under or contains the Secrets directory '/fluent-bit/secrets'"],
  ])('%s is refused', (stateDirectory, message) => {
    expect(() => render({ stateDirectory })).toThrow(`stateDirectory: received '${stateDirectory}'; ${message}`);
  });

  test('a state directory under the journal mount is refused when the journal is read', () => {
    expect(() => render({ stateDirectory: '/run/log/journal/fb', journal: { directory: JournalDirectory.VOLATILE } }))
      .toThrow("stateDirectory: received '/run/log/journal/fb'; it lies under or contains the read-only host path '/run/log/journal'");
  });

  test('on a Docker node the Docker directory is read-only too', () => {
    expect(() => render({ containerRuntime: ContainerRuntime.DOCKER, stateDirectory: '/var/lib/docker/containers/fb' }))
      .toThrow("stateDirectory: received '/var/lib/docker/containers/fb'; it lies under or contains the read-only host path "
        + "'/var/lib/docker/containers'");
  });
});

describe('invalid outputs', () => {
  test.each<[string, () => unknown, string]>([
    ['an output without its host', () => LogOutput.loki({ host: '' }),
      "LogOutput.loki.host: received ''; expected the host name or IP address of the destination"],
    ['a host given as a URL', () => LogOutput.http({ host: 'http://collector.svc' }),
      "LogOutput.http.host: received 'http://collector.svc'; expected a host name or IP address, without scheme, port or path"],
    ['a host with a port', () => LogOutput.elasticsearch({ host: 'es.svc:9200' }), "LogOutput.elasticsearch.host: received 'es.svc:9200'"],
    ['port 0', () => LogOutput.forward({ host: 'fluentd.svc', port: 0 }), 'LogOutput.forward.port: received 0; expected a whole number from 1 to 65535'],
    ['port 70000', () => LogOutput.loki({ host: 'loki.svc', port: 70000 }), 'LogOutput.loki.port: received 70000; expected a whole number from 1 to 65535'],
    ['a fractional port', () => LogOutput.http({ host: 'c.svc', port: 80.5 }), 'LogOutput.http.port: received 80.5'],
    ['an empty match', () => LogOutput.stdout({ match: '' }), "LogOutput.stdout.match: received ''; expected a tag pattern; use '*' to match every record"],
    ['a match with a blank', () => LogOutput.stdout({ match: 'kube *' }), "LogOutput.stdout.match: received 'kube *'; expected a tag pattern"],
    ['a retry limit of 0', () => LogOutput.stdout({ retryLimit: 0 }), 'LogOutput.stdout.retryLimit: received 0; expected a whole number from 1'],
    ['a shared key without TLS', () => LogOutput.forward({ host: 'f.svc', sharedKey: secret('s', 'k') }),
      'LogOutput.forward.tls: received undefined; expected TLS settings: sharedKey and userAuth need Secure Forward'],
    ['basic auth and a bearer token', () => LogOutput.loki({
      host: 'l.svc', bearerToken: secret('s', 't'), basicAuth: { username: secret('s', 'u'), password: secret('s', 'p') },
    }), "LogOutput.loki.bearerToken: received 'set with basicAuth'; expected one of basicAuth and bearerToken, which exclude each other"],
    ['an API key and basic auth', () => LogOutput.elasticsearch({
      host: 'e.svc', apiKey: secret('s', 'k'), basicAuth: { username: secret('s', 'u'), password: secret('s', 'p') },
    }), "LogOutput.elasticsearch.basicAuth: received 'set with apiKey'; expected one of apiKey and basicAuth"],
    ['AWS auth without TLS', () => LogOutput.opensearch({ host: 'o.svc', awsAuth: { region: 'eu-west-1' } }),
      'LogOutput.opensearch.tls: received undefined; expected TLS settings, which awsAuth needs'],
    ['AWS auth with a bad region', () => LogOutput.opensearch({ host: 'o.svc', tls: {}, awsAuth: { region: 'europe' } }),
      "LogOutput.opensearch.awsAuth.region: received 'europe'; expected an AWS region such as 'eu-west-1'"],
    ['an index and a logstash prefix', () => LogOutput.opensearch({ host: 'o.svc', index: 'a', logstashPrefix: 'b' }),
      "LogOutput.opensearch.logstashPrefix: received 'set with index'; expected one of index and logstashPrefix"],
    ['an upper-case index', () => LogOutput.elasticsearch({ host: 'e.svc', index: 'Logs' }),
      "LogOutput.elasticsearch.index: received 'Logs'; expected lower-case letters"],
    ['a header value with a line break', () => LogOutput.http({ host: 'c.svc', headers: { 'X-A': 'a\n[OUTPUT]' } }),
      "LogOutput.http.headers['X-A']: received 'a\\n[OUTPUT]'; expected a single line"],
    ['an Authorization header with a literal value', () => LogOutput.http({ host: 'c.svc', headers: { Authorization: 'Bearer x' } }),
      "LogOutput.http.headers: received 'Authorization'; this header takes no literal value; use basicAuth, bearerToken or secretHeaders"],
    ['a label value that would expand a variable', () => LogOutput.loki({ host: 'l.svc', labels: { job: '${HOSTNAME}' } }),
      "LogOutput.loki.labels['job']: received '${HOSTNAME}'; expected no '${'"],
    ['a label name Loki refuses', () => LogOutput.loki({ host: 'l.svc', labels: { 'app-name': 'x' } }),
      "LogOutput.loki.labels: received 'app-name'; expected a Loki label name"],
    ['no labels at all', () => LogOutput.loki({ host: 'l.svc', labels: {} }),
      'LogOutput.loki.labels: received {}; expected at least one stream label'],
    ['a Secret name that is not one', () => LogOutput.loki({ host: 'l.svc', bearerToken: secret('Loki_Token', 't') }),
      "LogOutput.loki.bearerToken.secretName: received 'Loki_Token'; expected a Secret name"],
    ['a relative URI', () => LogOutput.loki({ host: 'l.svc', uri: 'push' }),
      "LogOutput.loki.uri: received 'push'; expected a path starting with '/'"],
    ['a raw literal password', () => LogOutput.raw('http', { host: 'c.svc', http_passwd: 'hunter2' }),
      "LogOutput.raw('http').properties: received 'http_passwd'; this key holds a credential; pass it in secretProperties as a Secret reference"],
    ['a raw literal token', () => LogOutput.raw('loki', { host: 'l.svc', Bearer_Token: 'abc' }),
      "LogOutput.raw('loki').properties: received 'Bearer_Token'; this key holds a credential"],
    ['a raw Match property', () => LogOutput.raw('null', { Match: '*' }),
      "LogOutput.raw('null').properties: received 'Match'; the output options set this key"],
    ['a raw key given twice', () => LogOutput.raw('kafka', { topics: 'a' }, { secretProperties: { Topics: secret('k', 't') } }),
      "LogOutput.raw('kafka').secretProperties: received 'Topics'; expected each key once"],
    ['a raw plugin name with capitals', () => LogOutput.raw('Kafka', {}),
      "LogOutput.raw.pluginName: received 'Kafka'; expected a plugin name"],
    ['TLS hostname check without verification', () => LogOutput.http({ host: 'c.svc', tls: { verify: false, verifyHostname: true } }),
      'LogOutput.http.tls.verifyHostname: received true; expected false or unset while tls.verify is false'],
  ])('%s is refused', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  test('a raw property referring to a variable the agent does not define is refused at render', () => {
    const out = LogOutput.raw('kafka', { brokers: 'kafka.svc:9092', message_key: '${SECRET_FROM_NOWHERE}' });

    expect(() => render({ outputs: [out] }))
      .toThrow("outputs[0].properties['message_key']: received '${SECRET_FROM_NOWHERE}'; it refers to ${SECRET_FROM_NOWHERE}, "
        + 'which the agent does not define; defined: none');
  });
});

describe('invalid input', () => {
  test.each<[string, Partial<LogEngineInput>, string]>([
    ['no output', { outputs: [] }, 'outputs: received []; expected at least one output'],
    ['an agent name with capitals', { agentName: 'Logs' }, "agentName: received 'Logs'; expected an RFC 1123 label"],
    ['a namespace with a wildcard', { namespace: 'log*' }, "namespace: received 'log*'; expected an RFC 1123 label"],
    ['a memory limit of 0', { memoryLimitMiB: 0 }, 'memoryLimitMiB: received 0; expected a whole number from 16 to 1048576'],
    ['an unknown runtime', { containerRuntime: 'rkt' as ContainerRuntime },
      "containerRuntime: received 'rkt'; expected one of containerd, cri-o, docker"],
    ['metrics port 0', { metricsPort: 0 }, 'metricsPort: received 0; expected a whole number from 1 to 65535'],
    ['a zero refresh interval', { containerLogs: { refreshIntervalSeconds: 0 } },
      'containerLogs.refreshIntervalSeconds: received 0; expected a whole number from 1 to 3600'],
    ['an excluded namespace with a glob', { containerLogs: { excludeNamespaces: ['kube-*'] } },
      "containerLogs.excludeNamespaces[0]: received 'kube-*'; expected an RFC 1123 label"],
    ['an unknown multi-line parser', { containerLogs: { multilineParsers: ['kotlin'] } },
      "containerLogs.multilineParsers[0]: received 'kotlin'; expected a defined multi-line parser: cri, docker, go, java, python, ruby"],
    ['a multi-line parser named twice', { containerLogs: { multilineParsers: ['java', 'java'] } },
      'containerLogs.multilineParsers: received ["java","java"]; expected each parser once'],
    ['a journal unit with a filter expression', { journal: { units: ['_SYSTEMD_UNIT=kubelet.service'] } },
      "journal.units[0]: received '_SYSTEMD_UNIT=kubelet.service'; expected a systemd unit name"],
    ['a merge key with a line break', { kubernetesMetadata: { mergeLogKey: 'a\nb' } },
      "kubernetesMetadata.mergeLogKey: received 'a\\nb'; expected a single line"],
  ])('%s is refused', (_name, overrides, message) => {
    expect(() => render(overrides)).toThrow(message);
  });

  test.each<[string, () => unknown, string]>([
    ['a regex parser without a regex', () => new FluentBitEngine({ parsers: [{ name: 'p', format: LogParserFormat.REGEX }] }).render(input()),
      "FluentBitEngine.parsers[0].regex: received undefined; expected a regular expression, which format 'regex' needs"],
    ['a parser named like an image parser', () => new FluentBitEngine({ parsers: [{ name: 'json', format: LogParserFormat.JSON }] }).render(input()),
      "FluentBitEngine.parsers[0].name: received 'json'; a parser of this name is already defined by the image parsers file"],
    ['a multi-line parser named like a built-in one', () => new FluentBitEngine({
      multilineParsers: [{ name: 'go', rules: [{ state: 'start_state', regex: '/a/', nextState: 'start_state' }] }],
    }).render(input()), "FluentBitEngine.multilineParsers[0].name: received 'go'; a multi-line parser of this name is already defined (a built-in one)"],
    ['rules that do not start in start_state', () => new FluentBitEngine({
      multilineParsers: [{ name: 'm', rules: [{ state: 'cont', regex: '/a/', nextState: 'cont' }] }],
    }).render(input()), "FluentBitEngine.multilineParsers[0].rules[0].state: received 'cont'; expected 'start_state'"],
    ['a rule going to an unknown state', () => new FluentBitEngine({
      multilineParsers: [{ name: 'm', rules: [{ state: 'start_state', regex: '/a/', nextState: 'later' }] }],
    }).render(input()), "FluentBitEngine.multilineParsers[0].rules[0].nextState: received 'later'; expected the state of one of the rules: start_state"],
    ['a rule regex with a double quote', () => new FluentBitEngine({
      multilineParsers: [{ name: 'm', rules: [{ state: 'start_state', regex: '/"a"/', nextState: 'start_state' }] }],
    }).render(input()), 'FluentBitEngine.multilineParsers[0].rules[0].regex: received \'/"a"/\'; expected a regular expression written between slashes'],
    ['a bad image tag', () => new FluentBitEngine({ imageTag: 'latest please' }),
      "FluentBitEngine.imageTag: received 'latest please'; expected a tag such as '4.2.3'"],
    ['a flush of 0 seconds', () => new FluentBitEngine({ flushSeconds: 0 }), 'FluentBitEngine.flushSeconds: received 0; expected a whole number from 1 to 60'],
  ])('%s is refused', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});

describe('the linter', () => {
  // Each test breaks one thing in a configuration that passes, to prove the check can fail.
  const base = (): { [name: string]: string } => ({ ...render({ kubernetesMetadata: {}, journal: {} }).configFiles });
  const opts = { env: [], writablePaths: ['/var/lib/fluent-bit'] };
  const messages = (files: { [name: string]: string }) => lintFluentBit(files, opts).map(i => i.message);

  test('passes the unbroken configuration', () => {
    expect(messages(base())).toEqual([]);
  });

  test('catches a key the plugin does not document', () => {
    const files = base();
    files['inputs.conf'] = files['inputs.conf'].replace('    Skip_Long_Lines  On', '    Skip_Long_Line   On');

    expect(messages(files)).toEqual(['key Skip_Long_Line is not documented for input plugin tail']);
  });

  test('catches an undefined parser', () => {
    const files = base();
    files['inputs.conf'] = files['inputs.conf'].replace('cri, docker', 'cri, dokcer');

    expect(messages(files)).toEqual(['multiline.parser names multi-line parser dokcer, which is not defined']);
  });

  test('catches a match that reaches no input', () => {
    const files = base();
    files['outputs.conf'] = files['outputs.conf'].replace('Match       *', 'Match       kube_*');

    expect(messages(files)).toEqual(['Match kube_* reaches no input (tags: kube.*, journal.*)']);
  });

  test('catches an undefined environment variable', () => {
    const files = base();
    files['outputs.conf'] = files['outputs.conf'].replace('Format      json_lines', 'Format      ${FORMAT}');

    expect(messages(files)).toEqual(['${FORMAT} is not defined by the environment']);
  });

  test('catches a DB outside the writable directories', () => {
    const files = base();
    files['inputs.conf'] = files['inputs.conf'].replace('/var/lib/fluent-bit/containers.db', '/var/log/flb_kube.db');

    expect(messages(files)).toEqual(['DB /var/log/flb_kube.db is not in a writable directory (/var/lib/fluent-bit)']);
  });

  test('catches a missing include, a repeated key and an unknown plugin', () => {
    const files = base();
    files['fluent-bit.conf'] = files['fluent-bit.conf'].replace('inputs.conf', 'input.conf');
    expect(messages(files)).toContain('@INCLUDE /fluent-bit/etc/conf/input.conf names no rendered file');

    const twice = base();
    twice['outputs.conf'] = twice['outputs.conf'].replace('    Format', '    Retry_Limit 1\n    Format');
    expect(messages(twice)).toContain('key Retry_Limit given more than once in output plugin stdout');

    const unknown = base();
    unknown['outputs.conf'] = unknown['outputs.conf'].replace('Name        stdout', 'Name        stdot');
    expect(messages(unknown)).toContain('no documented key table for output plugin stdot');
  });

  test('catches filesystem storage without a storage path, and a broken multi-line rule', () => {
    const files = base();
    files['fluent-bit.conf'] = files['fluent-bit.conf'].replace(/^\s+storage\.path.*\n/m, '');
    expect(messages(files)).toContain('storage.type needs storage.path in [SERVICE]');

    const rules = render({}, new FluentBitEngine({
      multilineParsers: [{ name: 'm', rules: [{ state: 'start_state', regex: '/a/', nextState: 'start_state' }] }],
    })).configFiles;
    const broken = { ...rules, 'parsers.conf': rules['parsers.conf'].replace('"/a/"', '/a/') };
    expect(messages(broken)).toContain('Rule must be "state" "/regex/" "next_state", got "start_state" /a/ "start_state"');
  });

  test('glob patterns intersect when some tag matches both', () => {
    expect(globsIntersect('kube.*', 'kube.*')).toBe(true);
    expect(globsIntersect('*', 'journal.*')).toBe(true);
    expect(globsIntersect('kube.var.log.containers.*', 'kube.*')).toBe(true);
    expect(globsIntersect('*.log', 'kube.*')).toBe(true);
    expect(globsIntersect('journal.*', 'kube.*')).toBe(false);
    expect(globsIntersect('kube', 'kube.*')).toBe(false);
  });
});

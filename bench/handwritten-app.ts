// The hand-written variant of the benchmark app: the same objects as bench/library-app.ts,
// written directly against cdk8s-plus-28 and cdk8s ApiObjects, as someone who knows the
// manifests they want would write them, without this library. The long texts (the admission
// policies' CEL, the DaemonSets' annotations, the fluent-bit files) are pasted literals
// (handwritten/literals.ts); the config hash is computed as the library documents it.
//
// The DaemonSet of each agent sits at the construct path the library gives it
// (`<chart>/<Kind>/.../Resource`), because cdk8s-plus labels the pod template with a hash of
// that path (`cdk8s.io/metadata.addr`); the other objects are placed in the same order.
// test/bench-equivalence.test.ts proves both variants synthesize the same objects.
import { createHash } from 'crypto';
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  fluentBitFiles, logCollectorAnnotations, logCollectorPolicySpec, nodeAgentAnnotations, nodeAgentPolicySpec,
  nodeExporterAnnotations, nodeExporterPolicySpec,
} from './handwritten/literals';
import { chartId, kindOf } from './kinds';

/** Adds the charts of the mix of `size` agents to `app`. */
export function buildHandWrittenApp(size: number, app: App = new App()): App {
  for (let i = 0; i < size; i++) {
    addHandWrittenChart(app, i);
  }
  return app;
}

/** Adds chart `i` of the mix to `app`. */
export function addHandWrittenChart(app: App, i: number): Chart {
  const chart = new Chart(app, chartId(i));
  switch (kindOf(i)) {
    case 'node-agent':
      nodeAgent(chart, i);
      break;
    case 'log-collector':
      logCollector(chart, i);
      break;
    case 'node-exporter':
      nodeExporter(chart, i);
      break;
  }
  return chart;
}

type Labels = { [key: string]: string };

const PSA = 'pod-security.kubernetes.io';

function namespaceObject(chart: Chart, name: string): void {
  new kplus.k8s.KubeNamespace(chart, 'Namespace', {
    metadata: {
      name,
      labels: { [`${PSA}/enforce`]: 'privileged', [`${PSA}/warn`]: 'restricted', [`${PSA}/audit`]: 'restricted' },
    },
  });
}

function criticalQuota(chart: Chart, namespace: string, priorityClass: string): void {
  new kplus.k8s.KubeResourceQuota(chart, 'CriticalPods', {
    metadata: { name: 'critical-pods', namespace },
    spec: {
      hard: { pods: kplus.k8s.Quantity.fromString('5000') },
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [priorityClass] }] },
    },
  });
}

const labelsOf = (name: string, appName: string, component: string, version: string): Labels => ({
  'app.kubernetes.io/name': appName,
  'app.kubernetes.io/instance': name,
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/managed-by': 'cdk8s',
  'app.kubernetes.io/version': version,
});

const selectorOf = (labels: Labels): Labels => ({
  'app.kubernetes.io/name': labels['app.kubernetes.io/name'],
  'app.kubernetes.io/instance': labels['app.kubernetes.io/instance'],
});

/** A DaemonSet with the pod-level hardening and rollout every agent here gets. */
function daemonSet(scope: Construct, options: {
  metadata: { name: string; namespace: string; labels: Labels };
  annotations: Labels;
  serviceAccount: kplus.ServiceAccount;
  token: boolean;
  hostNetwork?: boolean;
  root?: boolean;
  podAnnotations?: Labels;
  maxUnavailable?: kplus.k8s.IntOrString;
  priorityClassName?: string;
}): kplus.DaemonSet {
  const user = options.root ? 0 : 65534;
  const ds = new kplus.DaemonSet(scope, 'Resource', {
    metadata: { ...options.metadata, annotations: options.annotations },
    select: false,
    podMetadata: { labels: options.metadata.labels, annotations: options.podAnnotations ?? {} },
    serviceAccount: options.serviceAccount,
    automountServiceAccountToken: options.token,
    hostNetwork: options.hostNetwork ?? false,
    dns: { policy: options.hostNetwork ? kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : kplus.DnsPolicy.CLUSTER_FIRST },
    securityContext: { ensureNonRoot: !options.root, user, group: user },
  });
  ds.select(kplus.LabelSelector.of({ labels: selectorOf(options.metadata.labels) }));
  const raw = ApiObject.of(ds);
  raw.addJsonPatch(
    JsonPatch.add('/spec/updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: options.maxUnavailable ?? kplus.k8s.IntOrString.fromNumber(1) } }),
    JsonPatch.add('/spec/revisionHistoryLimit', 10),
    JsonPatch.add('/spec/template/spec/nodeSelector', { 'kubernetes.io/os': 'linux' }),
    JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
  );
  if (options.priorityClassName) {
    raw.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', options.priorityClassName));
  }
  return ds;
}

/** The hardened security context of a container. */
const hardened = (root = false): kplus.ContainerSecurityContextProps => ({
  ensureNonRoot: !root,
  user: root ? 0 : 65534,
  group: root ? 0 : 65534,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: [kplus.Capability.ALL] },
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
});

const resources = (cpuMillis: number, requestMiB: number, limitMiB: number): kplus.ContainerResources => ({
  cpu: { request: kplus.Cpu.millis(cpuMillis) },
  memory: { request: Size.mebibytes(requestMiB), limit: Size.mebibytes(limitMiB) },
});

const readOnlyHost = { readOnly: true, propagation: kplus.MountPropagation.NONE };

function hostPathVolume(scope: Construct, name: string, path: string, type = kplus.HostPathVolumeType.DIRECTORY): kplus.Volume {
  return kplus.Volume.fromHostPath(scope, `HostPath-${name}`, name, { path, type });
}

function tmpVolume(scope: Construct, name: string): kplus.Volume {
  return kplus.Volume.fromEmptyDir(scope, `EmptyDir-${name}`, name, { sizeLimit: Size.mebibytes(64) });
}

const NODE_IDENTITY: { [name: string]: kplus.EnvValue } = {
  NODE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_NAME),
  POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
  POD_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
  HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP),
};

function clusterRole(scope: Construct, ids: [string, string], name: string, labels: Labels,
  rules: kplus.k8s.PolicyRule[], subjects: kplus.k8s.Subject[]): void {
  new kplus.k8s.KubeClusterRole(scope, ids[0], { metadata: { name, labels }, rules });
  new kplus.k8s.KubeClusterRoleBinding(scope, ids[1], {
    metadata: { name, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects,
  });
}

function hostAccessPolicy(scope: Construct, namespace: string, agent: string, labels: Labels, spec: any): void {
  const name = `${namespace}-${agent}-host-access`;
  new ApiObject(scope, 'Policy', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels },
    spec,
  });
  new ApiObject(scope, 'Binding', {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels },
    spec: {
      policyName: name,
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } },
    },
  });
}

// examples/log-agent-full: busybox tailing the node's /var/log, read-only at /host-logs.
function nodeAgent(chart: Chart, i: number): void {
  const namespace = `logging-${i}`;
  const name = 'log-agent';
  namespaceObject(chart, namespace);
  const labels = labelsOf(name, name, 'agent', '1.36');
  const metadata = { name, namespace, labels };
  const agent = new Construct(chart, 'LogAgent');
  const serviceAccount = new kplus.ServiceAccount(agent, 'ServiceAccount', { metadata, automountToken: false });
  const ds = daemonSet(agent, { metadata, annotations: nodeAgentAnnotations(namespace), serviceAccount, token: false });
  const container = ds.addContainer({
    name: 'agent',
    image: 'busybox:1.36',
    command: ['sh', '-c', 'tail -n +1 -F /host-logs/*.log /host-logs/containers/*.log'],
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: resources(50, 64, 256),
    securityContext: hardened(),
  });
  container.mount('/host-logs', hostPathVolume(agent, 'host-var-log', '/var/log'), readOnlyHost);
  container.mount('/tmp', tmpVolume(agent, 'agent-tmp'), { readOnly: false });
  ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.exists('node-role.kubernetes.io/control-plane',
    { effect: kplus.TaintEffect.NO_SCHEDULE })));
  hostAccessPolicy(new Construct(agent, 'HostAccessPolicy'), namespace, name, labels, nodeAgentPolicySpec(namespace));
}

/** The config-hash annotation: SHA-256 over the files sorted by name, each length-prefixed. */
function configHash(files: { [name: string]: string }): string {
  const hash = createHash('sha256');
  for (const file of Object.keys(files).sort()) {
    hash.update(`${Buffer.byteLength(file)}:${file}\n${Buffer.byteLength(files[file])}:`);
    hash.update(files[file]);
    hash.update('\n');
  }
  return hash.digest('hex');
}

// examples/log-collector: fluent-bit with Kubernetes metadata and the journal, to Loki and
// Elasticsearch, credentials from Secrets.
function logCollector(chart: Chart, i: number): void {
  const namespace = `logging-${i}`;
  const name = 'log-collector';
  const stateDirectory = `/var/lib/fluent-bit/${namespace}-${name}`;
  namespaceObject(chart, namespace);
  criticalQuota(chart, namespace, 'system-node-critical');
  const labels = labelsOf(name, name, 'agent', '4.2.3');
  const metadata = { name, namespace, labels };
  const collector = new Construct(chart, 'LogCollector');

  const files = fluentBitFiles(namespace);
  const configMap = new kplus.ConfigMap(collector, 'Config', {
    metadata: { name: `${name}-config`, namespace, labels },
    data: files,
  });
  const secret = (secretName: string) => kplus.Secret.fromSecretName(collector, `Secret-${secretName}`, secretName);
  const loki = secret('loki-credentials');
  const elasticsearch = secret('elasticsearch-fluent-bit');
  const ca = secret('elasticsearch-es-http-certs-public');
  const configVolume = kplus.Volume.fromConfigMap(collector, 'ConfigVolume', configMap, { name: 'config' });
  const caVolume = kplus.Volume.fromSecret(collector, 'SecretVolume-elasticsearch-es-http-certs-public', ca, {
    name: 'secret-elasticsearch-es-http-certs-public',
    items: { 'ca.crt': { path: 'ca.crt' } },
    defaultMode: 0o400,
  });

  const agent = new Construct(collector, 'Agent');
  const serviceAccount = new kplus.ServiceAccount(agent, 'ServiceAccount', { metadata, automountToken: false });
  const ds = daemonSet(agent, {
    metadata,
    annotations: logCollectorAnnotations(namespace),
    serviceAccount,
    token: true,
    root: true,
    podAnnotations: { 'node-agents.cdk8s.io/config-hash': configHash(files) },
    priorityClassName: 'system-node-critical',
  });
  const container = ds.addContainer({
    name: 'fluent-bit',
    image: 'cr.fluentbit.io/fluent/fluent-bit:4.2.3',
    command: ['/fluent-bit/bin/fluent-bit'],
    args: ['--config=/fluent-bit/etc/conf/fluent-bit.conf'],
    envVariables: {
      ...NODE_IDENTITY,
      OUTPUT_0_HTTP_PASSWD: kplus.EnvValue.fromSecretValue({ secret: loki, key: 'password' }),
      OUTPUT_0_HTTP_USER: kplus.EnvValue.fromSecretValue({ secret: loki, key: 'username' }),
      OUTPUT_1_HTTP_PASSWD: kplus.EnvValue.fromSecretValue({ secret: elasticsearch, key: 'password' }),
      OUTPUT_1_HTTP_USER: kplus.EnvValue.fromSecretValue({ secret: elasticsearch, key: 'username' }),
    },
    ports: [{ number: 2020, name: 'http-metrics', protocol: kplus.Protocol.TCP }],
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: resources(50, 64, 256),
    securityContext: hardened(true),
    liveness: kplus.Probe.fromHttpGet('/', { port: 2020 }),
    readiness: kplus.Probe.fromHttpGet('/api/v1/health', { port: 2020 }),
  });
  for (const dir of ['containers', 'pods', 'journal']) {
    container.mount(`/var/log/${dir}`, hostPathVolume(agent, `host-var-log-${dir}`, `/var/log/${dir}`), readOnlyHost);
  }
  container.mount(stateDirectory, hostPathVolume(agent, 'state', stateDirectory, kplus.HostPathVolumeType.DIRECTORY_OR_CREATE),
    { readOnly: false, propagation: kplus.MountPropagation.NONE });
  container.mount('/tmp', tmpVolume(agent, 'fluent-bit-tmp'), { readOnly: false });
  container.mount('/fluent-bit/etc/conf', configVolume, { readOnly: true });
  container.mount('/fluent-bit/secrets/elasticsearch-es-http-certs-public', caVolume, { readOnly: true });
  ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));

  clusterRole(agent, ['ClusterRole', 'ClusterRoleBinding'], `${namespace}-${name}`, labels,
    [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }],
    [{ kind: 'ServiceAccount', name, namespace }]);
  hostAccessPolicy(new Construct(agent, 'HostAccessPolicy'), namespace, name, labels, logCollectorPolicySpec(namespace));

  const service = new kplus.Service(collector, 'Service', {
    metadata,
    clusterIP: 'None',
    ports: [{ name: 'http-metrics', port: 2020, targetPort: 2020 }],
  });
  for (const [key, value] of Object.entries(selectorOf(labels))) {
    service.selectLabel(key, value);
  }
  new ApiObject(collector, 'ServiceMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata,
    spec: {
      selector: { matchLabels: selectorOf(labels) },
      namespaceSelector: { matchNames: [namespace] },
      endpoints: [{
        port: 'http-metrics',
        path: '/api/v2/metrics/prometheus',
        scheme: 'http',
        interval: '30s',
        relabelings: [{ action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' }],
      }],
    },
  });
}

const NODE_EXPORTER_ARGS = [
  '--web.listen-address=127.0.0.1:9101',
  '--path.procfs=/host/proc',
  '--path.sysfs=/host/sys',
  '--path.rootfs=/host/root',
  '--path.udev.data=/host/root/run/udev/data',
  '--collector.filesystem.mount-points-exclude=^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/pods/.+|run/containerd/.+|run/k3s/containerd/.+)($|/)',
  '--collector.netdev.device-exclude=^(veth.*|[a-f0-9]{15})$',
  '--collector.netclass.ignored-devices=^(veth.*|[a-f0-9]{15})$',
];

const TLS_CIPHER_SUITES = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
];

// examples/node-exporter: kube-prometheus' layout, behind kube-rbac-proxy, host network and
// host PID, scraped through a ServiceMonitor.
function nodeExporter(chart: Chart, i: number): void {
  const namespace = `monitoring-${i}`;
  const name = 'node-exporter';
  namespaceObject(chart, namespace);
  criticalQuota(chart, namespace, 'system-cluster-critical');
  const labels = labelsOf(name, name, 'exporter', 'v1.12.1');
  const metadata = { name, namespace, labels };
  const exporter = new Construct(chart, 'NodeExporter');
  const agent = new Construct(exporter, 'Agent');
  const serviceAccount = new kplus.ServiceAccount(agent, 'ServiceAccount', { metadata, automountToken: false });
  const ds = daemonSet(agent, {
    metadata,
    annotations: nodeExporterAnnotations(namespace),
    serviceAccount,
    token: true,
    hostNetwork: true,
    maxUnavailable: kplus.k8s.IntOrString.fromString('10%'),
    priorityClassName: 'system-cluster-critical',
    podAnnotations: {
      'kubectl.kubernetes.io/default-container': 'node-exporter',
      'host-path.node-agents.cdk8s.io/host-proc': 'node_exporter reads the node\'s CPU, memory, network and mount tables from /proc',
      'host-path.node-agents.cdk8s.io/host-sys': 'node_exporter reads the node\'s devices, thermal and power data from /sys',
      'host-path.node-agents.cdk8s.io/host-root': 'node_exporter reports the size and use of every filesystem the node mounts, including those mounted after it starts',
      'writable.host-path.node-agents.cdk8s.io/host-root': 'the root mount contains the runtime sockets; node_exporter runs as user 65534 and never connects to them, and the sockets\' permissions refuse that user',
    },
  });
  const main = ds.addContainer({
    name: 'node-exporter',
    image: 'quay.io/prometheus/node-exporter:v1.12.1',
    args: NODE_EXPORTER_ARGS,
    ports: [{ number: 9101, name: 'internal', protocol: kplus.Protocol.TCP, hostPort: 9101 }],
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: resources(102, 180, 180),
    securityContext: hardened(),
  });
  main.mount('/host/proc', hostPathVolume(agent, 'host-proc', '/proc'), readOnlyHost);
  main.mount('/host/sys', hostPathVolume(agent, 'host-sys', '/sys'), readOnlyHost);
  main.mount('/host/root', hostPathVolume(agent, 'host-root', '/'),
    { readOnly: true, propagation: kplus.MountPropagation.HOST_TO_CONTAINER });
  ds.addContainer({
    name: 'kube-rbac-proxy',
    image: 'quay.io/brancz/kube-rbac-proxy:v0.22.1',
    args: ['--secure-listen-address=[$(POD_IP)]:9100', `--tls-cipher-suites=${TLS_CIPHER_SUITES.join(',')}`, '--upstream=http://127.0.0.1:9101/'],
    envVariables: { POD_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP) },
    ports: [{ number: 9100, name: 'https', protocol: kplus.Protocol.TCP, hostPort: 9100 }],
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: resources(10, 20, 40),
    securityContext: hardened(),
    liveness: kplus.Probe.fromTcpSocket({ port: 9100 }),
    readiness: kplus.Probe.fromTcpSocket({ port: 9100 }),
  });
  ds.scheduling.attract(kplus.Node.labeled(
    kplus.NodeLabelQuery.notIn('type', ['virtual-kubelet']),
    kplus.NodeLabelQuery.notIn('eks.amazonaws.com/compute-type', ['fargate'])));
  ds.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
  // cdk8s-plus-28 has no hostPID and its 1.28 conversion drops a JSON patch of it: patch the
  // rendered object.
  const raw = ApiObject.of(ds);
  const render = raw.toJson.bind(raw);
  raw.toJson = () => JsonPatch.apply(render(), JsonPatch.add('/spec/template/spec/hostPID', true));

  clusterRole(agent, ['ClusterRole', 'ClusterRoleBinding'], `${namespace}-${name}`, labels, [
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ], [{ kind: 'ServiceAccount', name, namespace }]);
  hostAccessPolicy(new Construct(agent, 'HostAccessPolicy'), namespace, name, labels, nodeExporterPolicySpec(namespace));

  new kplus.k8s.KubeService(exporter, 'Service', {
    metadata,
    spec: {
      clusterIp: 'None',
      selector: selectorOf(labels),
      ports: [{ name: 'https', port: 9100, targetPort: kplus.k8s.IntOrString.fromString('https'), protocol: 'TCP' }],
    },
  });
  new ApiObject(exporter, 'ServiceMonitor', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata,
    spec: {
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: selectorOf(labels) },
      endpoints: [{
        port: 'https',
        scheme: 'https',
        interval: '15s',
        bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        tlsConfig: { insecureSkipVerify: true },
        relabelings: [{
          action: 'replace',
          regex: '(.*)',
          replacement: '$1',
          sourceLabels: ['__meta_kubernetes_pod_node_name'],
          targetLabel: 'instance',
        }],
      }],
    },
  });
  clusterRole(exporter, ['ScraperRole', 'ScraperRoleBinding'], `${namespace}-${name}-scrape`, labels,
    [{ nonResourceUrLs: ['/metrics'], verbs: ['get'] }],
    [{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace }]);
}

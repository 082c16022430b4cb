import { LogOutput, LogOutputKind } from '../log-output';
import {
  ElasticsearchOutputOptions, ForwardOutputOptions, HttpFormat, HttpOutputOptions, LokiLineFormat,
  LokiOutputOptions, OpenSearchAwsService, OpenSearchOutputOptions, RawOutputOptions,
  SearchOutputOptions, StdoutFormat, StdoutOutputOptions,
} from '../output-options';
import { BasicAuthCredentials, LogOutputTls } from '../secrets';
import { compareStrings, sortedEntries } from '../sorting';
import { ClassicSection, mibToBytes } from './classic-config';
import { SecretBinder } from './secret-binder';

/**
 * Render one output as an `[OUTPUT]` section. `index` numbers the outputs from 0 and names
 * the environment variables of their credentials (`OUTPUT_<index>_<PURPOSE>`).
 */
export function renderOutput(
  output: LogOutput, index: number, secrets: SecretBinder,
): ClassicSection {
  const envName = (purpose: string) => `OUTPUT_${index}_${purpose}`;
  const section = new ClassicSection('OUTPUT');
  const o = output._options;

  section.set('Name', pluginName(output));
  section.set('Match', output.match);
  section.set('Alias', o.alias);
  section.set('Retry_Limit', o.retryLimit ?? 'no_limits');
  section.set('Workers', o.workers);
  const diskLimit = o.storageTotalLimitMiB;
  section.set('storage.total_limit_size', diskLimit === undefined ? undefined : mibToBytes(diskLimit));

  switch (output.kind) {
    case LogOutputKind.STDOUT:
      section.set('Format', (o as StdoutOutputOptions).format ?? StdoutFormat.JSON_LINES);
      break;
    case LogOutputKind.FORWARD:
      renderForward(section, o as ForwardOutputOptions, secrets, envName);
      break;
    case LogOutputKind.LOKI:
      renderLoki(section, o as LokiOutputOptions, secrets, envName);
      break;
    case LogOutputKind.ELASTICSEARCH:
    case LogOutputKind.OPENSEARCH:
      renderSearch(section, output.kind, o as SearchOutputOptions, secrets, envName);
      break;
    case LogOutputKind.HTTP:
      renderHttp(section, o as HttpOutputOptions, secrets, envName);
      break;
    case LogOutputKind.RAW:
      renderRaw(section, output, o as RawOutputOptions, secrets, envName);
      break;
  }
  return section;
}

function pluginName(output: LogOutput): string {
  switch (output.kind) {
    case LogOutputKind.ELASTICSEARCH: return 'es';
    case LogOutputKind.RAW: return output._pluginName!;
    default: return output.kind;
  }
}

type EnvName = (purpose: string) => string;

function renderForward(
  s: ClassicSection, o: ForwardOutputOptions, secrets: SecretBinder, env: EnvName,
): void {
  s.set('Host', o.host);
  s.set('Port', o.port ?? 24224);
  s.set('Tag', o.tag);
  s.set('Require_ack_response', o.requireAckResponse);
  s.set('Compress', o.compress ? 'gzip' : undefined);
  s.set('Self_Hostname', o.selfHostname);
  if (o.sharedKey) s.set('Shared_Key', secrets.envRef(env('SHARED_KEY'), o.sharedKey));
  if (o.userAuth) {
    s.set('Username', secrets.envRef(env('USERNAME'), o.userAuth.username));
    s.set('Password', secrets.envRef(env('PASSWORD'), o.userAuth.password));
  }
  renderTls(s, o.tls, secrets);
}

function renderLoki(
  s: ClassicSection, o: LokiOutputOptions, secrets: SecretBinder, env: EnvName,
): void {
  s.set('Host', o.host);
  s.set('Port', o.port ?? (o.tls ? 443 : 3100));
  s.set('Uri', o.uri ?? '/loki/api/v1/push');
  const labels = sortedEntries(o.labels ?? { job: 'fluent-bit' }).map(([k, v]) => `${k}=${v}`);
  s.set('Labels', labels.length ? labels.join(', ') : undefined);
  s.set('Label_Keys', o.labelKeys?.join(', '));
  s.set('Auto_Kubernetes_Labels', o.autoKubernetesLabels);
  s.set('Remove_Keys', o.removeKeys?.join(', '));
  const metadata = sortedEntries(o.structuredMetadata).map(([k, v]) => `${k}=${v}`);
  s.set('Structured_Metadata', metadata.length ? metadata.join(', ') : undefined);
  s.set('Line_Format', o.lineFormat ?? LokiLineFormat.JSON);
  s.set('Tenant_ID', o.tenantId);
  s.set('Compress', o.compress ? 'gzip' : undefined);
  renderBasicAuth(s, o.basicAuth, secrets, env);
  if (o.bearerToken) s.set('Bearer_Token', secrets.envRef(env('BEARER_TOKEN'), o.bearerToken));
  for (const [name, value] of sortedEntries(o.headers)) s.set('Header', `${name} ${value}`);
  renderTls(s, o.tls, secrets);
}

function renderSearch(
  s: ClassicSection,
  kind: LogOutputKind,
  o: SearchOutputOptions,
  secrets: SecretBinder,
  env: EnvName,
): void {
  s.set('Host', o.host);
  s.set('Port', o.port ?? 9200);
  s.set('Path', o.pathPrefix);
  if (o.logstashPrefix !== undefined) {
    s.set('Logstash_Format', true);
    s.set('Logstash_Prefix', o.logstashPrefix);
  } else {
    s.set('Index', o.index ?? 'fluent-bit');
  }
  s.set('Suppress_Type_Name', o.suppressTypeName ?? true);
  s.set('Replace_Dots', o.replaceDots ?? true);
  s.set('Generate_ID', o.generateId);
  s.set('Pipeline', o.pipeline);
  s.set('Compress', o.compress ? 'gzip' : undefined);
  renderBasicAuth(s, o.basicAuth, secrets, env);
  if (kind === LogOutputKind.ELASTICSEARCH) {
    const es = o as ElasticsearchOutputOptions;
    if (es.apiKey) s.set('HTTP_API_Key', secrets.envRef(env('HTTP_API_KEY'), es.apiKey));
  } else {
    const aws = (o as OpenSearchOutputOptions).awsAuth;
    if (aws) {
      s.set('AWS_Auth', true);
      s.set('AWS_Region', aws.region);
      s.set('AWS_Role_ARN', aws.roleArn);
      s.set('AWS_Service_Name', aws.service ?? OpenSearchAwsService.DOMAIN);
    }
  }
  renderTls(s, o.tls, secrets);
}

function renderHttp(
  s: ClassicSection, o: HttpOutputOptions, secrets: SecretBinder, env: EnvName,
): void {
  s.set('Host', o.host);
  s.set('Port', o.port ?? (o.tls ? 443 : 80));
  s.set('Uri', o.uri ?? '/');
  s.set('Format', o.format ?? HttpFormat.JSON);
  s.set('Compress', o.compress ? 'gzip' : undefined);
  renderBasicAuth(s, o.basicAuth, secrets, env);
  const headers: Array<[string, string]> = [
    ...sortedEntries(o.headers),
    ...sortedEntries(o.secretHeaders).map(([name, ref]): [string, string] =>
      [name, secrets.envRef(env(`HEADER_${envSuffix(name)}`), ref)]),
  ];
  for (const [name, value] of headers.sort(([a], [b]) => compareStrings(a, b))) {
    s.set('Header', `${name} ${value}`);
  }
  renderTls(s, o.tls, secrets);
}

function renderRaw(
  s: ClassicSection, output: LogOutput, o: RawOutputOptions, secrets: SecretBinder, env: EnvName,
): void {
  for (const [key, value] of sortedEntries(output._properties)) s.set(key, value);
  for (const [key, ref] of sortedEntries(o.secretProperties)) {
    s.set(key, secrets.envRef(env(envSuffix(key)), ref));
  }
  for (const [key, ref] of sortedEntries(o.secretFileProperties)) s.set(key, secrets.filePath(ref));
}

function renderBasicAuth(
  s: ClassicSection, auth: BasicAuthCredentials | undefined, secrets: SecretBinder, env: EnvName,
): void {
  if (!auth) return;
  s.set('HTTP_User', secrets.envRef(env('HTTP_USER'), auth.username));
  s.set('HTTP_Passwd', secrets.envRef(env('HTTP_PASSWD'), auth.password));
}

function renderTls(s: ClassicSection, tls: LogOutputTls | undefined, secrets: SecretBinder): void {
  if (!tls) return;
  const verify = tls.verify ?? true;
  s.set('tls', true);
  s.set('tls.verify', verify);
  s.set('tls.verify_hostname', tls.verifyHostname ?? verify);
  if (tls.ca) s.set('tls.ca_file', secrets.filePath(tls.ca));
  if (tls.clientCertificate) {
    const cert = tls.clientCertificate;
    const file = (key: string) => secrets.filePath({ secretName: cert.secretName, key });
    s.set('tls.crt_file', file(cert.certificateKey ?? 'tls.crt'));
    s.set('tls.key_file', file(cert.privateKeyKey ?? 'tls.key'));
  }
  s.set('tls.vhost', tls.serverName);
}

/** An environment variable suffix from a key or header name: upper case, `_` for the rest. */
export function envSuffix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

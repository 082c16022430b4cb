import {
  ElasticsearchOutputOptions, ForwardOutputOptions, HttpOutputOptions, LogOutputOptions, LokiOutputOptions,
  OpenSearchOutputOptions, RawOutputOptions, SearchOutputOptions, StdoutOutputOptions,
} from './output-options';
import { BasicAuthCredentials, LogOutputTls } from './secrets';
import {
  requireConfigValue, requireHost, requireInteger, requireMatch, requirePort, show, sortedEntries,
} from './validation';
import { checkSecretKey, checkSecretKeyReference, checkSecretName } from '../secret-reference';

/**
 * The kind of destination a log output writes to.
 */
export enum LogOutputKind {
  /** Standard output of the agent. */
  STDOUT = 'stdout',
  /** Fluentd forward protocol. */
  FORWARD = 'forward',
  /** Grafana Loki. */
  LOKI = 'loki',
  /** Elasticsearch. */
  ELASTICSEARCH = 'elasticsearch',
  /** OpenSearch. */
  OPENSEARCH = 'opensearch',
  /** Generic HTTP. */
  HTTP = 'http',
  /** A plugin named by the user, with raw properties. */
  RAW = 'raw',
}

// Keys whose values are credentials: a raw output must take them from a Secret.
const CREDENTIAL_KEY =
  /(passw|secret|token|api_?key|shared_key|cloud_auth|credential|private_key)/i;
// Keys the output options already own.
const RESERVED_KEYS = [
  'name', 'match', 'match_regex', 'alias', 'retry_limit', 'storage.total_limit_size', 'workers',
];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LOKI_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PLUGIN_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A destination for the collected logs. Each output has its own `match`, and an agent can
 * have several. Credentials and TLS material are always references to Secrets: the typed
 * options have no field that takes a literal password.
 */
export class LogOutput {
  /**
   * Print records on the agent's standard output, for debugging.
   */
  public static stdout(options: StdoutOutputOptions = {}): LogOutput {
    return new LogOutput(LogOutputKind.STDOUT, 'LogOutput.stdout', options);
  }

  /**
   * Send records to Fluentd or Fluent Bit over the forward protocol.
   */
  public static forward(options: ForwardOutputOptions): LogOutput {
    const where = 'LogOutput.forward';
    requireHost(`${where}: host`, options.host);
    validatePort(where, options.port);
    validateTls(where, options.tls);
    if (options.sharedKey) checkSecretKeyReference(`${where}.sharedKey`, options.sharedKey);
    if (options.userAuth) validateBasicAuth(`${where}: userAuth`, options.userAuth);
    if ((options.sharedKey || options.userAuth) && !options.tls) {
      throw new Error(`${where}: sharedKey and userAuth need tls (Secure Forward), got no tls`);
    }
    if (options.selfHostname !== undefined) {
      requireConfigValue(`${where}: selfHostname`, options.selfHostname);
    }
    if (options.tag !== undefined) requireConfigValue(`${where}: tag`, options.tag);
    return new LogOutput(LogOutputKind.FORWARD, where, options);
  }

  /**
   * Push records to Grafana Loki.
   */
  public static loki(options: LokiOutputOptions): LogOutput {
    const where = 'LogOutput.loki';
    requireHost(`${where}: host`, options.host);
    validatePort(where, options.port);
    validateUri(`${where}: uri`, options.uri);
    validateTls(where, options.tls);
    for (const [name, value] of sortedEntries(options.labels)) {
      if (!LOKI_LABEL.test(name)) {
        throw new Error(`${where}: labels key must be a Loki label name ([a-zA-Z_][a-zA-Z0-9_]*), got ${show(name)}`);
      }
      requireConfigValue(`${where}: labels.${name}`, value);
      if (value.includes(',')) {
        throw new Error(`${where}: labels.${name} must not contain ',', got ${show(value)}`);
      }
    }
    const noLabels = options.labels && Object.keys(options.labels).length === 0;
    if (noLabels && !(options.labelKeys ?? []).length) {
      throw new Error(`${where}: labels must not be empty: Loki needs at least one stream label`);
    }
    for (const [name, value] of sortedEntries(options.structuredMetadata)) {
      requireConfigValue(`${where}: structuredMetadata.${name}`, value);
    }
    validateList(`${where}: labelKeys`, options.labelKeys);
    validateList(`${where}: removeKeys`, options.removeKeys);
    if (options.tenantId !== undefined) requireConfigValue(`${where}: tenantId`, options.tenantId);
    if (options.basicAuth) validateBasicAuth(`${where}: basicAuth`, options.basicAuth);
    if (options.bearerToken) checkSecretKeyReference(`${where}.bearerToken`, options.bearerToken);
    if (options.basicAuth && options.bearerToken) {
      throw new Error(`${where}: basicAuth and bearerToken exclude each other, got both`);
    }
    validateHeaders(`${where}: headers`, options.headers);
    return new LogOutput(LogOutputKind.LOKI, where, options);
  }

  /**
   * Index records into Elasticsearch.
   */
  public static elasticsearch(options: ElasticsearchOutputOptions): LogOutput {
    const where = 'LogOutput.elasticsearch';
    validateSearch(where, options);
    if (options.apiKey) checkSecretKeyReference(`${where}.apiKey`, options.apiKey);
    if (options.apiKey && options.basicAuth) {
      throw new Error(`${where}: apiKey and basicAuth exclude each other, got both`);
    }
    return new LogOutput(LogOutputKind.ELASTICSEARCH, where, options);
  }

  /**
   * Index records into OpenSearch, optionally signing requests with AWS SigV4.
   */
  public static opensearch(options: OpenSearchOutputOptions): LogOutput {
    const where = 'LogOutput.opensearch';
    validateSearch(where, options);
    if (options.awsAuth) {
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(options.awsAuth.region)) {
        throw new Error(`${where}: awsAuth.region must be an AWS region such as 'eu-west-1', got ${show(options.awsAuth.region)}`);
      }
      const roleArn = options.awsAuth.roleArn;
      if (roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(roleArn)) {
        throw new Error(`${where}: awsAuth.roleArn must be an IAM role ARN, got ${show(options.awsAuth.roleArn)}`);
      }
      if (options.basicAuth) {
        throw new Error(`${where}: awsAuth and basicAuth exclude each other, got both`);
      }
      if (!options.tls) throw new Error(`${where}: awsAuth needs tls, got no tls`);
    }
    return new LogOutput(LogOutputKind.OPENSEARCH, where, options);
  }

  /**
   * POST records to an HTTP endpoint.
   */
  public static http(options: HttpOutputOptions): LogOutput {
    const where = 'LogOutput.http';
    requireHost(`${where}: host`, options.host);
    validatePort(where, options.port);
    validateUri(`${where}: uri`, options.uri);
    validateTls(where, options.tls);
    validateHeaders(`${where}: headers`, options.headers);
    for (const [name, ref] of sortedEntries(options.secretHeaders)) {
      validateHeaderName(`${where}: secretHeaders`, name);
      checkSecretKeyReference(`${where}.secretHeaders.${name}`, ref);
      if (options.headers && name.toLowerCase() in lowerKeys(options.headers)) {
        throw new Error(`${where}: header ${show(name)} is in both headers and secretHeaders`);
      }
    }
    if (options.basicAuth) validateBasicAuth(`${where}: basicAuth`, options.basicAuth);
    return new LogOutput(LogOutputKind.HTTP, where, options);
  }

  /**
   * Any other output plugin of the engine, by its plugin name, with its properties written
   * as given. Values are literal: a key that holds a credential (a password, token, secret
   * or key) is refused here and must go in `secretProperties`.
   *
   * @param pluginName the engine's plugin name, such as `kafka` for fluent-bit
   * @param properties plugin properties, key to literal value
   */
  public static raw(
    pluginName: string,
    properties: { [key: string]: string },
    options: RawOutputOptions = {},
  ): LogOutput {
    const where = `LogOutput.raw(${show(pluginName)})`;
    if (!PLUGIN_NAME.test(pluginName)) {
      throw new Error(`LogOutput.raw: pluginName must be a plugin name (lowercase letters, digits, '_'), got ${show(pluginName)}`);
    }
    const seen = new Set<string>();
    const all: Array<[string, unknown]> = [
      ...sortedEntries(properties),
      ...sortedEntries(options.secretProperties),
      ...sortedEntries(options.secretFileProperties),
    ];
    for (const [key] of all) {
      if (!/^[A-Za-z][A-Za-z0-9_.\-]*$/.test(key)) {
        throw new Error(`${where}: property key must be a plugin key (letters, digits, '_', '.', '-'), got ${show(key)}`);
      }
      if (RESERVED_KEYS.includes(key.toLowerCase())) {
        throw new Error(`${where}: property ${show(key)} is set through the output options, not as a property`);
      }
      if (seen.has(key.toLowerCase())) {
        throw new Error(`${where}: property ${show(key)} is given twice (keys are case-insensitive)`);
      }
      seen.add(key.toLowerCase());
    }
    for (const [key, value] of sortedEntries(properties)) {
      if (CREDENTIAL_KEY.test(key)) {
        throw new Error(`${where}: property ${show(key)} holds a credential; pass it in secretProperties as a Secret reference`);
      }
      requireConfigValue(`${where}: properties.${key}`, value, true);
    }
    for (const [key, ref] of sortedEntries(options.secretProperties)) {
      checkSecretKeyReference(`${where}.secretProperties.${key}`, ref);
    }
    for (const [key, ref] of sortedEntries(options.secretFileProperties)) {
      checkSecretKeyReference(`${where}.secretFileProperties.${key}`, ref);
    }
    return new LogOutput(LogOutputKind.RAW, where, options, pluginName, properties);
  }

  /**
   * The kind of destination.
   */
  public readonly kind: LogOutputKind;

  /**
   * Tag pattern of the records this output receives.
   */
  public readonly match: string;

  /** @internal */
  public readonly _options: LogOutputOptions;

  /** @internal */
  public readonly _where: string;

  /** @internal */
  public readonly _pluginName?: string;

  /** @internal */
  public readonly _properties?: { [key: string]: string };

  private constructor(
    kind: LogOutputKind,
    where: string,
    options: LogOutputOptions,
    pluginName?: string,
    properties?: { [key: string]: string },
  ) {
    validateCommon(where, options);
    this.kind = kind;
    this.match = options.match ?? '*';
    this._options = options;
    this._where = where;
    this._pluginName = pluginName;
    this._properties = properties;
  }
}

function validateCommon(where: string, options: LogOutputOptions): void {
  if (options.match !== undefined) requireMatch(`${where}: match`, options.match);
  if (options.alias !== undefined && !/^[A-Za-z0-9_.\-]+$/.test(options.alias)) {
    throw new Error(`${where}: alias must hold only letters, digits, '.', '_' and '-', got ${show(options.alias)}`);
  }
  if (options.retryLimit !== undefined) {
    requireInteger(`${where}: retryLimit`, options.retryLimit, 1, 1_000_000);
  }
  if (options.storageTotalLimitMiB !== undefined) {
    requireInteger(`${where}: storageTotalLimitMiB`, options.storageTotalLimitMiB, 1, 1_048_576);
  }
  if (options.workers !== undefined) requireInteger(`${where}: workers`, options.workers, 0, 64);
}

function validatePort(where: string, port: number | undefined): void {
  if (port !== undefined) requirePort(`${where}: port`, port);
}

function validateUri(prop: string, uri: string | undefined): void {
  if (uri === undefined) return;
  requireConfigValue(prop, uri);
  if (!uri.startsWith('/') || /\s/.test(uri)) {
    throw new Error(`${prop} must be a path starting with '/' and without blanks, got ${show(uri)}`);
  }
}

function validateTls(where: string, tls: LogOutputTls | undefined): void {
  if (!tls) return;
  if (tls.ca) checkSecretKeyReference(`${where}.tls.ca`, tls.ca);
  if (tls.clientCertificate) {
    const cert = tls.clientCertificate;
    const prop = `${where}.tls.clientCertificate`;
    checkSecretName(`${prop}.secretName`, cert.secretName);
    checkSecretKey(`${prop}.certificateKey`, cert.certificateKey ?? 'tls.crt');
    checkSecretKey(`${prop}.privateKeyKey`, cert.privateKeyKey ?? 'tls.key');
  }
  if (tls.serverName !== undefined) requireHost(`${where}: tls.serverName`, tls.serverName);
  if (tls.verify === false && tls.verifyHostname === true) {
    throw new Error(`${where}: tls.verifyHostname needs tls.verify, got verify false`);
  }
}

function validateBasicAuth(prop: string, auth: BasicAuthCredentials): void {
  checkSecretKeyReference(`${prop}.username`, auth.username);
  checkSecretKeyReference(`${prop}.password`, auth.password);
}

function validateList(prop: string, list: string[] | undefined): void {
  if (list === undefined) return;
  if (list.length === 0) throw new Error(`${prop} must not be empty when given`);
  list.forEach((v, i) => {
    requireConfigValue(`${prop}[${i}]`, v);
    if (v.includes(',')) throw new Error(`${prop}[${i}] must not contain ',', got ${show(v)}`);
  });
}

function validateHeaderName(prop: string, name: string): void {
  if (!HEADER_NAME.test(name)) {
    throw new Error(`${prop} key must be an HTTP header name, got ${show(name)}`);
  }
  const reserved = ['authorization', 'host', 'content-length'].includes(name.toLowerCase());
  if (reserved && !prop.includes('secretHeaders')) {
    throw new Error(`${prop} must not set ${show(name)}: use basicAuth, bearerToken or secretHeaders`);
  }
}

function validateHeaders(prop: string, headers: { [name: string]: string } | undefined): void {
  for (const [name, value] of sortedEntries(headers)) {
    validateHeaderName(prop, name);
    requireConfigValue(`${prop}.${name}`, value);
  }
}

function validateSearch(where: string, options: SearchOutputOptions): void {
  requireHost(`${where}: host`, options.host);
  validatePort(where, options.port);
  validateTls(where, options.tls);
  if (options.pathPrefix !== undefined) validateUri(`${where}: pathPrefix`, options.pathPrefix);
  const names: Array<[string, string | undefined]> = [
    ['index', options.index], ['logstashPrefix', options.logstashPrefix], ['pipeline', options.pipeline],
  ];
  for (const [prop, value] of names) {
    if (value === undefined) continue;
    requireConfigValue(`${where}: ${prop}`, value);
    if (!/^[a-z0-9][a-z0-9_.\-]*$/.test(value)) {
      throw new Error(`${where}: ${prop} must be lowercase letters, digits, '_', '.' and '-', got ${show(value)}`);
    }
  }
  if (options.index !== undefined && options.logstashPrefix !== undefined) {
    throw new Error(`${where}: index and logstashPrefix exclude each other, got both`);
  }
  if (options.basicAuth) validateBasicAuth(`${where}: basicAuth`, options.basicAuth);
}

function lowerKeys(map: { [name: string]: string }): { [name: string]: true } {
  const out: { [name: string]: true } = {};
  for (const k of Object.keys(map)) out[k.toLowerCase()] = true;
  return out;
}

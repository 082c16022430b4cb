import {
  ElasticsearchOutputOptions, ForwardOutputOptions, HttpOutputOptions, LogOutputOptions, LokiOutputOptions,
  OpenSearchOutputOptions, RawOutputOptions, SearchOutputOptions, StdoutOutputOptions,
} from './output-options';
import { BasicAuthCredentials, LogOutputTls } from './secrets';
import { sortedEntries } from './sorting';
import { checkSecretKey, checkSecretKeyReference, checkSecretName } from '../secret-reference';
import {
  checkConfigValue, checkHost, checkInteger, checkNonEmpty, checkPort, invalid, show,
} from '../validation';

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
    validateDestination(where, options);
    if (options.sharedKey) checkSecretKeyReference(`${where}.sharedKey`, options.sharedKey);
    if (options.userAuth) validateBasicAuth(`${where}.userAuth`, options.userAuth);
    if ((options.sharedKey || options.userAuth) && !options.tls) {
      throw invalid(`${where}.tls`, options.tls,
        'expected TLS settings: sharedKey and userAuth need Secure Forward, which runs over TLS');
    }
    if (options.selfHostname !== undefined) {
      checkConfigValue(`${where}.selfHostname`, options.selfHostname);
    }
    if (options.tag !== undefined) checkConfigValue(`${where}.tag`, options.tag);
    return new LogOutput(LogOutputKind.FORWARD, where, options);
  }

  /**
   * Push records to Grafana Loki.
   */
  public static loki(options: LokiOutputOptions): LogOutput {
    const where = 'LogOutput.loki';
    validateDestination(where, options);
    validateUri(`${where}.uri`, options.uri);
    for (const [name, value] of sortedEntries(options.labels)) {
      if (!LOKI_LABEL.test(name)) {
        throw invalid(`${where}.labels`, name,
          'expected a Loki label name: letters, digits and \'_\', not starting with a digit');
      }
      checkConfigValue(`${where}.labels['${name}']`, value);
      if (value.includes(',')) {
        throw invalid(`${where}.labels['${name}']`, value,
          'expected a value without \',\', which separates the labels');
      }
    }
    const noLabels = options.labels && Object.keys(options.labels).length === 0;
    if (noLabels && !(options.labelKeys ?? []).length) {
      throw invalid(`${where}.labels`, options.labels,
        'expected at least one stream label, which Loki needs (or labelKeys)');
    }
    for (const [name, value] of sortedEntries(options.structuredMetadata)) {
      checkConfigValue(`${where}.structuredMetadata['${name}']`, value);
    }
    validateList(`${where}.labelKeys`, options.labelKeys);
    validateList(`${where}.removeKeys`, options.removeKeys);
    if (options.tenantId !== undefined) checkConfigValue(`${where}.tenantId`, options.tenantId);
    if (options.basicAuth) validateBasicAuth(`${where}.basicAuth`, options.basicAuth);
    if (options.bearerToken) checkSecretKeyReference(`${where}.bearerToken`, options.bearerToken);
    if (options.basicAuth && options.bearerToken) {
      throw exclusive(where, 'basicAuth', 'bearerToken');
    }
    validateHeaders(where, options.headers);
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
      throw exclusive(where, 'apiKey', 'basicAuth');
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
        throw invalid(`${where}.awsAuth.region`, options.awsAuth.region,
          'expected an AWS region such as \'eu-west-1\'');
      }
      const roleArn = options.awsAuth.roleArn;
      if (roleArn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(roleArn)) {
        throw invalid(`${where}.awsAuth.roleArn`, roleArn,
          'expected an IAM role ARN such as \'arn:aws:iam::123456789012:role/logs\'');
      }
      if (options.basicAuth) {
        throw exclusive(where, 'awsAuth', 'basicAuth');
      }
      if (!options.tls) {
        throw invalid(`${where}.tls`, options.tls, 'expected TLS settings, which awsAuth needs');
      }
    }
    return new LogOutput(LogOutputKind.OPENSEARCH, where, options);
  }

  /**
   * POST records to an HTTP endpoint.
   */
  public static http(options: HttpOutputOptions): LogOutput {
    const where = 'LogOutput.http';
    validateDestination(where, options);
    validateUri(`${where}.uri`, options.uri);
    validateHeaders(where, options.headers);
    for (const [name, ref] of sortedEntries(options.secretHeaders)) {
      validateHeaderName(`${where}.secretHeaders`, name, true);
      checkSecretKeyReference(`${where}.secretHeaders['${name}']`, ref);
      if (options.headers && name.toLowerCase() in lowerKeys(options.headers)) {
        throw invalid(`${where}.secretHeaders`, name,
          'expected a header that headers does not set too (names are case-insensitive)');
      }
    }
    if (options.basicAuth) validateBasicAuth(`${where}.basicAuth`, options.basicAuth);
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
    if (!PLUGIN_NAME.test(pluginName)) {
      throw invalid('LogOutput.raw.pluginName', pluginName,
        'expected a plugin name: lower-case letters, digits and \'_\', starting with a letter');
    }
    const where = `LogOutput.raw(${show(pluginName)})`;
    const seen = new Set<string>();
    const maps: Array<[string, { [key: string]: unknown } | undefined]> = [
      ['properties', properties],
      ['secretProperties', options.secretProperties],
      ['secretFileProperties', options.secretFileProperties],
    ];
    for (const [map, entries] of maps) {
      for (const [key] of sortedEntries(entries)) {
        const property = `${where}.${map}`;
        if (!/^[A-Za-z][A-Za-z0-9_.\-]*$/.test(key)) {
          throw invalid(property, key,
            'expected a plugin key: letters, digits, \'_\', \'.\' and \'-\', '
            + 'starting with a letter');
        }
        if (RESERVED_KEYS.includes(key.toLowerCase())) {
          throw invalid(property, key,
            `the output options set this key (${RESERVED_KEYS.join(', ')}); use them instead`);
        }
        if (seen.has(key.toLowerCase())) {
          throw invalid(property, key,
            'expected each key once across properties, secretProperties and '
            + 'secretFileProperties (keys are case-insensitive)');
        }
        seen.add(key.toLowerCase());
      }
    }
    for (const [key, value] of sortedEntries(properties)) {
      // The message shows the key, never the literal value.
      if (CREDENTIAL_KEY.test(key)) {
        throw invalid(`${where}.properties`, key,
          'this key holds a credential; pass it in secretProperties as a Secret reference');
      }
      checkConfigValue(`${where}.properties['${key}']`, value, true);
    }
    for (const [key, ref] of sortedEntries(options.secretProperties)) {
      checkSecretKeyReference(`${where}.secretProperties['${key}']`, ref);
    }
    for (const [key, ref] of sortedEntries(options.secretFileProperties)) {
      checkSecretKeyReference(`${where}.secretFileProperties['${key}']`, ref);
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
  if (options.match !== undefined) checkMatch(`${where}.match`, options.match);
  if (options.alias !== undefined && !/^[A-Za-z0-9_.\-]+$/.test(options.alias)) {
    throw invalid(`${where}.alias`, options.alias,
      'expected only letters, digits, \'.\', \'_\' and \'-\'');
  }
  if (options.retryLimit !== undefined) {
    checkInteger(`${where}.retryLimit`, options.retryLimit, 1, 1_000_000);
  }
  if (options.storageTotalLimitMiB !== undefined) {
    checkInteger(`${where}.storageTotalLimitMiB`, options.storageTotalLimitMiB, 1, 1_048_576);
  }
  if (options.workers !== undefined) checkInteger(`${where}.workers`, options.workers, 0, 64);
}

/** A tag match pattern: tag characters and `*` wildcards, no blanks. */
function checkMatch(property: string, value: string): void {
  checkNonEmpty(property, value, 'expected a tag pattern; use \'*\' to match every record');
  if (!/^[A-Za-z0-9_.*\-]+$/.test(value)) {
    throw invalid(property, value,
      'expected a tag pattern of letters, digits, \'.\', \'_\', \'-\' and \'*\'');
  }
}

/** The error for two options that exclude each other. */
function exclusive(where: string, first: string, second: string): Error {
  return invalid(`${where}.${second}`, `set with ${first}`,
    `expected one of ${first} and ${second}, which exclude each other`);
}

/** The host, port and TLS settings that every network output has. */
function validateDestination(
  where: string, options: { host: string; port?: number; tls?: LogOutputTls },
): void {
  checkHost(`${where}.host`, options.host);
  if (options.port !== undefined) checkPort(`${where}.port`, options.port);
  validateTls(where, options.tls);
}

function validateUri(property: string, uri: string | undefined): void {
  if (uri === undefined) return;
  checkConfigValue(property, uri);
  if (!uri.startsWith('/') || /\s/.test(uri)) {
    throw invalid(property, uri, 'expected a path starting with \'/\', without blanks');
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
  if (tls.serverName !== undefined) checkHost(`${where}.tls.serverName`, tls.serverName);
  if (tls.verify === false && tls.verifyHostname === true) {
    throw invalid(`${where}.tls.verifyHostname`, tls.verifyHostname,
      'expected false or unset while tls.verify is false: the host name is checked only on '
      + 'a verified certificate');
  }
}

function validateBasicAuth(property: string, auth: BasicAuthCredentials): void {
  checkSecretKeyReference(`${property}.username`, auth.username);
  checkSecretKeyReference(`${property}.password`, auth.password);
}

function validateList(property: string, list: string[] | undefined): void {
  if (list === undefined) return;
  checkNonEmpty(property, list, 'expected at least one entry when given');
  list.forEach((v, i) => {
    checkConfigValue(`${property}[${i}]`, v);
    if (v.includes(',')) {
      throw invalid(`${property}[${i}]`, v,
        'expected a value without \',\', which separates the entries');
    }
  });
}

function validateHeaderName(property: string, name: string, fromSecret: boolean): void {
  if (!HEADER_NAME.test(name)) {
    throw invalid(property, name, 'expected an HTTP header name');
  }
  const reserved = ['authorization', 'host', 'content-length'].includes(name.toLowerCase());
  if (reserved && !fromSecret) {
    throw invalid(property, name,
      'this header takes no literal value; use basicAuth, bearerToken or secretHeaders');
  }
}

function validateHeaders(where: string, headers: { [name: string]: string } | undefined): void {
  for (const [name, value] of sortedEntries(headers)) {
    validateHeaderName(`${where}.headers`, name, false);
    checkConfigValue(`${where}.headers['${name}']`, value);
  }
}

function validateSearch(where: string, options: SearchOutputOptions): void {
  validateDestination(where, options);
  if (options.pathPrefix !== undefined) validateUri(`${where}.pathPrefix`, options.pathPrefix);
  const names: Array<[string, string | undefined]> = [
    ['index', options.index], ['logstashPrefix', options.logstashPrefix], ['pipeline', options.pipeline],
  ];
  for (const [prop, value] of names) {
    if (value === undefined) continue;
    checkConfigValue(`${where}.${prop}`, value);
    if (!/^[a-z0-9][a-z0-9_.\-]*$/.test(value)) {
      throw invalid(`${where}.${prop}`, value,
        'expected lower-case letters, digits, \'_\', \'.\' and \'-\', starting with a letter '
        + 'or digit');
    }
  }
  if (options.index !== undefined && options.logstashPrefix !== undefined) {
    throw exclusive(where, 'index', 'logstashPrefix');
  }
  if (options.basicAuth) validateBasicAuth(`${where}.basicAuth`, options.basicAuth);
}

function lowerKeys(map: { [name: string]: string }): { [name: string]: true } {
  const out: { [name: string]: true } = {};
  for (const k of Object.keys(map)) out[k.toLowerCase()] = true;
  return out;
}

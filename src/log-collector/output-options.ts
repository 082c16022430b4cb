import { BasicAuthCredentials, LogOutputTls } from './secrets';
import { SecretKeyReference } from '../secret-reference';

/**
 * Options every log output has.
 */
export interface LogOutputOptions {
  /**
   * Tag pattern of the records this output receives; `*` matches any run of characters.
   * Container logs are tagged `kube.*`, journal entries `journal.*`.
   *
   * @default '*'
   */
  readonly match?: string;

  /**
   * Name of the output in the agent's metrics.
   *
   * @default - the plugin name and its position, as the agent numbers them
   */
  readonly alias?: string;

  /**
   * How many times a failed chunk is retried before it is dropped.
   *
   * @default - retried without limit; with filesystem buffering the chunk waits on disk
   */
  readonly retryLimit?: number;

  /**
   * Disk space, in MiB, this output's queue may take in the filesystem buffer; the oldest
   * chunks are dropped beyond it. Needs filesystem buffering.
   *
   * @default - no limit per output
   */
  readonly storageTotalLimitMiB?: number;

  /**
   * Worker threads that flush this output.
   *
   * @default - the plugin's own default
   */
  readonly workers?: number;
}

/**
 * How records are printed on standard output.
 */
export enum StdoutFormat {
  /** The agent's readable MessagePack dump. */
  MSGPACK = 'msgpack',
  /** One JSON array per flush. */
  JSON = 'json',
  /** One JSON object per line. */
  JSON_LINES = 'json_lines',
  /** JSON objects one after another. */
  JSON_STREAM = 'json_stream',
}

/**
 * Options of the standard output.
 */
export interface StdoutOutputOptions extends LogOutputOptions {
  /**
   * How records are printed.
   *
   * @default StdoutFormat.JSON_LINES
   */
  readonly format?: StdoutFormat;
}

/**
 * Options of a Fluentd forward protocol output.
 */
export interface ForwardOutputOptions extends LogOutputOptions {
  /**
   * Host name of the receiving Fluentd or Fluent Bit, for example an in-cluster Service name.
   */
  readonly host: string;

  /**
   * TCP port of the receiver.
   *
   * @default 24224
   */
  readonly port?: number;

  /**
   * TLS towards the receiver (Secure Forward).
   *
   * @default - plain TCP
   */
  readonly tls?: LogOutputTls;

  /**
   * Shared key of Secure Forward authentication. Needs `tls`.
   *
   * @default - no shared key
   */
  readonly sharedKey?: SecretKeyReference;

  /**
   * Host name the agent presents in the Secure Forward handshake.
   *
   * @default - the plugin's default, `localhost`
   */
  readonly selfHostname?: string;

  /**
   * User name and password of Secure Forward `user_auth`. Needs `tls`.
   *
   * @default - no user authentication
   */
  readonly userAuth?: BasicAuthCredentials;

  /**
   * Wait for the receiver to acknowledge each chunk (at-least-once delivery).
   *
   * @default false
   */
  readonly requireAckResponse?: boolean;

  /**
   * Compress chunks with gzip.
   *
   * @default false
   */
  readonly compress?: boolean;

  /**
   * Tag that replaces the record's tag on the way out.
   *
   * @default - the record keeps its tag
   */
  readonly tag?: string;
}

/**
 * How a Loki output flattens a record into a log line.
 */
export enum LokiLineFormat {
  /** The record as JSON. */
  JSON = 'json',
  /** `key=value` pairs separated by blanks. */
  KEY_VALUE = 'key_value',
}

/**
 * Options of a Grafana Loki output.
 */
export interface LokiOutputOptions extends LogOutputOptions {
  /**
   * Host name of the Loki distributor or gateway, for example an in-cluster Service name.
   */
  readonly host: string;

  /**
   * TCP port.
   *
   * @default 3100, or 443 with `tls`
   */
  readonly port?: number;

  /**
   * Push path.
   *
   * @default '/loki/api/v1/push'
   */
  readonly uri?: string;

  /**
   * TLS towards Loki.
   *
   * @default - plain HTTP
   */
  readonly tls?: LogOutputTls;

  /**
   * Stream labels: a fixed value, or a record accessor such as
   * `$kubernetes['namespace_name']`.
   *
   * @default { job: 'fluent-bit' }
   */
  readonly labels?: { [name: string]: string };

  /**
   * Record keys, as record accessors, turned into labels under their own name.
   *
   * @default - none
   */
  readonly labelKeys?: string[];

  /**
   * Add every Kubernetes pod label as a stream label.
   *
   * @default false
   */
  readonly autoKubernetesLabels?: boolean;

  /**
   * Record keys to remove before the line is built.
   *
   * @default - none
   */
  readonly removeKeys?: string[];

  /**
   * Structured metadata attached to each line (Loki 3.0 or later), values as for `labels`.
   *
   * @default - none
   */
  readonly structuredMetadata?: { [name: string]: string };

  /**
   * How the record becomes a log line.
   *
   * @default LokiLineFormat.JSON
   */
  readonly lineFormat?: LokiLineFormat;

  /**
   * Tenant sent as `X-Scope-OrgID`. A tenant id names a tenant, it is not a credential.
   *
   * @default - single-tenant Loki, no header
   */
  readonly tenantId?: string;

  /**
   * HTTP basic authentication.
   *
   * @default - none
   */
  readonly basicAuth?: BasicAuthCredentials;

  /**
   * Bearer token, sent as `Authorization: Bearer`.
   *
   * @default - none
   */
  readonly bearerToken?: SecretKeyReference;

  /**
   * Extra HTTP headers with fixed, non-secret values.
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };

  /**
   * Compress requests with gzip.
   *
   * @default false
   */
  readonly compress?: boolean;
}

/**
 * Options shared by the Elasticsearch and OpenSearch outputs.
 */
export interface SearchOutputOptions extends LogOutputOptions {
  /**
   * Host name of the cluster, for example an in-cluster Service name.
   */
  readonly host: string;

  /**
   * TCP port.
   *
   * @default 9200
   */
  readonly port?: number;

  /**
   * Path prefix in front of `/_bulk`, for a cluster behind a reverse proxy.
   *
   * @default - none
   */
  readonly pathPrefix?: string;

  /**
   * Index to write to; ignored when `logstashPrefix` is given.
   *
   * @default 'fluent-bit'
   */
  readonly index?: string;

  /**
   * Write to daily indices `<prefix>-YYYY.MM.DD` (Logstash format) with this prefix.
   *
   * @default - a single index, `index`
   */
  readonly logstashPrefix?: string;

  /**
   * TLS towards the cluster.
   *
   * @default - plain HTTP
   */
  readonly tls?: LogOutputTls;

  /**
   * HTTP basic authentication.
   *
   * @default - none
   */
  readonly basicAuth?: BasicAuthCredentials;

  /**
   * Leave the mapping type out of bulk requests, as Elasticsearch 8 and OpenSearch 2 require.
   *
   * @default true
   */
  readonly suppressTypeName?: boolean;

  /**
   * Generate a document id from the record, so that a retried chunk does not duplicate
   * documents.
   *
   * @default false
   */
  readonly generateId?: boolean;

  /**
   * Replace dots in field names with underscores, so that Kubernetes labels such as
   * `app.kubernetes.io/name` do not clash with object mappings.
   *
   * @default true
   */
  readonly replaceDots?: boolean;

  /**
   * Ingest pipeline the cluster runs on each document.
   *
   * @default - none
   */
  readonly pipeline?: string;

  /**
   * Compress requests with gzip.
   *
   * @default false
   */
  readonly compress?: boolean;
}

/**
 * Options of an Elasticsearch output.
 */
export interface ElasticsearchOutputOptions extends SearchOutputOptions {
  /**
   * Elasticsearch API key (the base64 `id:api_key` form). Ignored by Elasticsearch when
   * `basicAuth` is given, so the two are refused together.
   *
   * @default - none
   */
  readonly apiKey?: SecretKeyReference;
}

/**
 * Which AWS service signs OpenSearch requests.
 */
export enum OpenSearchAwsService {
  /** Amazon OpenSearch Service domains (`es`). */
  DOMAIN = 'es',
  /** Amazon OpenSearch Serverless collections (`aoss`). */
  SERVERLESS = 'aoss',
}

/**
 * AWS SigV4 signing of OpenSearch requests. The credentials come from the pod's identity
 * (IAM roles for service accounts or EKS Pod Identity), never from the configuration.
 */
export interface OpenSearchAwsAuth {
  /**
   * AWS region of the domain or collection.
   */
  readonly region: string;

  /**
   * IAM role to assume before signing.
   *
   * @default - the pod's own identity signs
   */
  readonly roleArn?: string;

  /**
   * Service the signature is made for.
   *
   * @default OpenSearchAwsService.DOMAIN
   */
  readonly service?: OpenSearchAwsService;
}

/**
 * Options of an OpenSearch output.
 */
export interface OpenSearchOutputOptions extends SearchOutputOptions {
  /**
   * Sign requests with AWS SigV4 instead of `basicAuth`. Needs `tls`.
   *
   * @default - no AWS signing
   */
  readonly awsAuth?: OpenSearchAwsAuth;
}

/**
 * Body format of an HTTP output.
 */
export enum HttpFormat {
  /** MessagePack. */
  MSGPACK = 'msgpack',
  /** One JSON array per request. */
  JSON = 'json',
  /** One JSON object per line. */
  JSON_LINES = 'json_lines',
  /** JSON objects one after another. */
  JSON_STREAM = 'json_stream',
  /** Graylog Extended Log Format. */
  GELF = 'gelf',
}

/**
 * Options of a generic HTTP output.
 */
export interface HttpOutputOptions extends LogOutputOptions {
  /**
   * Host name of the receiver, for example an in-cluster Service name.
   */
  readonly host: string;

  /**
   * TCP port.
   *
   * @default 80, or 443 with `tls`
   */
  readonly port?: number;

  /**
   * Request path.
   *
   * @default '/'
   */
  readonly uri?: string;

  /**
   * Body format.
   *
   * @default HttpFormat.JSON
   */
  readonly format?: HttpFormat;

  /**
   * Extra HTTP headers with fixed, non-secret values.
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };

  /**
   * Extra HTTP headers whose values come from Secrets, such as an API key header.
   *
   * @default - none
   */
  readonly secretHeaders?: { [name: string]: SecretKeyReference };

  /**
   * HTTP basic authentication.
   *
   * @default - none
   */
  readonly basicAuth?: BasicAuthCredentials;

  /**
   * TLS towards the receiver.
   *
   * @default - plain HTTP
   */
  readonly tls?: LogOutputTls;

  /**
   * Compress requests with gzip.
   *
   * @default false
   */
  readonly compress?: boolean;
}

/**
 * Options of an output written as raw plugin properties.
 */
export interface RawOutputOptions extends LogOutputOptions {
  /**
   * Properties whose values come from Secrets, passed as environment variables.
   *
   * @default - none
   */
  readonly secretProperties?: { [key: string]: SecretKeyReference };

  /**
   * Properties that take a file path, filled with the path of a Secret key mounted as a
   * file (CA bundles, client keys).
   *
   * @default - none
   */
  readonly secretFileProperties?: { [key: string]: SecretKeyReference };
}

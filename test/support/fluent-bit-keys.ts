// Configuration keys fluent-bit documents, per section and plugin, written down from the
// fluent-bit manual (github.com/fluent/fluent-bit-docs, read in 2026):
//   administration/configuring-fluent-bit/classic-mode/configuration-file.md  (SERVICE, common keys)
//   administration/configuring-fluent-bit/yaml/service-section.md             (SERVICE, storage.*)
//   administration/buffering-and-storage.md, administration/monitoring.md     (storage.*, health check)
//   administration/scheduling-and-retries.md                                  (Retry_Limit)
//   administration/transport-security.md, administration/networking.md        (tls.*, net.*)
//   administration/configuring-fluent-bit/multiline-parsing.md                (MULTILINE_PARSER)
//   pipeline/parsers/configuring-parser.md                                    (PARSER)
//   pipeline/inputs/tail.md, pipeline/inputs/systemd.md
//   pipeline/filters/kubernetes.md, pipeline/filters/multiline-stacktrace.md
//   pipeline/outputs/{standard-output,forward,loki,elasticsearch,opensearch,http,kafka,null}.md
// Keys are compared case-insensitively, as fluent-bit does. A key missing here is an error
// for the linter even when fluent-bit would accept it: add it with its source page.

export interface PluginKeys {
  /** Keys of the plugin itself. */
  readonly keys: string[];
  /** Key prefixes the plugin accepts (`rdkafka.` passes any librdkafka property). */
  readonly prefixes?: string[];
  /** Whether the plugin opens network connections and takes the tls.* and net.* keys. */
  readonly network?: boolean;
  /** Keys that may appear more than once. */
  readonly repeatable?: string[];
}

export const SERVICE_KEYS: PluginKeys = {
  keys: [
    'flush', 'grace', 'daemon', 'dns.mode', 'log_file', 'log_level', 'parsers_file', 'plugins_file',
    'streams_file', 'http_server', 'http_listen', 'http_port', 'hot_reload', 'coro_stack_size',
    'scheduler.cap', 'scheduler.base', 'json.convert_nan_to_null', 'json.escape_unicode',
    'sp.convert_from_str_to_num', 'multiline_buffer_limit',
    'health_check', 'hc_errors_count', 'hc_retry_failure_count', 'hc_period',
    'storage.path', 'storage.sync', 'storage.checksum', 'storage.max_chunks_up', 'storage.backlog.mem_limit',
    'storage.backlog.flush_on_shutdown', 'storage.metrics', 'storage.delete_irrecoverable_chunks',
    'storage.keep.rejected', 'storage.rejected.path',
  ],
  repeatable: ['parsers_file'],
};

export const COMMON_INPUT_KEYS = ['name', 'tag', 'alias', 'log_level', 'mem_buf_limit', 'storage.type', 'threaded'];
export const COMMON_FILTER_KEYS = ['name', 'match', 'match_regex', 'alias', 'log_level'];
export const COMMON_OUTPUT_KEYS = [
  'name', 'match', 'match_regex', 'alias', 'log_level', 'retry_limit', 'storage.total_limit_size', 'workers',
];
export const TLS_KEYS = [
  'tls', 'tls.verify', 'tls.verify_hostname', 'tls.debug', 'tls.ca_file', 'tls.ca_path', 'tls.crt_file',
  'tls.key_file', 'tls.key_passwd', 'tls.vhost',
];
export const NET_KEYS = [
  'net.connect_timeout', 'net.connect_timeout_log_error', 'net.io_timeout', 'net.keepalive',
  'net.keepalive_idle_timeout', 'net.dns.mode', 'net.dns.prefer_ipv4', 'net.dns.prefer_ipv6', 'net.dns.resolver',
  'net.keepalive_max_recycle', 'net.max_worker_connections', 'net.proxy_env_ignore', 'net.tcp_keepalive',
  'net.tcp_keepalive_time', 'net.tcp_keepalive_interval', 'net.tcp_keepalive_probes', 'net.source_address',
];

export const INPUT_PLUGINS: { [name: string]: PluginKeys } = {
  tail: {
    keys: [
      'buffer_chunk_size', 'buffer_max_size', 'path', 'path_key', 'exclude_path', 'offset_key', 'read_from_head',
      'refresh_interval', 'rotate_wait', 'ignore_older', 'skip_long_lines', 'skip_empty_lines', 'db', 'db.sync',
      'db.locking', 'db.journal_mode', 'db.compare_filename', 'exit_on_eof', 'parser', 'key', 'inotify_watcher',
      'tag_regex', 'static_batch_size', 'multiline.parser',
      // the older multi-line mechanism the tail page still lists
      'multiline', 'multiline_flush', 'parser_firstline', 'docker_mode', 'docker_mode_flush', 'docker_mode_parser',
    ],
    prefixes: ['parser_'],
  },
  systemd: {
    keys: [
      'path', 'max_fields', 'max_entries', 'systemd_filter', 'systemd_filter_type', 'db', 'db.sync',
      'read_from_tail', 'lowercase', 'strip_underscores',
    ],
    repeatable: ['systemd_filter'],
  },
};

export const FILTER_PLUGINS: { [name: string]: PluginKeys } = {
  kubernetes: {
    keys: [
      'buffer_size', 'kube_url', 'kube_ca_file', 'kube_ca_path', 'kube_token_file', 'kube_tag_prefix', 'merge_log',
      'merge_log_key', 'merge_log_trim', 'merge_parser', 'keep_log', 'tls.debug', 'tls.verify', 'tls.verify_hostname',
      'use_journal', 'cache_use_docker_id', 'regex_parser', 'k8s-logging.parser', 'k8s-logging.exclude', 'labels',
      'annotations', 'kube_meta_preload_cache_dir', 'dummy_meta', 'dns_retries', 'dns_wait_time', 'use_kubelet',
      'use_tag_for_meta', 'kubelet_port', 'kubelet_host', 'kube_meta_cache_ttl', 'kube_token_ttl',
      'kube_token_command', 'kube_meta_namespace_cache_ttl', 'namespace_labels', 'namespace_annotations',
      'namespace_metadata_only', 'owner_references',
    ],
  },
  multiline: {
    keys: [
      'buffer', 'debug_flush', 'emitter_mem_buf_limit', 'emitter_name', 'emitter_storage.type', 'flush_ms', 'mode',
      'multiline.key_content', 'multiline.parser',
    ],
  },
};

const SEARCH_KEYS = [
  'host', 'port', 'path', 'compress', 'buffer_size', 'pipeline', 'aws_auth', 'aws_region', 'aws_sts_endpoint',
  'aws_role_arn', 'aws_external_id', 'aws_service_name', 'aws_profile', 'http_user', 'http_passwd', 'index', 'type',
  'logstash_format', 'logstash_prefix', 'logstash_prefix_key', 'logstash_prefix_separator', 'logstash_dateformat',
  'time_key', 'time_key_format', 'time_key_nanos', 'include_tag_key', 'tag_key', 'generate_id', 'id_key',
  'write_operation', 'replace_dots', 'trace_output', 'trace_error', 'current_time_index', 'suppress_type_name',
];

export const OUTPUT_PLUGINS: { [name: string]: PluginKeys } = {
  stdout: { keys: ['format', 'json_date_key', 'json_date_format'] },
  null: { keys: [] },
  forward: {
    keys: [
      'host', 'port', 'time_as_integer', 'upstream', 'unix_path', 'tag', 'send_options', 'require_ack_response',
      'compress', 'shared_key', 'empty_shared_key', 'username', 'password', 'self_hostname',
    ],
    network: true,
  },
  loki: {
    keys: [
      'host', 'uri', 'port', 'http_user', 'http_passwd', 'bearer_token', 'header', 'tenant_id', 'labels',
      'label_keys', 'label_map_path', 'structured_metadata', 'structured_metadata_map_keys', 'remove_keys',
      'drop_single_key', 'line_format', 'auto_kubernetes_labels', 'tenant_id_key', 'compress',
    ],
    network: true,
    repeatable: ['header'],
  },
  es: { keys: [...SEARCH_KEYS, 'cloud_id', 'cloud_auth', 'http_api_key'], network: true },
  opensearch: { keys: SEARCH_KEYS, network: true },
  http: {
    keys: [
      'host', 'http_user', 'http_passwd', 'aws_auth', 'aws_service', 'aws_region', 'aws_sts_endpoint', 'aws_role_arn',
      'aws_external_id', 'port', 'proxy', 'uri', 'compress', 'format', 'allow_duplicated_headers',
      'log_response_payload', 'header_tag', 'header', 'json_date_key', 'json_date_format', 'gelf_timestamp_key',
      'gelf_host_key', 'gelf_short_message_key', 'gelf_full_message_key', 'gelf_level_key', 'body_key', 'headers_key',
    ],
    network: true,
    repeatable: ['header'],
  },
  kafka: {
    keys: [
      'format', 'message_key', 'message_key_field', 'timestamp_key', 'timestamp_format', 'brokers', 'topics',
      'topic_key', 'dynamic_topic', 'queue_full_retries', 'schema_str', 'schema_id',
    ],
    prefixes: ['rdkafka.'],
  },
};

export const PARSER_KEYS: PluginKeys = {
  keys: [
    'name', 'format', 'regex', 'time_key', 'time_format', 'time_offset', 'time_keep', 'time_system_timezone',
    'types', 'decode_field', 'decode_field_as', 'skip_empty_values', 'time_strict',
  ],
  repeatable: ['decode_field', 'decode_field_as'],
};

export const MULTILINE_PARSER_KEYS: PluginKeys = {
  keys: ['name', 'type', 'parser', 'key_content', 'flush_timeout', 'rule'],
  repeatable: ['rule'],
};

/** Multi-line parsers built into the binary (multiline-parsing.md, multiline-stacktrace.md). */
export const BUILT_IN_MULTILINE_PARSERS = ['cri', 'docker', 'go', 'java', 'python', 'ruby'];

/** Parser names of conf/parsers.conf, which the image installs as /fluent-bit/etc/parsers.conf. */
export const IMAGE_PARSERS_FILE = '/fluent-bit/etc/parsers.conf';
export const IMAGE_PARSERS = [
  'apache', 'apache2', 'apache_error', 'nginx', 'k8s-nginx-ingress', 'json', 'docker', 'docker-daemon',
  'syslog-rfc5424', 'syslog-rfc3164-local', 'syslog-rfc3164', 'mongodb', 'cri', 'kube-custom', 'filter-kube-test',
];

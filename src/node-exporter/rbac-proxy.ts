import { ListenAddress } from './listen';
import { ApiAccessRule, NonResourceAccessRule } from '../api-access';
import { FieldEnvVar } from '../field-env';
import { checkPort, invalid } from '../validation';

/**
 * What kube-rbac-proxy runs with.
 */
export interface KubeRbacProxyArgsProps {
  /** The port it serves over TLS. */
  readonly port: number;

  /** The port on 127.0.0.1 it forwards authorized requests to. */
  readonly upstreamPort: number;

  /**
   * The addresses it binds.
   *
   * @default ListenAddress.POD_IP
   */
  readonly listenAddress?: ListenAddress;
}

/**
 * The command line and permissions of a kube-rbac-proxy sidecar.
 *
 * The proxy checks each caller's bearer token with a TokenReview and asks a
 * SubjectAccessReview whether the caller may `get` the requested path (a non-resource URL,
 * `/metrics` for Prometheus); only then does it forward the request to the upstream port.
 * Without a certificate flag it serves a self-signed certificate it makes at start.
 */
export class KubeRbacProxyArgs {
  /** The pinned version, the one kube-prometheus runs. */
  public static readonly VERSION = '0.22.1';

  /** The pinned image. */
  public static readonly IMAGE = `quay.io/brancz/kube-rbac-proxy:v${KubeRbacProxyArgs.VERSION}`;

  /** The TLS cipher suites it offers for TLS 1.2: the ECDHE AEAD suites kube-prometheus lists. */
  public static readonly TLS_CIPHER_SUITES = [
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  ];

  /** The image to run. */
  public readonly image: string;

  /** Its arguments. */
  public readonly args: string[];

  /** The environment variables its arguments refer to. */
  public readonly env: FieldEnvVar[];

  /** The port it serves. */
  public readonly port: number;

  /** The port it forwards to. */
  public readonly upstreamPort: number;

  /**
   * The API access the proxy's own service account needs: creating TokenReviews and
   * SubjectAccessReviews, with the account's token mounted to make them.
   */
  public readonly rbacRules: ApiAccessRule[];

  /** What a scraper's service account needs to be let through: `get` on `/metrics`. */
  public readonly scraperRules: NonResourceAccessRule[];

  constructor(props: KubeRbacProxyArgsProps) {
    checkPort('port', props.port);
    checkPort('upstreamPort', props.upstreamPort);
    if (props.upstreamPort === props.port) {
      throw invalid('upstreamPort', props.upstreamPort,
        `expected a port other than port ${props.port}, which the proxy itself listens on`);
    }
    const listen = props.listenAddress ?? ListenAddress.POD_IP;

    this.image = KubeRbacProxyArgs.IMAGE;
    this.port = props.port;
    this.upstreamPort = props.upstreamPort;
    this.env = listen.env ? [listen.env] : [];
    this.args = [
      `--secure-listen-address=${listen.hostPort(props.port)}`,
      `--tls-cipher-suites=${KubeRbacProxyArgs.TLS_CIPHER_SUITES.join(',')}`,
      `--upstream=http://127.0.0.1:${props.upstreamPort}/`,
    ];
    this.rbacRules = [
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['subjectaccessreviews'],
        verbs: ['create'],
      },
    ];
    this.scraperRules = [{ urls: ['/metrics'], verbs: ['get'] }];
  }
}

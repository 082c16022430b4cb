import { SecretKeyReference } from '../secret-reference';

/**
 * HTTP basic authentication, both halves read from Secrets.
 */
export interface BasicAuthCredentials {
  /**
   * The user name.
   */
  readonly username: SecretKeyReference;

  /**
   * The password.
   */
  readonly password: SecretKeyReference;
}

/**
 * A client certificate and its private key, for mutual TLS, read from one Secret.
 */
export interface TlsClientCertificate {
  /**
   * Name of the Secret, usually of type `kubernetes.io/tls`.
   */
  readonly secretName: string;

  /**
   * Key holding the PEM certificate.
   *
   * @default 'tls.crt'
   */
  readonly certificateKey?: string;

  /**
   * Key holding the PEM private key.
   *
   * @default 'tls.key'
   */
  readonly privateKeyKey?: string;
}

/**
 * TLS settings of a log output. Giving this struct turns TLS on.
 */
export interface LogOutputTls {
  /**
   * Verify the server certificate against the trusted CAs.
   *
   * @default true
   */
  readonly verify?: boolean;

  /**
   * Check that the server certificate names the host the output connects to.
   *
   * @default true
   */
  readonly verifyHostname?: boolean;

  /**
   * PEM bundle of the CAs to trust, mounted as a file from a Secret.
   *
   * @default - the CA bundle of the agent's image
   */
  readonly ca?: SecretKeyReference;

  /**
   * Client certificate for mutual TLS.
   *
   * @default - no client certificate is presented
   */
  readonly clientCertificate?: TlsClientCertificate;

  /**
   * Host name sent in the TLS SNI extension.
   *
   * @default - the output's host
   */
  readonly serverName?: string;
}

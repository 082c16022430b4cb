import { FieldEnvVar } from '../field-env';

/**
 * Which addresses a listener binds.
 *
 * The node and pod addresses reach the process through an environment variable that the
 * kubelet expands in the arguments (`$(HOST_IP)`), always inside brackets: Go's listener
 * accepts `[10.0.0.5]:9100` as well as `[fd00::5]:9100`, so one form serves both address
 * families, while a bare IPv6 address followed by `:9100` would not parse.
 */
export class ListenAddress {
  /**
   * Every address of the network namespace, IPv4 and IPv6 (`:9100`). With host network
   * that is every interface of the node.
   */
  public static readonly ALL_INTERFACES = new ListenAddress('all interfaces');

  /**
   * Only the node's primary address (`status.hostIP`). Needs host network: the node's
   * address does not exist inside a pod's own network namespace. On a dual-stack node only
   * the primary family is served.
   */
  public static readonly NODE_IP = new ListenAddress('node IP', {
    name: 'HOST_IP',
    fieldPath: 'status.hostIP',
  });

  /**
   * Only the pod's primary address (`status.podIP`), which is the node's address under
   * host network. kube-prometheus binds its kube-rbac-proxy this way.
   */
  public static readonly POD_IP = new ListenAddress('pod IP', {
    name: 'POD_IP',
    fieldPath: 'status.podIP',
  });

  /** A name for messages and documentation. */
  public readonly description: string;

  /**
   * The variable the address comes from.
   *
   * @default - none: all interfaces need no address
   */
  public readonly env?: FieldEnvVar;

  private constructor(description: string, env?: FieldEnvVar) {
    this.description = description;
    this.env = env;
  }

  /** The `host:port` value of a listen flag. */
  public hostPort(port: number): string {
    return this.env ? `[$(${this.env.name})]:${port}` : `:${port}`;
  }
}

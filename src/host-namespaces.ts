import { JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * The node's namespaces an agent joins. Each is off unless asked for by name.
 */
export interface HostNamespacesProps {
  /**
   * Use the node's network namespace: the agent sees and programs the node's interfaces,
   * and every container port is bound on the node (its host port is set to match).
   *
   * @default false
   */
  readonly hostNetwork?: boolean;

  /**
   * Use the node's process namespace: the agent sees every process on the node.
   *
   * @default false
   */
  readonly hostPID?: boolean;

  /**
   * Use the node's IPC namespace.
   *
   * @default false
   */
  readonly hostIPC?: boolean;

  /**
   * The DNS policy of the pods.
   *
   * @default - `ClusterFirstWithHostNet` with hostNetwork (so the agent still resolves
   * cluster names), else `ClusterFirst`
   */
  readonly dnsPolicy?: kplus.DnsPolicy;
}

/** The resolved host namespaces.
 *
 * @internal
 */
export interface ResolvedHostNamespaces {
  readonly hostNetwork: boolean;
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly dnsPolicy: kplus.DnsPolicy;
}

/** Applies the defaults: nothing shared, and a DNS policy that works on the host network. */
export function resolveHostNamespaces(props: HostNamespacesProps): ResolvedHostNamespaces {
  const hostNetwork = props.hostNetwork ?? false;
  return {
    hostNetwork,
    hostPID: props.hostPID ?? false,
    hostIPC: props.hostIPC ?? false,
    dnsPolicy: props.dnsPolicy
      ?? (hostNetwork ? kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : kplus.DnsPolicy.CLUSTER_FIRST),
  };
}

/**
 * The patches that set hostPID and hostIPC on a rendered DaemonSet, which the props of
 * cdk8s-plus-28 do not cover. Apply them to the converted object: the conversion of
 * cdk8s-plus-28 reads `hostPid`/`hostIpc` and drops the API's spelling, so an ordinary
 * JSON patch of `hostPID` vanishes from the manifest.
 */
export function hostNamespacePatches(namespaces: ResolvedHostNamespaces): JsonPatch[] {
  const patches: JsonPatch[] = [];
  if (namespaces.hostPID) {
    patches.push(JsonPatch.add('/spec/template/spec/hostPID', true));
  }
  if (namespaces.hostIPC) {
    patches.push(JsonPatch.add('/spec/template/spec/hostIPC', true));
  }
  return patches;
}

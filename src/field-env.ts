import * as kplus from 'cdk8s-plus-28';

/**
 * An environment variable that the kubelet fills from a field of the pod (the downward
 * API), such as the node's address for an agent that binds it.
 */
export interface FieldEnvVar {
  /** The variable's name. */
  readonly name: string;

  /** The pod field it holds, such as `status.hostIP`. */
  readonly fieldPath: string;
}

/** The container environment of field variables, name to value. */
export function fieldEnvValues(vars: FieldEnvVar[]): { [name: string]: kplus.EnvValue } {
  return Object.fromEntries(vars.map((v) =>
    [v.name, kplus.EnvValue.fromFieldRef(v.fieldPath as kplus.EnvFieldPaths)]));
}

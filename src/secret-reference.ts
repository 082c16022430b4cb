import { checkDnsSubdomain, invalid } from './validation';

/**
 * One key of a Kubernetes Secret in the agent's namespace.
 *
 * Every credential the library's constructs use is named this way (a log output's password
 * or CA bundle, the bearer token a monitor sends), so that a generated manifest or
 * configuration only ever holds a reference, never the value itself.
 */
export interface SecretKeyReference {
  /**
   * Name of the Secret, in the namespace the agent runs in: a DNS subdomain.
   */
  readonly secretName: string;

  /**
   * Key inside the Secret's data: letters, digits, `-`, `_` and `.`.
   */
  readonly key: string;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** Checks the name of a Secret. */
export function checkSecretName(property: string, name: string): void {
  checkDnsSubdomain(property, name, 'a Secret name');
}

/** Checks a key of a Secret's data. */
export function checkSecretKey(property: string, key: string): void {
  if (!SECRET_KEY.test(key)) {
    throw invalid(property, key,
      'expected a Secret key: at most 253 letters, digits, \'-\', \'_\' and \'.\'');
  }
}

/** Checks both halves of a Secret key reference, naming each as `<property>.<field>`. */
export function checkSecretKeyReference(property: string, ref: SecretKeyReference): void {
  checkSecretName(`${property}.secretName`, ref.secretName);
  checkSecretKey(`${property}.key`, ref.key);
}

import { SecretKeyReference } from '../../secret-reference';
import { LogSecretEnvVar, LogSecretVolume } from '../engine';
import { compareStrings } from '../sorting';

/**
 * Collects the Secret material an agent's configuration refers to: values become
 * environment variables referenced as `${NAME}`, files become Secret volume items. The
 * configuration itself only ever holds the reference.
 */
export class SecretBinder {
  private readonly env = new Map<string, LogSecretEnvVar>();
  private readonly files = new Map<string, Set<string>>();

  public constructor(private readonly secretsDirectory: string) {}

  /** Register an environment variable and return its `${NAME}` reference. */
  public envRef(name: string, ref: SecretKeyReference): string {
    const existing = this.env.get(name);
    if (existing && (existing.secretName !== ref.secretName || existing.key !== ref.key)) {
      throw new Error(`environment variable ${name} would be bound to two Secret keys`);
    }
    this.env.set(name, { name, secretName: ref.secretName, key: ref.key });
    return `\${${name}}`;
  }

  /** Register a file and return its absolute path in the container. */
  public filePath(ref: SecretKeyReference): string {
    const keys = this.files.get(ref.secretName) ?? new Set<string>();
    keys.add(ref.key);
    this.files.set(ref.secretName, keys);
    return `${this.mountPath(ref.secretName)}/${ref.key}`;
  }

  public get envVars(): LogSecretEnvVar[] {
    return [...this.env.values()].sort((a, b) => compareStrings(a.name, b.name));
  }

  public get volumes(): LogSecretVolume[] {
    return [...this.files.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([secretName, keys]) => ({
        secretName,
        mountPath: this.mountPath(secretName),
        items: [...keys].sort(compareStrings).map(key => ({ key, path: key })),
      }));
  }

  private mountPath(secretName: string): string {
    return `${this.secretsDirectory}/${secretName}`;
  }
}

import { IConstruct } from 'constructs';

const WARNING_TYPE = 'cdk8s-node-agents:warning';

/**
 * A warning that a construct raised at synth time.
 */
export interface AgentWarning {
  /** The construct path that raised the warning. */
  readonly path: string;

  /** What the user should know. */
  readonly message: string;
}

/**
 * The warning channel of this library.
 *
 * The library prints nothing. A manifest that would be wrong is an error; one that would work
 * but deserves attention (a namespace that this app does not manage, a priority class that
 * needs a quota) gets a warning, kept as construct metadata. Read them with
 * `Warnings.collect(app)` and print or fail on them in your app.
 */
export class Warnings {
  /** Records a warning on a construct. */
  public static add(scope: IConstruct, message: string): void {
    scope.node.addMetadata(WARNING_TYPE, message);
  }

  /** Every warning raised in the tree below `scope`, in construct order. */
  public static collect(scope: IConstruct): AgentWarning[] {
    const found: AgentWarning[] = [];
    for (const child of scope.node.findAll()) {
      for (const entry of child.node.metadata) {
        if (entry.type === WARNING_TYPE) {
          found.push({ path: child.node.path, message: String(entry.data) });
        }
      }
    }
    return found;
  }

  private constructor() {}
}

import { invalid } from '../validation';

/**
 * What a relabeling rule does.
 */
export enum RelabelAction {
  /** Write `replacement`, with the regex's groups filled in, to `targetLabel`. */
  REPLACE = 'replace',
  /** Keep only the targets whose source labels match `regex`. */
  KEEP = 'keep',
  /** Drop the targets whose source labels match `regex`. */
  DROP = 'drop',
  /** Keep the targets whose source labels equal `targetLabel`. */
  KEEP_EQUAL = 'keepequal',
  /** Drop the targets whose source labels equal `targetLabel`. */
  DROP_EQUAL = 'dropequal',
  /** Write the hash of the source labels modulo `modulus` to `targetLabel`. */
  HASHMOD = 'hashmod',
  /** Copy the labels whose names match `regex` to the names given by `replacement`. */
  LABEL_MAP = 'labelmap',
  /** Remove the labels whose names match `regex`. */
  LABEL_DROP = 'labeldrop',
  /** Remove the labels whose names do not match `regex`. */
  LABEL_KEEP = 'labelkeep',
  /** Write the source labels in lower case to `targetLabel`. */
  LOWERCASE = 'lowercase',
  /** Write the source labels in upper case to `targetLabel`. */
  UPPERCASE = 'uppercase',
}

/**
 * One Prometheus relabeling rule (`relabel_config`).
 */
export interface RelabelConfig {
  /**
   * What the rule does.
   *
   * @default RelabelAction.REPLACE
   */
  readonly action?: RelabelAction;

  /**
   * The labels whose values, joined by `separator`, the rule matches.
   *
   * @default - none
   */
  readonly sourceLabels?: string[];

  /**
   * What joins the source label values.
   *
   * @default ';'
   */
  readonly separator?: string;

  /**
   * The label the rule writes (required by the replace, hashmod, case and equal actions).
   *
   * @default - none
   */
  readonly targetLabel?: string;

  /**
   * The regular expression (RE2, anchored at both ends) matched against the joined values.
   *
   * @default '(.*)'
   */
  readonly regex?: string;

  /**
   * The modulus of the hashmod action (required by it).
   *
   * @default - none
   */
  readonly modulus?: number;

  /**
   * What the replace and labelmap actions write; `$1` and so on are the regex's groups.
   *
   * @default '$1'
   */
  readonly replacement?: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// A replace target may take its name from the regex's groups, as in `${1}_total`.
const TEMPLATED_LABEL_NAME = /^(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*$/;
const NEEDS_TARGET = [
  RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE,
  RelabelAction.UPPERCASE, RelabelAction.KEEP_EQUAL, RelabelAction.DROP_EQUAL,
];

/** Checks a rule and writes it as the operator's RelabelConfig object. */
export function renderRelabel(property: string, rule: RelabelConfig): { [key: string]: any } {
  const action = rule.action ?? RelabelAction.REPLACE;
  if (!Object.values(RelabelAction).includes(action)) {
    throw invalid(`${property}.action`, action, `expected one of ${Object.values(RelabelAction).join(', ')}`);
  }
  (rule.sourceLabels ?? []).forEach((label, i) => {
    if (!LABEL_NAME.test(label)) {
      throw invalid(`${property}.sourceLabels[${i}]`, label,
        'expected a label name: letters, digits and \'_\', not starting with a digit');
    }
  });

  if (NEEDS_TARGET.includes(action) && rule.targetLabel === undefined) {
    throw invalid(`${property}.targetLabel`, rule.targetLabel, `the ${action} action needs a target label`);
  }
  if (rule.targetLabel !== undefined) {
    const pattern = action === RelabelAction.REPLACE ? TEMPLATED_LABEL_NAME : LABEL_NAME;
    if (!pattern.test(rule.targetLabel)) {
      throw invalid(`${property}.targetLabel`, rule.targetLabel,
        'expected a label name: letters, digits and \'_\', not starting with a digit'
        + (action === RelabelAction.REPLACE ? ' (or $1-style references to regex groups)' : ''));
    }
  }

  if (action === RelabelAction.HASHMOD
    && (rule.modulus === undefined || !Number.isInteger(rule.modulus) || rule.modulus < 1)) {
    throw invalid(`${property}.modulus`, rule.modulus, 'the hashmod action needs a whole-number modulus of 1 or more');
  }
  if (action !== RelabelAction.HASHMOD && rule.modulus !== undefined) {
    throw invalid(`${property}.modulus`, rule.modulus, 'only the hashmod action takes a modulus');
  }

  return {
    action,
    ...(rule.sourceLabels ? { sourceLabels: [...rule.sourceLabels] } : {}),
    ...(rule.separator !== undefined ? { separator: rule.separator } : {}),
    ...(rule.targetLabel !== undefined ? { targetLabel: rule.targetLabel } : {}),
    ...(rule.regex !== undefined ? { regex: rule.regex } : {}),
    ...(rule.modulus !== undefined ? { modulus: rule.modulus } : {}),
    ...(rule.replacement !== undefined ? { replacement: rule.replacement } : {}),
  };
}

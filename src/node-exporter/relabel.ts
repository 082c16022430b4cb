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

/**
 * How a parser reads a log line.
 */
export enum LogParserFormat {
  /** The line is a JSON map. */
  JSON = 'json',
  /** A regular expression with named captures (Ruby syntax). */
  REGEX = 'regex',
  /** Labeled tab-separated values. */
  LTSV = 'ltsv',
  /** `key=value` pairs. */
  LOGFMT = 'logfmt',
}

/**
 * A parser that turns one line into a structured record. It is written to the agent's
 * parsers file and can be named wherever a parser is referenced.
 */
export interface LogParserDefinition {
  /**
   * Unique name of the parser.
   */
  readonly name: string;

  /**
   * How the line is read.
   */
  readonly format: LogParserFormat;

  /**
   * Regular expression with named captures; required for `LogParserFormat.REGEX`, refused
   * for the other formats.
   *
   * @default - none
   */
  readonly regex?: string;

  /**
   * Field holding the record's time.
   *
   * @default - the time the line was read
   */
  readonly timeKey?: string;

  /**
   * `strptime` format of the time field; `%L` reads fractional seconds.
   *
   * @default - none; requires `timeKey` when given
   */
  readonly timeFormat?: string;

  /**
   * Keep the time field in the record after it was parsed.
   *
   * @default false
   */
  readonly timeKeep?: boolean;
}

/**
 * One rule of a multi-line parser: a line matching `regex` while in `state` is joined to the
 * current record, and the parser moves on to `nextState`.
 */
export interface MultilineParserRule {
  /**
   * State the rule applies in; the first rule's state must be `start_state`.
   */
  readonly state: string;

  /**
   * Regular expression, written between slashes, such as `/^\s+at /`. Double quotes are
   * refused, since the rule syntax quotes each field.
   */
  readonly regex: string;

  /**
   * State after a match.
   */
  readonly nextState: string;
}

/**
 * A multi-line parser that joins lines, such as the frames of a stack trace, into one record.
 */
export interface MultilineParserDefinition {
  /**
   * Unique name of the multi-line parser.
   */
  readonly name: string;

  /**
   * The rules, the first one in state `start_state`.
   */
  readonly rules: MultilineParserRule[];

  /**
   * Milliseconds to wait for a continuation line before the record is emitted.
   *
   * @default 1000
   */
  readonly flushTimeoutMs?: number;

  /**
   * Parser applied to each line before the rules, by name.
   *
   * @default - the rules see the raw line
   */
  readonly parser?: string;

  /**
   * Field of a structured record that the rules read.
   *
   * @default - none
   */
  readonly keyContent?: string;
}

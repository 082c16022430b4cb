import { checkConfigValue, checkInteger, checkNonEmpty, invalid, show } from '../../validation';
import { LogParserDefinition, LogParserFormat, MultilineParserDefinition } from '../parsers';
import { ClassicSection } from './classic-config';

/** Multi-line parsers built into the fluent-bit binary. */
export const BUILT_IN_MULTILINE_PARSERS = ['cri', 'docker', 'go', 'java', 'python', 'ruby'];

/** Parsers defined by `/fluent-bit/etc/parsers.conf` in the fluent-bit image. */
export const IMAGE_PARSERS = [
  'apache', 'apache2', 'apache_error', 'cri', 'docker', 'docker-daemon', 'filter-kube-test', 'json',
  'k8s-nginx-ingress', 'kube-custom', 'mongodb', 'nginx', 'syslog-rfc3164', 'syslog-rfc3164-local',
  'syslog-rfc5424',
];

export const IMAGE_PARSERS_FILE = '/fluent-bit/etc/parsers.conf';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/;

export interface ParserCatalogue {
  readonly sections: ClassicSection[];
  /** Parser names a reference may use. */
  readonly parsers: Set<string>;
  /** Multi-line parser names a reference may use. */
  readonly multilineParsers: Set<string>;
}

/**
 * Check the custom parser definitions and build their sections and the set of names that
 * references may use.
 */
export function buildParsers(
  parsers: LogParserDefinition[], multiline: MultilineParserDefinition[], imageParsers: boolean,
): ParserCatalogue {
  const parserNames = new Set<string>(imageParsers ? IMAGE_PARSERS : []);
  const sections: ClassicSection[] = [];

  parsers.forEach((p, i) => {
    const prop = `FluentBitEngine.parsers[${i}]`;
    checkName(`${prop}.name`, p.name);
    if (parserNames.has(p.name)) {
      const fromImage = imageParsers && IMAGE_PARSERS.includes(p.name);
      const by = fromImage ? ' by the image parsers file' : '';
      throw invalid(`${prop}.name`, p.name, `a parser of this name is already defined${by}; `
        + 'choose another name');
    }
    if (p.format === LogParserFormat.REGEX && p.regex === undefined) {
      throw invalid(`${prop}.regex`, p.regex,
        'expected a regular expression, which format \'regex\' needs');
    }
    if (p.format !== LogParserFormat.REGEX && p.regex !== undefined) {
      throw invalid(`${prop}.regex`, p.regex,
        `applies only to format 'regex', not ${show(p.format)}; remove regex`);
    }
    if (p.regex !== undefined) {
      checkConfigValue(`${prop}.regex`, p.regex);
      if (!/\(\?<[A-Za-z_][A-Za-z0-9_]*>/.test(p.regex)) {
        throw invalid(`${prop}.regex`, p.regex,
          'expected at least one named capture such as (?<message>.*)');
      }
    }
    if (p.timeKey !== undefined) checkConfigValue(`${prop}.timeKey`, p.timeKey);
    if (p.timeFormat !== undefined) {
      checkConfigValue(`${prop}.timeFormat`, p.timeFormat);
      if (p.timeKey === undefined) {
        throw invalid(`${prop}.timeFormat`, p.timeFormat,
          'applies only with a timeKey; set timeKey or remove timeFormat');
      }
    }
    parserNames.add(p.name);
    sections.push(new ClassicSection('PARSER')
      .set('Name', p.name)
      .set('Format', p.format)
      .set('Regex', p.regex)
      .set('Time_Key', p.timeKey)
      .set('Time_Format', p.timeFormat)
      .set('Time_Keep', p.timeKey === undefined ? undefined : p.timeKeep ?? false));
  });

  const multilineNames = new Set<string>(BUILT_IN_MULTILINE_PARSERS);
  multiline.forEach((m, i) => {
    const prop = `FluentBitEngine.multilineParsers[${i}]`;
    checkName(`${prop}.name`, m.name);
    if (multilineNames.has(m.name)) {
      const builtIn = BUILT_IN_MULTILINE_PARSERS.includes(m.name) ? ' (a built-in one)' : '';
      throw invalid(`${prop}.name`, m.name,
        `a multi-line parser of this name is already defined${builtIn}; choose another name`);
    }
    checkNonEmpty(`${prop}.rules`, m.rules, 'expected at least one rule');
    if (m.rules[0].state !== 'start_state') {
      throw invalid(`${prop}.rules[0].state`, m.rules[0].state,
        'expected \'start_state\', the state the parser starts in');
    }
    const states = new Set(m.rules.map(r => r.state));
    m.rules.forEach((r, j) => {
      const rule = `${prop}.rules[${j}]`;
      for (const [field, value] of [['state', r.state], ['nextState', r.nextState]]) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
          throw invalid(`${rule}.${field}`, value,
            'expected letters, digits and \'_\', not starting with a digit');
        }
      }
      checkConfigValue(`${rule}.regex`, r.regex);
      if (!/^\/.*\/[a-z]*$/.test(r.regex) || r.regex.includes('"')) {
        throw invalid(`${rule}.regex`, r.regex,
          'expected a regular expression written between slashes, without double quotes');
      }
      if (!states.has(r.nextState)) {
        throw invalid(`${rule}.nextState`, r.nextState,
          `expected the state of one of the rules: ${[...states].join(', ')}`);
      }
    });
    if (m.flushTimeoutMs !== undefined) {
      checkInteger(`${prop}.flushTimeoutMs`, m.flushTimeoutMs, 1, 3_600_000);
    }
    if (m.parser !== undefined && !parserNames.has(m.parser)) {
      const defined = [...parserNames].sort().join(', ') || 'none';
      throw invalid(`${prop}.parser`, m.parser, `expected a defined parser: ${defined}`);
    }
    if (m.keyContent !== undefined) checkConfigValue(`${prop}.keyContent`, m.keyContent);
    multilineNames.add(m.name);
    const section = new ClassicSection('MULTILINE_PARSER')
      .set('Name', m.name)
      .set('Type', 'regex')
      .set('Flush_Timeout', m.flushTimeoutMs ?? 1000)
      .set('Parser', m.parser)
      .set('Key_Content', m.keyContent);
    for (const r of m.rules) section.set('Rule', `"${r.state}" "${r.regex}" "${r.nextState}"`);
    sections.push(section);
  });

  return { sections, parsers: parserNames, multilineParsers: multilineNames };
}

function checkName(property: string, name: string): void {
  if (!NAME.test(name)) {
    throw invalid(property, name,
      'expected letters, digits, \'_\', \'.\' and \'-\', starting with a letter or digit');
  }
}

import { LogParserDefinition, LogParserFormat, MultilineParserDefinition } from '../parsers';
import { requireConfigValue, requireInteger, show } from '../validation';
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
  const where = 'FluentBitEngine';
  const parserNames = new Set<string>(imageParsers ? IMAGE_PARSERS : []);
  const sections: ClassicSection[] = [];

  parsers.forEach((p, i) => {
    const prop = `${where}: parsers[${i}]`;
    if (!NAME.test(p.name)) {
      throw new Error(`${prop}.name must be letters, digits, '_', '.' and '-', got ${show(p.name)}`);
    }
    if (parserNames.has(p.name)) {
      const fromImage = imageParsers && IMAGE_PARSERS.includes(p.name);
      const from = fromImage ? ' (the image parsers file defines it)' : '';
      throw new Error(`${prop}.name ${show(p.name)} is already defined${from}`);
    }
    if (p.format === LogParserFormat.REGEX && p.regex === undefined) {
      throw new Error(`${prop}.regex is required with format 'regex'`);
    }
    if (p.format !== LogParserFormat.REGEX && p.regex !== undefined) {
      throw new Error(`${prop}.regex is only allowed with format 'regex', got format ${show(p.format)}`);
    }
    if (p.regex !== undefined) {
      requireConfigValue(`${prop}.regex`, p.regex);
      if (!/\(\?<[A-Za-z_][A-Za-z0-9_]*>/.test(p.regex)) {
        throw new Error(`${prop}.regex must have at least one named capture such as (?<message>.*), got ${show(p.regex)}`);
      }
    }
    if (p.timeKey !== undefined) requireConfigValue(`${prop}.timeKey`, p.timeKey);
    if (p.timeFormat !== undefined) {
      requireConfigValue(`${prop}.timeFormat`, p.timeFormat);
      if (p.timeKey === undefined) throw new Error(`${prop}.timeFormat needs timeKey`);
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
    const prop = `${where}: multilineParsers[${i}]`;
    if (!NAME.test(m.name)) {
      throw new Error(`${prop}.name must be letters, digits, '_', '.' and '-', got ${show(m.name)}`);
    }
    if (multilineNames.has(m.name)) {
      const builtIn = BUILT_IN_MULTILINE_PARSERS.includes(m.name);
      const from = builtIn ? ' (a built-in multi-line parser has that name)' : '';
      throw new Error(`${prop}.name ${show(m.name)} is already defined${from}`);
    }
    if (m.rules.length === 0) throw new Error(`${prop}.rules must not be empty`);
    if (m.rules[0].state !== 'start_state') {
      throw new Error(`${prop}.rules[0].state must be 'start_state', got ${show(m.rules[0].state)}`);
    }
    const states = new Set(m.rules.map(r => r.state));
    m.rules.forEach((r, j) => {
      const rule = `${prop}.rules[${j}]`;
      for (const [field, value] of [['state', r.state], ['nextState', r.nextState]]) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
          throw new Error(`${rule}.${field} must be letters, digits and '_', got ${show(value)}`);
        }
      }
      requireConfigValue(`${rule}.regex`, r.regex);
      if (!/^\/.*\/[a-z]*$/.test(r.regex) || r.regex.includes('"')) {
        throw new Error(`${rule}.regex must be written between slashes and hold no double quote, got ${show(r.regex)}`);
      }
      if (!states.has(r.nextState)) {
        throw new Error(`${rule}.nextState ${show(r.nextState)} is no rule's state; known states: ${[...states].join(', ')}`);
      }
    });
    if (m.flushTimeoutMs !== undefined) {
      requireInteger(`${prop}.flushTimeoutMs`, m.flushTimeoutMs, 1, 3_600_000);
    }
    if (m.parser !== undefined && !parserNames.has(m.parser)) {
      const defined = [...parserNames].sort().join(', ') || 'none';
      throw new Error(`${prop}.parser ${show(m.parser)} is not defined; defined parsers: ${defined}`);
    }
    if (m.keyContent !== undefined) requireConfigValue(`${prop}.keyContent`, m.keyContent);
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

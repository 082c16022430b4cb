// A linter for fluent-bit classic-format configuration, standing in for the binary that
// cannot be installed here. It parses the files back into sections and keys and checks:
//   - the structure: known section headers, indented entries, @INCLUDE targets that exist;
//   - every key against the keys fluent-bit documents for that section and plugin
//     (fluent-bit-keys.ts), and no key twice unless the plugin repeats it;
//   - every parser and multi-line parser referenced is defined (in a loaded parsers file,
//     the image's parsers file, or built into the binary);
//   - every Match pattern of a filter or output reaches at least one input's Tag;
//   - every ${VAR} is defined by the environment the pod provides;
//   - files the agent writes (tail/systemd DB, storage.path) lie in a writable directory;
//   - settings that depend on each other (filesystem storage needs storage.path, the
//     health check needs the HTTP server).
// It cannot tell whether fluent-bit accepts a value, only whether the shape is right.

import {
  BUILT_IN_MULTILINE_PARSERS, COMMON_FILTER_KEYS, COMMON_INPUT_KEYS, COMMON_OUTPUT_KEYS, FILTER_PLUGINS,
  IMAGE_PARSERS, IMAGE_PARSERS_FILE, INPUT_PLUGINS, MULTILINE_PARSER_KEYS, NET_KEYS, OUTPUT_PLUGINS, PARSER_KEYS,
  PluginKeys, SERVICE_KEYS, TLS_KEYS,
} from './fluent-bit-keys';

export interface LintIssue {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface LintOptions {
  /** Entry file, a key of the files map. */
  readonly main?: string;
  /** Directory the files are mounted in; absolute @INCLUDE and Parsers_File paths resolve against it. */
  readonly configDirectory?: string;
  /** Environment variables the container defines. */
  readonly env?: string[];
  /** Directories the agent may write to; when given, DB files and storage.path must lie in one. */
  readonly writablePaths?: string[];
}

export interface ParsedEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface ParsedSection {
  readonly type: string;
  readonly file: string;
  readonly line: number;
  readonly entries: ParsedEntry[];
}

const SECTION_TYPES = ['SERVICE', 'INPUT', 'FILTER', 'OUTPUT', 'PARSER', 'MULTILINE_PARSER'];

/** Parse one file into sections and @INCLUDE targets. */
export function parseClassic(file: string, text: string, issues: LintIssue[]): { sections: ParsedSection[]; includes: ParsedEntry[] } {
  const sections: ParsedSection[] = [];
  const includes: ParsedEntry[] = [];
  let current: ParsedSection | undefined;
  let indent: string | undefined;

  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trim().startsWith('#')) return;
    if (/\s$/.test(raw)) issues.push({ file, line, message: 'trailing blanks' });
    const header = /^\[([A-Z_]+)\]$/.exec(raw);
    if (header) {
      if (!SECTION_TYPES.includes(header[1])) issues.push({ file, line, message: `unknown section [${header[1]}]` });
      current = { type: header[1], file, line, entries: [] };
      indent = undefined;
      sections.push(current);
      return;
    }
    if (raw.startsWith('@')) {
      const cmd = /^@(INCLUDE|SET)\s+(\S.*)$/.exec(raw);
      if (!cmd) issues.push({ file, line, message: `unknown command ${JSON.stringify(raw)}` });
      else if (cmd[1] === 'INCLUDE') includes.push({ key: '@INCLUDE', value: cmd[2].trim(), line });
      current = undefined;
      return;
    }
    const entry = /^(\s+)(\S+)(?:\s+(.*))?$/.exec(raw);
    if (!entry) {
      issues.push({ file, line, message: `line is neither a section, a command nor an indented entry: ${JSON.stringify(raw)}` });
      return;
    }
    if (!current) {
      issues.push({ file, line, message: `entry ${entry[2]} outside a section` });
      return;
    }
    if (/\t/.test(entry[1])) issues.push({ file, line, message: 'indented with a tab' });
    if (indent === undefined) indent = entry[1];
    else if (indent !== entry[1]) issues.push({ file, line, message: 'indentation differs from the section\'s first entry' });
    const entryValue = (entry[3] ?? '').trim();
    if (entryValue === '') issues.push({ file, line, message: `key ${entry[2]} has no value` });
    current.entries.push({ key: entry[2], value: entryValue, line });
  });
  return { sections, includes };
}

/** Lint a set of rendered files; returns every issue found, empty when the configuration passes. */
export function lintFluentBit(files: { [name: string]: string }, options: LintOptions = {}): LintIssue[] {
  const issues: LintIssue[] = [];
  const main = options.main ?? 'fluent-bit.conf';
  const dir = options.configDirectory ?? '/fluent-bit/etc/conf';
  const resolve = (path: string): string | undefined => {
    const name = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
    return name in files ? name : undefined;
  };

  // Load the main file and its includes.
  const pipeline: ParsedSection[] = [];
  const seen = new Set<string>();
  const load = (name: string) => {
    if (seen.has(name)) {
      issues.push({ file: name, line: 0, message: 'included twice' });
      return;
    }
    seen.add(name);
    const parsed = parseClassic(name, files[name], issues);
    pipeline.push(...parsed.sections);
    for (const inc of parsed.includes) {
      if (/[*?]/.test(inc.value)) issues.push({ file: name, line: inc.line, message: `wildcard @INCLUDE ${inc.value} loads files unsorted` });
      const target = resolve(inc.value);
      if (target === undefined) issues.push({ file: name, line: inc.line, message: `@INCLUDE ${inc.value} names no rendered file` });
      else load(target);
    }
  };
  if (!(main in files)) return [{ file: main, line: 0, message: 'main file missing' }];
  load(main);

  // Parsers files named by the service section.
  const services = pipeline.filter(s => s.type === 'SERVICE');
  if (services.length > 1) issues.push({ file: services[1].file, line: services[1].line, message: 'more than one [SERVICE]' });
  const service = services[0];
  const parsers = new Set<string>();
  const multilineParsers = new Set<string>(BUILT_IN_MULTILINE_PARSERS);
  const parserSections: ParsedSection[] = [];
  for (const entry of entries(service, 'parsers_file')) {
    if (entry.value === IMAGE_PARSERS_FILE) {
      IMAGE_PARSERS.forEach(p => parsers.add(p));
      continue;
    }
    const target = resolve(entry.value);
    if (target === undefined) {
      issues.push({ file: service!.file, line: entry.line, message: `Parsers_File ${entry.value} names no rendered file` });
      continue;
    }
    seen.add(target);
    const parsed = parseClassic(target, files[target], issues);
    for (const s of parsed.sections) {
      if (s.type !== 'PARSER' && s.type !== 'MULTILINE_PARSER') {
        issues.push({ file: s.file, line: s.line, message: `[${s.type}] in a parsers file` });
      }
    }
    parserSections.push(...parsed.sections);
  }
  for (const s of parserSections) {
    const name = value(s, 'name');
    const set = s.type === 'PARSER' ? parsers : multilineParsers;
    if (name === undefined) continue;
    if (set.has(name)) issues.push({ file: s.file, line: s.line, message: `parser ${name} defined twice` });
    set.add(name);
  }
  for (const name of Object.keys(files)) {
    if (!seen.has(name)) issues.push({ file: name, line: 0, message: 'rendered file is never loaded' });
  }

  // Keys, per section.
  for (const s of [...pipeline, ...parserSections]) checkKeys(s, issues);

  // References to parsers.
  const needParser = (s: ParsedSection, e: ParsedEntry, set: Set<string>, kind: string) => {
    for (const name of e.value.split(',').map(v => v.trim())) {
      if (!set.has(name)) issues.push({ file: s.file, line: e.line, message: `${e.key} names ${kind} ${name}, which is not defined` });
    }
  };
  for (const s of [...pipeline, ...parserSections]) {
    const plugin = value(s, 'name');
    for (const e of s.entries) {
      const key = e.key.toLowerCase();
      if (key === 'multiline.parser') needParser(s, e, multilineParsers, 'multi-line parser');
      const parserKey = (s.type === 'INPUT' && (key === 'parser' || key === 'parser_firstline' || key === 'docker_mode_parser'
        || /^parser_\d+$/.test(key))) || (s.type === 'FILTER' && plugin === 'kubernetes' && (key === 'merge_parser' || key === 'regex_parser'))
        || (s.type === 'FILTER' && plugin === 'parser' && key === 'parser') || (s.type === 'MULTILINE_PARSER' && key === 'parser');
      if (parserKey) needParser(s, e, parsers, 'parser');
    }
    if (s.type === 'MULTILINE_PARSER') checkRules(s, issues);
  }

  // Routing: every Match reaches an input's Tag.
  const inputs = pipeline.filter(s => s.type === 'INPUT');
  const tags = inputs.map(s => value(s, 'tag')).filter((t): t is string => t !== undefined);
  for (const s of inputs) {
    if (value(s, 'tag') === undefined) issues.push({ file: s.file, line: s.line, message: 'input without Tag' });
  }
  for (const s of pipeline.filter(x => x.type === 'FILTER' || x.type === 'OUTPUT')) {
    const match = value(s, 'match');
    if (match === undefined && value(s, 'match_regex') === undefined) {
      issues.push({ file: s.file, line: s.line, message: `[${s.type}] without Match` });
    } else if (match !== undefined && !tags.some(tag => globsIntersect(match, tag))) {
      issues.push({ file: s.file, line: s.line, message: `Match ${match} reaches no input (tags: ${tags.join(', ') || 'none'})` });
    }
  }
  if (!pipeline.some(s => s.type === 'OUTPUT')) issues.push({ file: main, line: 0, message: 'no [OUTPUT]' });

  // Environment references.
  const env = new Set(options.env ?? []);
  for (const s of [...pipeline, ...parserSections]) {
    for (const e of s.entries) {
      for (const ref of e.value.matchAll(/\$\{([^}]*)\}/g)) {
        if (!env.has(ref[1])) issues.push({ file: s.file, line: e.line, message: `\${${ref[1]}} is not defined by the environment` });
      }
    }
  }

  // Writable files and settings that depend on each other.
  const storagePath = value(service, 'storage.path');
  if (options.writablePaths) {
    const writable = options.writablePaths;
    const check = (s: ParsedSection, e: ParsedEntry) => {
      if (!writable.some(w => e.value === w || e.value.startsWith(`${w}/`))) {
        issues.push({ file: s.file, line: e.line, message: `${e.key} ${e.value} is not in a writable directory (${writable.join(', ')})` });
      }
    };
    for (const s of inputs) entries(s, 'db').forEach(e => check(s, e));
    entries(service, 'storage.path').forEach(e => check(service!, e));
  }
  for (const s of pipeline) {
    for (const e of s.entries) {
      const key = e.key.toLowerCase();
      const needsStorage = (key === 'storage.type' || key === 'emitter_storage.type') && /^filesystem$/i.test(e.value);
      if ((needsStorage || key === 'storage.total_limit_size') && storagePath === undefined) {
        issues.push({ file: s.file, line: e.line, message: `${e.key} needs storage.path in [SERVICE]` });
      }
    }
  }
  if (isOn(value(service, 'health_check')) && !isOn(value(service, 'http_server'))) {
    issues.push({ file: service!.file, line: service!.line, message: 'Health_Check needs HTTP_Server On' });
  }
  return issues;
}

function checkKeys(s: ParsedSection, issues: LintIssue[]): void {
  let allowed: string[];
  let table: PluginKeys | undefined;
  const plugin = value(s, 'name');
  switch (s.type) {
    case 'SERVICE': table = SERVICE_KEYS; allowed = SERVICE_KEYS.keys; break;
    case 'PARSER': table = PARSER_KEYS; allowed = PARSER_KEYS.keys; break;
    case 'MULTILINE_PARSER': table = MULTILINE_PARSER_KEYS; allowed = MULTILINE_PARSER_KEYS.keys; break;
    default: {
      const plugins = s.type === 'INPUT' ? INPUT_PLUGINS : s.type === 'FILTER' ? FILTER_PLUGINS : OUTPUT_PLUGINS;
      const common = s.type === 'INPUT' ? COMMON_INPUT_KEYS : s.type === 'FILTER' ? COMMON_FILTER_KEYS : COMMON_OUTPUT_KEYS;
      if (plugin === undefined) {
        issues.push({ file: s.file, line: s.line, message: `[${s.type}] without Name` });
        return;
      }
      table = Object.prototype.hasOwnProperty.call(plugins, plugin) ? plugins[plugin] : undefined;
      if (!table) {
        issues.push({ file: s.file, line: s.line, message: `no documented key table for ${s.type.toLowerCase()} plugin ${plugin}` });
        return;
      }
      allowed = [...common, ...table.keys, ...(table.network ? [...TLS_KEYS, ...NET_KEYS] : [])];
    }
  }
  if ((s.type === 'PARSER' || s.type === 'MULTILINE_PARSER') && plugin === undefined) {
    issues.push({ file: s.file, line: s.line, message: `[${s.type}] without Name` });
  }
  const counts = new Map<string, number>();
  for (const e of s.entries) {
    const key = e.key.toLowerCase();
    const known = allowed.includes(key) || (table.prefixes ?? []).some(p => key.startsWith(p) && key.length > p.length);
    const where = s.type === 'SERVICE' || s.type.endsWith('PARSER') ? `[${s.type}]` : `${s.type.toLowerCase()} plugin ${plugin}`;
    if (!known) issues.push({ file: s.file, line: e.line, message: `key ${e.key} is not documented for ${where}` });
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (counts.get(key) === 2 && !(table.repeatable ?? []).includes(key)) {
      issues.push({ file: s.file, line: e.line, message: `key ${e.key} given more than once in ${where}` });
    }
  }
}

function checkRules(s: ParsedSection, issues: LintIssue[]): void {
  const rules = entries(s, 'rule');
  if (rules.length === 0) issues.push({ file: s.file, line: s.line, message: 'multi-line parser without Rule' });
  const states = new Set<string>();
  const next: ParsedEntry[] = [];
  rules.forEach((e, i) => {
    const m = /^"([^"]+)"\s+"(\/[^"]*\/[a-z]*)"\s+"([^"]+)"$/.exec(e.value);
    if (!m) {
      issues.push({ file: s.file, line: e.line, message: `Rule must be "state" "/regex/" "next_state", got ${e.value}` });
      return;
    }
    if (i === 0 && m[1] !== 'start_state') issues.push({ file: s.file, line: e.line, message: 'the first Rule must be in start_state' });
    states.add(m[1]);
    next.push({ key: m[3], value: m[3], line: e.line });
  });
  for (const n of next) {
    if (!states.has(n.value)) issues.push({ file: s.file, line: n.line, message: `Rule goes to state ${n.value}, which no rule has` });
  }
}

function entries(s: ParsedSection | undefined, key: string): ParsedEntry[] {
  return (s?.entries ?? []).filter(e => e.key.toLowerCase() === key);
}

function value(s: ParsedSection | undefined, key: string): string | undefined {
  return entries(s, key)[0]?.value;
}

function isOn(v: string | undefined): boolean {
  return v !== undefined && /^(on|true|yes|1)$/i.test(v);
}

/**
 * Whether two tag patterns, where `*` stands for any run of characters, can match one
 * common tag. A tail input's `kube.*` stands for every tag it expands to.
 */
export function globsIntersect(a: string, b: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = `${i},${j}`;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === a.length && j === b.length) r = true;
    else if (i < a.length && a[i] === '*') r = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === '*') r = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else r = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

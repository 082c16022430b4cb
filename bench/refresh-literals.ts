// Writes bench/handwritten/literals.ts: the text that someone writing the benchmark's apps by
// hand would paste in, taken once from the library's output: the admission policies' specs,
// the DaemonSets' annotations and the fluent-bit files, which depend on the chart only
// through the namespace.
//
// Run it only when the library's output changes (test/bench-equivalence.test.ts fails):
//   npx ts-node --project bench/tsconfig.json bench/refresh-literals.ts
import { writeFileSync } from 'fs';
import { join } from 'path';
import { isDeepStrictEqual } from 'util';
import { kindOf } from './kinds';
import { buildLibraryApp } from './library-app';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function str(s: string): string {
  if (!s.includes('\'')) {
    return `'${s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}'`;
  }
  return JSON.stringify(s);
}

// A value as TypeScript source; strings that contain `namespace` become template literals of it.
function lit(v: unknown, indent: string, namespace: string): string {
  const inner = `${indent}  `;
  if (typeof v === 'string') {
    return v.includes(namespace) ? template(v, namespace) : str(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      return '[]';
    }
    return `[\n${v.map((e) => `${inner}${lit(e, inner, namespace)},\n`).join('')}${indent}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) {
      return '{}';
    }
    return `{\n${entries.map(([k, e]) => `${inner}${IDENTIFIER.test(k) ? k : str(k)}: ${lit(e, inner, namespace)},\n`).join('')}${indent}}`;
  }
  throw new Error(`cannot write ${String(v)}`);
}

function template(text: string, namespace: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return `\`${escaped.split(namespace).join('${namespace}')}\``;
}

// A function of the namespace returning `body`.
function fn_(name: string, type: string, body: string): string {
  const parameter = body.includes('${namespace}') ? 'namespace' : '_namespace';
  return `export function ${name}(${parameter}: string): ${type} {\n  return ${body};\n}`;
}

const charts = buildLibraryApp(6).charts.map((c) => c.toJson());
const find = (objects: any[], kind: string) => objects.find((o) => o.kind === kind);
const out: string[] = [
  '// Generated once by bench/refresh-literals.ts from the library\'s output: the text someone',
  '// writing these apps by hand would paste in. Do not edit; see bench/refresh-literals.ts.',
  '/* eslint-disable */',
  '',
];
for (let i = 0; i < 3; i++) {
  const policy = find(charts[i], 'ValidatingAdmissionPolicy').spec;
  const namespace = find(charts[i], 'Namespace').metadata.name;
  const other = find(charts[i + 3], 'Namespace').metadata.name;
  const moved = JSON.parse(JSON.stringify(policy).split(namespace).join(other));
  if (!isDeepStrictEqual(moved, find(charts[i + 3], 'ValidatingAdmissionPolicy').spec)) {
    throw new Error(`the policy of ${kindOf(i)} depends on the chart other than through its namespace`);
  }
  const fn = kindOf(i).replace(/-(.)/g, (_, c: string) => c.toUpperCase());
  out.push(`/** The spec of the ${kindOf(i)}'s ValidatingAdmissionPolicy in \`namespace\`. */`);
  out.push(fn_(`${fn}PolicySpec`, 'any', lit(policy, '  ', namespace)), '');
  const annotations = find(charts[i], 'DaemonSet').metadata.annotations;
  out.push(`/** The annotations of the ${kindOf(i)}'s DaemonSet in \`namespace\`. */`);
  out.push(fn_(`${fn}Annotations`, '{ [key: string]: string }', lit(annotations, '  ', namespace)), '');
}
const configMap = find(charts[1], 'ConfigMap');
const namespace = configMap.metadata.namespace;
out.push('/** The fluent-bit configuration files of the log collector in `namespace`. */');
out.push(fn_('fluentBitFiles', '{ [name: string]: string }', `{\n${Object.entries(configMap.data as { [k: string]: string })
  .map(([k, v]) => `    ${str(k)}: ${template(v, namespace)},\n`).join('')}  }`), '');
writeFileSync(join(__dirname, 'handwritten', 'literals.ts'), out.join('\n'));

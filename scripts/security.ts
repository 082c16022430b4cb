// `npm run security`: runs the security scanners over every example, a set of generated
// variants and the anchors' manifests (../shared/anchors), offline, and writes
// docs/security.md. Exits non-zero when a finding on our output is neither exempted by the
// declared host access (the manifest's skip annotations) nor listed as not applicable in
// scripts/security-policy.ts.
//
// Install the scanners first: scripts/install-scanners.sh.
import { execFileSync, spawnSync } from 'child_process';
import {
  existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'fs';
import { basename, join, relative } from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { NOT_APPLICABLE, ScannerName } from './security-policy';
import { VARIANTS } from './security-variants';
import { exampleNames, EXAMPLES_DIR } from './synth-examples';
import { NodeAgent, Scanner, ScannerExemption, ScannerExemptions } from '../src';

const REPO = join(__dirname, '..');
const SHARED = process.env.NODE_AGENTS_SHARED ?? join(REPO, '..', 'shared');
const ANCHORS = join(SHARED, 'anchors');
const WORK = join(REPO, '.state', 'security');
const DOC = join(REPO, 'docs', 'security.md');
const SCANNERS: ScannerName[] = ['checkov', 'trivy'];

type Group = 'example' | 'variant' | 'anchor';

/** One set of manifests that is scanned on its own. */
interface Target {
  readonly group: Group;
  readonly name: string;
  readonly description: string;
  /** The objects, each written to its own file so that findings map to one object. */
  readonly objects: KubeObject[];
}

interface KubeObject {
  readonly id: string;
  readonly file: string;
  readonly body: any;
  /** Trivy reads no annotation: the same exemptions go into its ignore file. */
  readonly trivyExemptions: ScannerExemption[];
}

type Status = 'exempted' | 'not-applicable' | 'known-gap' | 'finding';

interface Finding {
  readonly scanner: ScannerName;
  readonly check: string;
  readonly title: string;
  readonly object: string;
  readonly status: Status;
  /** The declared access (exempted) or the policy (not applicable). */
  readonly reason?: string;
}

function main(): number {
  const tools = scannerPaths();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const isolate = canIsolateNetwork();
  console.log(isolate
    ? 'scanners run in a network namespace of their own: no network at all'
    : 'unshare -n is not available: scanners run with their offline settings only');

  const targets = [...ourTargets(), ...anchorTargets()];
  const results = new Map<Target, Finding[]>();
  const problems: string[] = [];
  for (const target of targets) {
    const dirs = writeTarget(target);
    // The anchors carry no exemptions of ours: only our output is held to them.
    const checked = target.group === 'anchor' ? [] : problems;
    const findings = [
      ...runCheckov(tools.checkov, target, dirs, isolate, checked),
      ...runTrivy(tools.trivy, target, dirs, isolate, checked),
    ];
    results.set(target, findings.sort(compareFindings));
    const counts = SCANNERS.map((s) =>
      `${s} ${findings.filter((f) => f.scanner === s && f.status !== 'exempted').length}`);
    console.log(`${target.group} ${target.name}: ${counts.join(', ')}`);
  }

  mkdirSync(join(REPO, 'docs'), { recursive: true });
  writeFileSync(DOC, render(targets, results, tools));
  console.log(`wrote ${relative(REPO, DOC)}`);

  const unexplained = targets.filter((t) => t.group !== 'anchor')
    .flatMap((t) => results.get(t)!.filter((f) => f.status === 'finding').map((f) => ({ t, f })));
  for (const { t, f } of unexplained) {
    console.error(`FINDING ${t.name}: ${f.scanner} ${f.check} on ${f.object}: ${f.title}`);
  }
  for (const problem of problems) {
    console.error(`EXEMPTION ${problem}`);
  }
  if (unexplained.length > 0 || problems.length > 0) {
    console.error(`${unexplained.length} finding(s) on our output are not explained by declared `
      + 'host access; '
      + `${problems.length} exemption(s) do not match a finding`);
    return 1;
  }
  console.log('every finding on our output is exempted by declared host access, not applicable '
    + 'or a listed known gap');
  return 0;
}

// ---------------------------------------------------------------------------------------
// Targets

function ourTargets(): Target[] {
  const targets: Target[] = [];
  for (const name of exampleNames()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(join(EXAMPLES_DIR, name, 'main.ts')) as { build(outdir: string): App };
    targets.push(fromApp('example', name, `examples/${name}`, (outdir) => example.build(outdir)));
  }
  for (const variant of VARIANTS) {
    const { name, description } = variant;
    targets.push(fromApp('variant', name, description, (out) => variant.build(out)));
  }
  return targets;
}

function fromApp(
  group: Group, name: string, description: string, build: (outdir: string) => App,
): Target {
  const outdir = join(WORK, 'synth', group, name);
  rmSync(outdir, { recursive: true, force: true });
  const app = build(outdir);
  app.synth();

  // The exemptions the library wrote into each DaemonSet; trivy gets the same ones only where
  // the manifest carries them, so that turning the annotations off turns trivy's off too.
  const byDaemonSet = new Map<string, ScannerExemptions>();
  for (const agent of app.node.findAll().filter((c): c is NodeAgent => c instanceof NodeAgent)) {
    const id = `DaemonSet/${agent.namespace.name}/${agent.name}`;
    byDaemonSet.set(id, ScannerExemptions.of(agent.hostAccess));
  }
  const docs = readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => parseYaml(readFileSync(join(outdir, f), 'utf8')));
  return {
    group,
    name,
    description,
    objects: docs.map((body, i) => {
      const id = objectId(body);
      const exemptions = byDaemonSet.get(id);
      const annotations = body.metadata?.annotations ?? {};
      const carried = exemptions !== undefined
        && Object.entries(exemptions.toAnnotations()).every(([k, v]) => annotations[k] === v);
      return {
        id,
        file: objectFile(i, body),
        body,
        trivyExemptions: carried ? exemptions.forScanner(Scanner.TRIVY) : [],
      };
    }),
  };
}

/** Each anchor: one row per upstream project, every manifest it ships. */
function anchorTargets(): Target[] {
  if (!existsSync(ANCHORS)) {
    throw new Error(`the anchors are not at ${ANCHORS}; `
      + 'set NODE_AGENTS_SHARED to the shared folder');
  }
  const sets: { name: string; dir: string }[] = [];
  for (const name of readdirSync(ANCHORS).sort()) {
    const dir = join(ANCHORS, name);
    if (!statSync(dir).isDirectory()) {
      continue;
    }
    const upstreams = readdirSync(dir)
      .filter((d) => d.includes('__') && statSync(join(dir, d)).isDirectory());
    if (upstreams.length > 0) {
      upstreams.sort().forEach((u) => sets.push({ name: `${name}/${u}`, dir: join(dir, u) }));
    } else {
      sets.push({ name, dir });
    }
  }
  return sets.map(({ name, dir }) => {
    const files = yamlFiles(dir);
    const docs = files.flatMap((f) => parseYaml(readFileSync(f, 'utf8')))
      .filter((d) => typeof d?.kind === 'string' && typeof d?.apiVersion === 'string');
    return {
      group: 'anchor' as Group,
      name,
      description: `${docs.length} objects from ${files.map((f) => relative(dir, f)).join(', ')}`,
      objects: docs.map((body, i) => ({
        id: objectId(body), file: objectFile(i, body), body, trivyExemptions: [],
      })),
    };
  }).filter((t) => t.objects.length > 0);
}

function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      found.push(...yamlFiles(path));
    } else if (/\.ya?ml$/.test(entry) && !/values/.test(entry)) {
      // Helm values files are inputs of a render, not manifests.
      found.push(path);
    }
  }
  return found;
}

function parseYaml(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

function objectId(body: any): string {
  return `${body.kind}/${body.metadata?.namespace ?? '-'}/${body.metadata?.name ?? '-'}`;
}

function objectFile(index: number, body: any): string {
  const slug = `${body.kind}-${body.metadata?.name ?? 'unnamed'}`.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  return `${String(index).padStart(3, '0')}-${slug}.yaml`;
}

interface ScanDirs {
  /** The manifests as synthesized or as shipped. */
  readonly asIs: string;
  /** The same without checkov's skip annotations. */
  readonly withoutSkips: string;
}

function writeTarget(target: Target): ScanDirs {
  const base = join(WORK, 'scan', target.group, target.name.replace(/\//g, '--'));
  const dirs = { asIs: join(base, 'as-is'), withoutSkips: join(base, 'without-skips') };
  rmSync(base, { recursive: true, force: true });
  mkdirSync(dirs.asIs, { recursive: true });
  mkdirSync(dirs.withoutSkips, { recursive: true });
  for (const object of target.objects) {
    writeFileSync(join(dirs.asIs, object.file), stringify(object.body));
    const stripped = withoutCheckovSkips(object.body);
    writeFileSync(join(dirs.withoutSkips, object.file), stringify(stripped));
  }
  return dirs;
}

function withoutCheckovSkips(body: any): any {
  const annotations = body.metadata?.annotations;
  if (!annotations) {
    return body;
  }
  const kept = Object.fromEntries(Object.entries(annotations)
    .filter(([k]) => !k.startsWith('checkov.io/skip')));
  return { ...body, metadata: { ...body.metadata, annotations: kept } };
}

// ---------------------------------------------------------------------------------------
// Scanners

interface ScannerPaths {
  readonly checkov: string;
  readonly trivy: string;
  readonly checkovVersion: string;
  readonly trivyVersion: string;
}

function scannerPaths(): ScannerPaths {
  const installer = join(REPO, 'scripts', 'install-scanners.sh');
  const printed = execFileSync('bash', [installer, '--print-paths'], { encoding: 'utf8' });
  const paths = Object.fromEntries(printed.trim().split('\n')
    .map((l) => l.split('=') as [string, string]));
  for (const tool of SCANNERS) {
    if (!existsSync(paths[tool])) {
      throw new Error(`${tool} is not installed at ${paths[tool]}; `
        + 'run scripts/install-scanners.sh');
    }
  }
  const version = (path: string) => /-([0-9][^/]*)\/bin\//.exec(path)![1];
  return {
    checkov: paths.checkov,
    trivy: paths.trivy,
    checkovVersion: version(paths.checkov),
    trivyVersion: version(paths.trivy),
  };
}

function canIsolateNetwork(): boolean {
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

/** Runs a scanner with no network: in a network namespace of its own where possible. */
function run(
  isolate: boolean, command: string, args: string[], env: { [k: string]: string },
): string {
  const [file, argv] = isolate ? ['unshare', ['-n', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      LANG: 'C.UTF-8',
      ...env,
    },
  });
  if (result.error) {
    throw result.error;
  }
  return result.stdout;
}

function runCheckov(
  checkov: string, target: Target, dirs: ScanDirs, isolate: boolean, problems: string[],
): Finding[] {
  // The run on the manifests as they are applies their skip annotations; the run on a copy
  // without them shows what each annotation hides, so an annotation for a check that would
  // pass anyway is caught as well as a finding that no annotation explains.
  const gated = checkovResults(checkov, target, dirs.asIs, isolate);
  const raw = checkovResults(checkov, target, dirs.withoutSkips, isolate);
  const findings: Finding[] = [];
  for (const f of raw.failed.values()) {
    const skipped = gated.skipped.get(findingKey(f));
    if (skipped !== undefined) {
      findings.push(classify('checkov', f.check, f.title, f.object, skipped.comment));
    } else if (gated.failed.has(findingKey(f))) {
      findings.push(classify('checkov', f.check, f.title, f.object, undefined));
    } else {
      problems.push(`${target.name}: checkov ${f.check} on ${f.object} fails without the `
        + 'annotations, '
        + 'and neither fails nor is skipped with them');
    }
  }
  for (const [key, s] of gated.skipped) {
    if (!raw.failed.has(key)) {
      problems.push(`${target.name}: checkov ${s.check} on ${s.object} is skipped by an `
        + 'annotation, '
        + 'but passes without it: the exemption is not implied by a finding');
    }
  }
  return findings;
}

interface CheckovResult {
  readonly check: string;
  readonly title: string;
  readonly object: string;
  readonly comment?: string;
}

function checkovResults(checkov: string, target: Target, dir: string, isolate: boolean):
{ failed: Map<string, CheckovResult>; skipped: Map<string, CheckovResult> } {
  // Files, not --directory: checkov skips every directory whose name starts with a dot.
  const files = target.objects.flatMap((o) => ['--file', join(dir, o.file)]);
  // No API key, no download of guidelines or mappings, no version check against PyPI.
  const args = ['--framework', 'kubernetes', '--skip-download', '--output', 'json', ...files];
  const out = run(isolate, checkov, args, {
    CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true',
    BC_SKIP_MAPPING: 'TRUE',
  });
  const parsed = JSON.parse(out);
  const reports: any[] = (Array.isArray(parsed) ? parsed : [parsed]).filter((r) => r.results);
  if (reports.length === 0) {
    throw new Error(`checkov gave no results for ${target.name}: ${out.slice(0, 500)}`);
  }
  const failed = new Map<string, CheckovResult>();
  const skipped = new Map<string, CheckovResult>();
  for (const report of reports) {
    if ((report.results.parsing_errors ?? []).length > 0) {
      throw new Error(`checkov could not parse ${report.results.parsing_errors.join(', ')}`);
    }
    for (const [list, into] of [['failed_checks', failed], ['skipped_checks', skipped]] as const) {
      for (const c of report.results[list] ?? []) {
        const result = {
          check: c.check_id,
          title: c.check_name,
          object: objectOfFile(target, c.file_path),
          comment: c.check_result?.suppress_comment,
        };
        into.set(findingKey(result), result);
      }
    }
  }
  return { failed, skipped };
}

function runTrivy(
  trivy: string, target: Target, dirs: ScanDirs, isolate: boolean, problems: string[],
): Finding[] {
  const base = [
    'config', '--quiet', '--format', 'json', '--misconfig-scanners', 'kubernetes',
    // The checks built into the binary; no bundle download, no version notice, no telemetry.
    '--skip-check-update', '--skip-version-check', '--disable-telemetry',
    '--cache-dir', join(WORK, 'trivy-cache'),
  ];
  const ignoreFile = `${dirs.asIs}.trivyignore.yaml`;
  writeFileSync(ignoreFile, trivyIgnore(target));

  // Trivy reports nothing of what its ignore file suppressed: run it with and without, and
  // the difference is what the declared host access exempted.
  const scan = (ignore: string) =>
    trivyFindings(run(isolate, trivy, [...base, '--ignorefile', ignore, dirs.asIs], {}), target);
  const raw = scan('/dev/null');
  const gated = new Set(scan(ignoreFile).map(findingKey));
  const findings = raw.map((f) => {
    if (gated.has(findingKey(f))) {
      return classify('trivy', f.check, f.title, f.object, undefined);
    }
    const exemption = target.objects.find((o) => o.id === f.object)!.trivyExemptions
      .find((e) => e.check === f.check);
    if (!exemption) {
      throw new Error(`trivy suppressed ${f.check} on ${f.object} with no exemption for it`);
    }
    return classify('trivy', f.check, f.title, f.object, exemption.reason);
  });
  const failing = new Set(raw.map(findingKey));
  for (const o of target.objects) {
    const idle = o.trivyExemptions
      .filter((x) => !failing.has(findingKey({ check: x.check, object: o.id })));
    for (const e of idle) {
      problems.push(`${target.name}: trivy ${e.check} on ${o.id} is exempted, `
        + 'but passes without it: '
        + 'the exemption is not implied by a finding');
    }
  }
  return dedupe(findings);
}

function trivyIgnore(target: Target): string {
  const entries = target.objects.flatMap((o) => o.trivyExemptions.map((e) => ({
    id: e.check, paths: [o.file], statement: e.reason,
  })));
  return stringify({ misconfigurations: entries });
}

function trivyFindings(
  out: string, target: Target,
): { check: string; title: string; object: string }[] {
  const parsed = JSON.parse(out);
  return (parsed.Results ?? []).flatMap((r: any) => (r.Misconfigurations ?? [])
    .filter((m: any) => m.Status === 'FAIL')
    .map((m: any) => ({ check: m.ID, title: m.Title, object: objectOfFile(target, r.Target) })));
}

function objectOfFile(target: Target, path: string): string {
  const object = target.objects.find((o) => o.file === basename(path));
  if (!object) {
    throw new Error(`a finding in ${path} matches no object of ${target.name}`);
  }
  return object.id;
}

function classify(
  scanner: ScannerName, check: string, title: string, object: string, exemptReason?: string,
): Finding {
  if (exemptReason !== undefined) {
    return { scanner, check, title, object, status: 'exempted', reason: exemptReason };
  }
  const policy = NOT_APPLICABLE.find((n) => n.scanner === scanner && n.check === check);
  if (!policy) {
    return { scanner, check, title, object, status: 'finding' };
  }
  const status = policy.knownGap ? 'known-gap' : 'not-applicable';
  return { scanner, check, title, object, status, reason: policy.reason };
}

function findingKey(f: { check: string; object: string }): string {
  return `${f.check}\u0000${f.object}`;
}

/** One finding per check and object: a check that fails for two containers counts once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    if (!seen.has(findingKey(f))) {
      seen.set(findingKey(f), f);
    }
  }
  return [...seen.values()];
}

function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.scanner, b.scanner) || compareIds(a.check, b.check) || cmp(a.object, b.object);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIds(a: string, b: string): number {
  const split = (id: string) => {
    const m = /^(.*?)(\d+)$/.exec(id);
    return m ? [m[1], Number(m[2])] as const : [id, -1] as const;
  };
  const [pa, na] = split(a);
  const [pb, nb] = split(b);
  return cmp(pa, pb) || na - nb;
}

// ---------------------------------------------------------------------------------------
// docs/security.md

function render(targets: Target[], results: Map<Target, Finding[]>, tools: ScannerPaths): string {
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push(
    '# Security scan',
    '',
    '<!-- Generated by `npm run security` (scripts/security.ts); do not edit. -->',
    '',
    `Every example, ${VARIANTS.length} generated variants and the anchors\' manifests`,
    '(`../shared/anchors/`), scanned in the same run by:',
    '',
    `- **checkov ${tools.checkovVersion}** (PyPI), its Kubernetes checks: \`--framework kubernetes`,
    '  --skip-download`, no API key, `CKV_SKIP_PACKAGE_UPDATE_CHECK` and `BC_SKIP_MAPPING` set;',
    `- **trivy ${tools.trivyVersion}** (built from its Go module), its Kubernetes misconfiguration`
      + ' checks:',
    '  the checks built into the binary (`--skip-check-update`), `--skip-version-check`,',
    '  `--disable-telemetry`.',
    '',
    'Both run without network: `scripts/security.ts` starts them in a network namespace of their',
    'own (`unshare -n`) where the machine allows it. `scripts/install-scanners.sh` installs them',
    'at these versions.',
    '',
    'Not run: **Polaris** and **kube-linter**. Their Go modules '
      + '(`github.com/fairwindsops/polaris`,',
    '`golang.stackrox.io/kube-linter`) are not served by the Go module proxy that this project\'s',
    'machines reach, so neither can be built here. The library still writes Polaris\' exemption',
    'annotations (`polaris.fairwinds.com/<check>-exempt`), mapped from its check definitions; they',
    'are not measured by this run.',
    '',
    'A finding is one check failing on one object (a check that fails for two containers of one',
    'DaemonSet counts once). Each finding on our output is one of:',
    '',
    '- **exempted**: a consequence of host access the agent declared. The manifest says so: the',
    '  DaemonSet carries checkov\'s `checkov.io/skip<N>: <check>=<reason>` annotations, with the',
    '  reason given for the access or one generated from the declaration; trivy reads no',
    '  annotation, so the same exemptions go into its ignore file, with the reason as statement;',
    '- a **known gap** or **not applicable**: listed below with the reason, for our output and',
    '  the anchors alike;',
    '- anything else fails `npm run security`.',
    '',
    'Each scanner runs twice on our output: on the manifests as they are, and without the',
    'exemptions (checkov\'s annotations stripped, trivy without its ignore file). An exemption',
    'that hides no finding fails the run as surely as a finding that nothing explains.',
    '',
  );

  for (const scanner of SCANNERS) {
    push(`## ${scanner}`, '');
    push('| target | findings | known gaps | not applicable | exempted (declared access) '
      + '| failing checks | exempted checks |');
    push('| --- | ---: | ---: | ---: | ---: | --- | --- |');
    for (const target of targets) {
      const mine = results.get(target)!.filter((f) => f.scanner === scanner);
      const count = (status: Status) => mine.filter((f) => f.status === status).length;
      const failing = mine.filter((f) => f.status !== 'exempted');
      const exempted = mine.filter((f) => f.status === 'exempted');
      const declared = target.group === 'anchor' ? '-' : String(exempted.length);
      push(`| ${label(target)} | ${count('finding')} | ${count('known-gap')} | `
        + `${count('not-applicable')} | ${declared} | ${ids(failing)} | ${ids(exempted)} |`);
    }
    push('');
  }

  push('"findings" counts what is neither exempted nor on the lists below: it must be 0 for every',
    'example and variant. The anchors carry no exemptions; their "findings" are what a security',
    'team would have to review or exempt by hand.', '');

  const titles = new Map<string, string>();
  for (const f of [...results.values()].flat()) {
    titles.set(`${f.scanner} ${f.check}`, f.title);
  }
  const policyTable = (known: boolean) => {
    push('| scanner | check | title | reason |', '| --- | --- | --- | --- |');
    for (const n of NOT_APPLICABLE.filter((x) => (x.knownGap ?? false) === known)) {
      const title = cell(titles.get(`${n.scanner} ${n.check}`) ?? '-');
      push(`| ${n.scanner} | ${n.check} | ${title} | ${cell(n.reason)} |`);
    }
    push('');
  };
  push('## Known gaps', '',
    'Real findings on our output that are not fixed yet (scripts/security-policy.ts).', '');
  policyTable(true);
  push('## Not applicable', '',
    'Checks that fail whatever an agent declares, because they do not apply to a per-node agent or',
    'ask for a choice that is the user\'s (scripts/security-policy.ts).', '');
  policyTable(false);

  push('## Exempted findings on our output', '',
    'Each exemption, the object it is on, and the reason the manifest carries.', '');
  for (const target of targets.filter((t) => t.group !== 'anchor')) {
    const exempted = results.get(target)!.filter((f) => f.status === 'exempted');
    push(`### ${label(target)}`, '');
    if (exempted.length === 0) {
      push('No host access is declared that any check holds against it.', '');
      continue;
    }
    push('| scanner | check | object | reason |', '| --- | --- | --- | --- |');
    for (const f of exempted) {
      push(`| ${f.scanner} | ${f.check} | ${f.object} | ${cell(f.reason ?? '')} |`);
    }
    push('');
  }

  push('## Variants', '', '| variant | what it declares |', '| --- | --- |');
  for (const v of VARIANTS) {
    push(`| ${v.name} | ${v.description} |`);
  }
  push('');
  return `${lines.join('\n')}`;
}

function label(target: Target): string {
  return target.group === 'anchor' ? `anchor: ${target.name}` : `${target.group}: ${target.name}`;
}

function ids(findings: Finding[]): string {
  const unique = [...new Set(findings.map((f) => f.check))].sort(compareIds);
  return unique.length > 0 ? unique.join(', ') : '-';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

if (require.main === module) {
  process.exitCode = main();
}

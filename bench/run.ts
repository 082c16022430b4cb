// `npm run bench`: what the constructs cost at synth time over the same objects written by
// hand with cdk8s-plus-28, how that grows with the number of agents, what loading the
// library costs, and the floor of serializing the final objects alone. It prints figures; it
// asserts nothing (see docs/benchmarks.md).
//
// The TypeScript is compiled once with tsc into .state/bench/js; every measurement then runs
// in a fresh node process (bench/child.ts), so that neither ts-node nor an earlier run is
// measured.
//
// Options: --sizes 1,10,100,1000  --runs 7 (each size)  --large-runs 3 (sizes >= 1000)
//          --load-runs 15  --out .state/bench
import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import { join, relative } from 'path';

const ROOT = join(__dirname, '..');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const SIZES = option('sizes', '1,10,100,1000').split(',').map(Number);
const RUNS = Number(option('runs', '7'));
const LARGE_RUNS = Number(option('large-runs', '3'));
const LOAD_RUNS = Number(option('load-runs', '15'));
const OUT = join(ROOT, option('out', '.state/bench'));
const JS = join(OUT, 'js');
const CHILD = join(JS, 'bench', 'child.js');
const LIBRARY_ENTRY = join(JS, 'src', 'index.js');

type Sample = { [key: string]: number | string };

function compile(): void {
  rmSync(JS, { recursive: true, force: true });
  execFileSync(process.execPath, [
    require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'bench', 'tsconfig.json'),
    '--noEmit', 'false', '--declaration', 'false', '--outDir', JS,
  ], { cwd: ROOT, stdio: 'inherit' });
}

function child(...args: string[]): Sample {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, ['--expose-gc', CHILD, ...args], {
    cwd: ROOT, env, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`node ${relative(ROOT, CHILD)} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const field = (samples: Sample[], key: string): number[] => samples.map((s) => Number(s[key]));
const stat = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const fmt = (x: number, digits = 0): string => x.toFixed(digits);
const spread = (xs: number[], digits = 0): string => {
  const s = stat(xs);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
};
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf-8' }).trim();
  } catch {
    return 'unknown';
  }
}

const VARIANTS = ['library', 'handwritten', 'library:split', 'handwritten:split', 'library:once', 'handwritten:once'] as const;
type Variant = typeof VARIANTS[number];
const LABEL: { [v in Variant]: string } = {
  'library': 'library',
  'handwritten': 'cdk8s-plus by hand',
  'library:split': 'library, one App per chart',
  'handwritten:split': 'by hand, one App per chart',
  'library:once': 'library, whole-App passes once',
  'handwritten:once': 'by hand, whole-App passes once',
};
// Each library variant and the hand-written one it is compared with.
const PAIRS = [['library', 'handwritten'], ['library:split', 'handwritten:split'], ['library:once', 'handwritten:once']] as const;

interface SizeResult {
  readonly size: number;
  readonly load: string;
  readonly samples: { [v in Variant]: Sample[] };
  readonly floor: Sample[];
}

function measureSize(size: number): SizeResult {
  const runs = size >= 1000 ? LARGE_RUNS : RUNS;
  const result: SizeResult = {
    size,
    load: load(),
    floor: [],
    samples: Object.fromEntries(VARIANTS.map((v) => [v, []])) as unknown as { [v in Variant]: Sample[] },
  };
  const docs = join(OUT, `docs-${size}.json`);
  for (let r = 0; r < runs; r++) {
    // Alternate the order, so that drift in the machine's load hits every variant alike.
    const order = r % 2 === 0 ? [...VARIANTS] : [...VARIANTS].reverse();
    for (const variant of order) {
      const sample = child('synth', variant, String(size), ...(variant === 'library' && r === 0 ? [docs] : []));
      result.samples[variant].push(sample);
      process.stderr.write(`size ${size} ${variant} run ${r + 1}/${runs}: ${fmt(Number(sample.totalMs))} ms, `
        + `CPU ${fmt(Number(sample.cpuMs))} ms, peak ${fmt(Number(sample.peakRssMiB))} MiB (load ${load()})\n`);
    }
  }
  for (let r = 0; r < runs; r++) {
    result.floor.push(child('floor', docs));
  }
  const hashes = new Set([...Object.values(result.samples).flat(), ...result.floor].map((s) => s.yamlSha256));
  if (hashes.size !== 1) {
    throw new Error(`size ${size}: the variants and the floor did not produce the same YAML`);
  }
  rmSync(docs, { force: true });
  return result;
}

function main(): void {
  const started = new Date();
  const loads: string[] = [`start ${load()}`];
  mkdirSync(OUT, { recursive: true });
  compile();

  const sizes: SizeResult[] = [];
  for (const size of SIZES) {
    sizes.push(measureSize(size));
    loads.push(`size ${size}: ${sizes[sizes.length - 1].load}`);
  }

  const loadSamples: { [what: string]: Sample[] } = { library: [], kplus: [] };
  for (let r = 0; r < LOAD_RUNS; r++) {
    for (const what of r % 2 === 0 ? ['library', 'kplus'] : ['kplus', 'library']) {
      loadSamples[what].push(child('load', what, LIBRARY_ENTRY));
    }
  }
  loads.push(`end ${load()}`);

  const lines: string[] = [];
  const cpus = os.cpus();
  lines.push(`Date: ${started.toISOString()}; node ${process.version}; ${os.type()} ${os.release()} ${os.arch()}; `
    + `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}; ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM`);
  lines.push(`Commit: ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src', 'bench') ? ' (src or bench modified)' : ''}`);
  lines.push(`Load average (1, 5, 15 min): ${loads.join('; ')}`);
  lines.push(`Runs per size: ${RUNS} (${LARGE_RUNS} at 1000 and more); medians, (min–max) in brackets.`);
  lines.push('');
  lines.push('| agents | variant | construct ms | synthYaml ms | total ms | CPU ms | GC ms | peak RSS MiB | RSS before MiB '
    + '| ratio (paired) | CPU ratio | YAML MiB |');
  lines.push('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const ratio = (e: SizeResult, library: Variant, hand: Variant, key: string) =>
    median(field(e.samples[library], key)) / median(field(e.samples[hand], key));
  for (const e of sizes) {
    for (const [library, hand] of PAIRS) {
      const lib = field(e.samples[library], 'totalMs');
      const paired = lib.map((l, i) => l / field(e.samples[hand], 'totalMs')[i]);
      for (const variant of [library, hand]) {
        const samples = e.samples[variant];
        const ratios = variant === library
          ? [`${fmt(ratio(e, library, hand, 'totalMs'), 2)} (${spread(paired, 2)})`, fmt(ratio(e, library, hand, 'cpuMs'), 2)]
          : ['', ''];
        lines.push(`| ${e.size} | ${LABEL[variant]} | ${spread(field(samples, 'constructMs'))} | ${spread(field(samples, 'synthYamlMs'))} `
          + `| ${spread(field(samples, 'totalMs'))} | ${spread(field(samples, 'cpuMs'))} | ${fmt(median(field(samples, 'gcMs')))} `
          + `| ${spread(field(samples, 'peakRssMiB'))} `
          + `| ${fmt(median(field(samples, 'rssBeforeMiB')))} | ${ratios.join(' | ')} | ${fmt(Number(samples[0].yamlBytes) / 2 ** 20, 2)} |`);
      }
    }
    lines.push(`| ${e.size} | floor: Yaml.stringify | | | ${spread(field(e.floor, 'totalMs'), 1)} | ${spread(field(e.floor, 'cpuMs'), 1)} `
      + `| ${fmt(median(field(e.floor, 'gcMs')))} | ${spread(field(e.floor, 'peakRssMiB'))} | ${fmt(median(field(e.floor, 'rssBeforeMiB')))} | | | |`);
  }
  lines.push('');
  lines.push('Time per agent, ms (median total / agents; construct alone in brackets):');
  lines.push('');
  lines.push(`| variant | ${sizes.map((e) => `${e.size}`).join(' | ')} |`);
  lines.push(`| --- | ${sizes.map(() => '---:').join(' | ')} |`);
  for (const variant of VARIANTS) {
    lines.push(`| ${LABEL[variant]} | ${sizes.map((e) => `${fmt(median(field(e.samples[variant], 'totalMs')) / e.size, 2)} `
      + `(${fmt(median(field(e.samples[variant], 'constructMs')) / e.size, 2)})`).join(' | ')} |`);
  }
  lines.push(`| floor | ${sizes.map((e) => fmt(median(field(e.floor, 'totalMs')) / e.size, 2)).join(' | ')} |`);
  lines.push('');
  const loadMedian = (what: string, key: string) => median(field(loadSamples[what], key));
  const added = loadMedian('library', 'totalMs') - loadMedian('kplus', 'totalMs');
  const addedCpu = loadMedian('library', 'cpuMs') - loadMedian('kplus', 'cpuMs');
  lines.push(`Load (require in a fresh process, ${LOAD_RUNS} runs each, median (min–max)): library `
    + `${spread(field(loadSamples.library, 'totalMs'))} ms (CPU ${spread(field(loadSamples.library, 'cpuMs'))}), cdk8s-plus-28 alone `
    + `${spread(field(loadSamples.kplus, 'totalMs'))} ms (CPU ${spread(field(loadSamples.kplus, 'cpuMs'))}); `
    + `the library adds ${fmt(added)} ms (CPU ${fmt(addedCpu)} ms).`);
  lines.push('');

  lines.push('Targets:');
  for (const [library, hand] of PAIRS) {
    const ratios = sizes.map((e) => ratio(e, library, hand, 'totalMs'));
    lines.push(`- ratio ≤ 1.2 at every size (wall time), ${LABEL[library]}: ${ratios.every((r) => r <= 1.2) ? 'met' : 'missed'} `
      + `(${sizes.map((e, i) => `${e.size}: ${fmt(ratios[i], 2)}`).join(', ')}; CPU time: `
      + `${sizes.map((e) => `${e.size}: ${fmt(ratio(e, library, hand, 'cpuMs'), 2)}`).join(', ')})`);
  }
  const at = (size: number) => sizes.find((e) => e.size === size);
  const [hundred, thousand] = [at(100), at(1000)];
  if (hundred && thousand) {
    for (const variant of VARIANTS) {
      const growth = (key: string) => (median(field(thousand.samples[variant], key)) / 1000)
        / (median(field(hundred.samples[variant], key)) / 100);
      lines.push(`- linear 100→1000, ${LABEL[variant]}: ${growth('totalMs') <= 1.2 ? 'met' : 'missed'}: time per agent at 1000 `
        + `is ${fmt(growth('totalMs'), 2)}× that at 100 (construct alone ${fmt(growth('constructMs'), 2)}×, synthYaml alone `
        + `${fmt(growth('synthYamlMs'), 2)}×)`);
    }
  }
  lines.push(`- loading adds ≤ 50 ms over cdk8s-plus-28: ${added <= 50 ? 'met' : 'missed'} (${fmt(added)} ms; CPU ${fmt(addedCpu)} ms)`);

  const report = lines.join('\n');
  writeFileSync(join(OUT, 'results.md'), `${report}\n`);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ started, loads, sizes, loadSamples }, null, 1));
  process.stdout.write(`${report}\n\nWritten to ${relative(ROOT, join(OUT, 'results.md'))} and results.json.\n`);
}

main();

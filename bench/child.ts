// One measurement in a fresh process, run by bench/run.ts from the compiled JavaScript. It
// prints one JSON line on stdout.
//
//   node child.js synth <library|handwritten>[:split] <size> [docs.json]
//     builds the app of `size` agents and synthesizes it in memory (`app.synthYaml()`);
//     with `:split`, one App per chart instead, each synthesized in turn; with `:once`, one
//     App whose whole-App passes are made once, not once per chart. With a path,
//     then writes the synthesized objects there as JSON for the floor.
//   node child.js floor <docs.json>
//     serializes those objects to YAML alone, as `synthYaml` does last (`Yaml.stringify`).
//   node child.js render <library|handwritten> <size> <charts>
//     builds the one-App app and calls toJson() on its first `charts` charts, timing nothing:
//     for counting instructions and cache misses under valgrind (docs/benchmarks.md).
//   node child.js load <library|kplus> <library entry>
//     requires the compiled library (which loads cdk8s-plus-28) or cdk8s-plus-28 alone.
import { createHash } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { performance, PerformanceEntry, PerformanceObserver } from 'perf_hooks';
import type { App } from 'cdk8s';

type Measurement = { [key: string]: number | string };

const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

// Garbage collections, as V8 reports them to perf_hooks (delivered after the synchronous work).
const collections: PerformanceEntry[] = [];
const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));

/** Milliseconds spent collecting garbage in [from, to], read once the event loop has run. */
async function gcMs(from: number, to: number): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  collections.push(...observer.takeRecords());
  return collections.filter((e) => e.startTime >= from && e.startTime <= to).reduce((sum, e) => sum + e.duration, 0);
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
}

/**
 * The app of `library` or `handwritten`: the whole app of `size` charts, and one chart of it.
 * Required here, not imported: `load` must start from nothing.
 */
function appOf(name: string): { whole: (size: number) => App; chart: (app: App, i: number) => unknown } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const module = name === 'library' ? require('./library-app') as typeof import('./library-app')
    : name === 'handwritten' ? require('./handwritten-app') as typeof import('./handwritten-app') : undefined;
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (!module) {
    throw new Error(`unknown app ${name}`);
  }
  return 'buildLibraryApp' in module
    ? { whole: module.buildLibraryApp, chart: module.addLibraryChart }
    : { whole: module.buildHandWrittenApp, chart: module.addHandWrittenChart };
}

/** Builds the app(s) of a variant; returns what synthesizes them to one YAML string. */
function builder(variant: string): (size: number) => () => string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App: CdkApp } = require('cdk8s') as typeof import('cdk8s');
  const [name, split] = variant.split(':');
  if (split !== undefined && split !== 'split' && split !== 'once') {
    throw new Error(`unknown variant ${variant}`);
  }
  const { whole, chart } = appOf(name);
  if (split === undefined) {
    return (size) => {
      const app = whole(size);
      return () => app.synthYaml();
    };
  }
  if (split === 'once') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthYamlPassingOnce } = require('./passing-once') as typeof import('./passing-once');
    return (size) => {
      const app = whole(size);
      return () => synthYamlPassingOnce(app);
    };
  }
  // One App per chart: cdk8s resolves and validates the whole App once per chart it
  // synthesizes, so this keeps each of those passes to one chart.
  return (size) => {
    const apps: App[] = [];
    for (let i = 0; i < size; i++) {
      const app = new CdkApp();
      chart(app, i);
      apps.push(app);
    }
    return () => apps.map((app) => app.synthYaml()).join('---\n');
  };
}

/** The objects of the app, built anew one chart per App (cdk8s's whole-App passes stay small). */
function finalObjects(variant: string, size: number): unknown[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App: CdkApp } = require('cdk8s') as typeof import('cdk8s');
  const { addLibraryChart } = require('./library-app') as typeof import('./library-app');
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (variant !== 'library') {
    throw new Error('the floor is written from the library variant');
  }
  const objects: unknown[] = [];
  for (let i = 0; i < size; i++) {
    objects.push(...addLibraryChart(new CdkApp(), i).toJson());
  }
  return objects;
}

function synth(variant: string, size: number, docsPath?: string): Measurement {
  const build = builder(variant);
  gc?.();
  const rssBefore = process.memoryUsage().rss / MiB;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const synthYaml = build(size);
  const t1 = performance.now();
  const yaml: string = synthYaml();
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const peak = peakRssMiB();
  window = [t0, t2];
  if (docsPath) {
    writeFileSync(docsPath, JSON.stringify(finalObjects(variant, size)));
  }
  return {
    constructMs: t1 - t0,
    synthYamlMs: t2 - t1,
    totalMs: t2 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB: peak,
    rssBeforeMiB: rssBefore,
    yamlBytes: Buffer.byteLength(yaml),
    yamlSha256: createHash('sha256').update(yaml).digest('hex'),
  };
}

function floor(docsPath: string): Measurement {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Yaml } = require('cdk8s');
  const docs = JSON.parse(readFileSync(docsPath, 'utf-8'));
  gc?.();
  const rssBefore = process.memoryUsage().rss / MiB;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const yaml: string = Yaml.stringify(...docs);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  window = [t0, t1];
  return {
    totalMs: t1 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB: peakRssMiB(),
    rssBeforeMiB: rssBefore,
    yamlBytes: Buffer.byteLength(yaml),
    yamlSha256: createHash('sha256').update(yaml).digest('hex'),
  };
}

function load(what: string, libraryEntry: string): Measurement {
  const target = what === 'library' ? libraryEntry : what === 'kplus' ? 'cdk8s-plus-28' : undefined;
  if (!target) {
    throw new Error(`unknown load target ${what}`);
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(target);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return { totalMs: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: peakRssMiB() };
}

function render(variant: string, size: number, charts: number): Measurement {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Chart } = require('cdk8s') as typeof import('cdk8s');
  const app = appOf(variant).whole(size);
  const all = app.node.children.filter((c) => c instanceof Chart) as import('cdk8s').Chart[];
  let objects = 0;
  for (const chart of all.slice(0, charts)) {
    objects += chart.toJson().length;
  }
  return { charts: Math.min(charts, all.length), objects };
}

let window: [number, number] | undefined;

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode !== 'load') {
    observer.observe({ entryTypes: ['gc'] });
  }
  const result = measure(mode, args);
  if (window) {
    result.gcMs = await gcMs(...window);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measure(mode: string, args: string[]): Measurement {
  switch (mode) {
    case 'synth':
      return synth(args[0], Number(args[1]), args[2]);
    case 'floor':
      return floor(args[0]);
    case 'render':
      return render(args[0], Number(args[1]), Number(args[2]));
    case 'load':
      return load(args[0], args[1]);
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

void main();

// Synthesizes every example app, examples/<name>/main.ts, into examples/<name>/dist, with
// the host-access report beside the manifests (host-access.md, host-access.json).
// Warnings raised by the constructs are printed here, by the app: the library prints nothing.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App } from 'cdk8s';
import { AgentWarning, HostAccessSummary, Warnings } from '../src';

export const EXAMPLES_DIR = join(__dirname, '..', 'examples');

/** The examples: every folder of examples/ with a main.ts. */
export function exampleNames(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((name) => existsSync(join(EXAMPLES_DIR, name, 'main.ts'))).sort();
}

/** Synthesizes one example into `outdir`, which it empties first; returns its warnings. */
export function synthExample(name: string, outdir: string): AgentWarning[] {
  rmSync(outdir, { recursive: true, force: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(join(EXAMPLES_DIR, name, 'main.ts')) as { build(outdir: string): App };
  const app = example.build(outdir);
  app.synth();
  const summary = HostAccessSummary.of(app);
  writeFileSync(join(outdir, 'host-access.md'), summary.toMarkdown());
  writeFileSync(join(outdir, 'host-access.json'), summary.toJson());
  return Warnings.collect(app);
}

if (require.main === module) {
  const only = process.argv.slice(2);
  for (const name of exampleNames().filter((n) => only.length === 0 || only.includes(n))) {
    const warnings = synthExample(name, join(EXAMPLES_DIR, name, 'dist'));
    console.log(`${name}: synthesized into examples/${name}/dist (${warnings.length} warnings)`);
    for (const warning of warnings) {
      console.log(`  warning: ${warning.path}: ${warning.message}`);
    }
  }
}

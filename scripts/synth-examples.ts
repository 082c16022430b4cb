// Synthesizes every example app, examples/<name>/main.ts, into examples/<name>/dist.
// Warnings raised by the constructs are printed here, by the app: the library prints nothing.
import { existsSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { App } from 'cdk8s';
import { Warnings } from '../src';

const root = join(__dirname, '..', 'examples');
const only = process.argv.slice(2);
const names = readdirSync(root)
  .filter((name) => existsSync(join(root, name, 'main.ts')))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

for (const name of names) {
  const outdir = join(root, name, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(join(root, name, 'main.ts')) as { build(outdir: string): App };
  const app = example.build(outdir);
  app.synth();
  const warnings = Warnings.collect(app);
  console.log(`${name}: synthesized into examples/${name}/dist (${warnings.length} warnings)`);
  for (const warning of warnings) {
    console.log(`  warning: ${warning.path}: ${warning.message}`);
  }
}

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'cdk8s';
import * as yaml from 'yaml';
import { expectValidManifests } from './support/kube-schema';

const root = join(__dirname, '..', 'examples');
const examples = readdirSync(root).filter((name) => existsSync(join(root, name, 'main.ts'))).sort();

function render(name: string): { [file: string]: string } {
  const outdir = mkdtempSync(join(tmpdir(), `example-${name}-`));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(join(root, name, 'main.ts')) as { build(outdir: string): App };
    example.build(outdir).synth();
    const files: { [file: string]: string } = {};
    for (const file of readdirSync(outdir).sort()) {
      files[file] = readFileSync(join(outdir, file), 'utf8');
    }
    return files;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('there are examples to check', () => {
  expect(examples).toEqual(expect.arrayContaining(['log-agent-full', 'node-network-agent']));
});

describe.each(examples)('example %s', (name) => {
  const files = render(name);
  const manifests = Object.values(files).flatMap((text) => yaml.parseAllDocuments(text).map((d) => d.toJSON()));

  test('every object matches the Kubernetes schema', () => {
    expect(manifests.length).toBeGreaterThan(0);
    expectValidManifests(manifests);
  });

  test('renders as its snapshot', () => {
    expect(files).toMatchSnapshot();
  });

  test('its committed dist is what it renders', () => {
    const dist = join(root, name, 'dist');
    const committed: { [file: string]: string } = {};
    for (const file of existsSync(dist) ? readdirSync(dist).sort() : []) {
      committed[file] = readFileSync(join(dist, file), 'utf8');
    }
    expect(committed).toEqual(files);
  });
});

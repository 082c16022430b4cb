import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as yaml from 'yaml';
import { expectValidManifests } from './support/kube-schema';
import { EXAMPLES_DIR as root, exampleNames, synthExample } from '../scripts/synth-examples';

const examples = exampleNames();

function render(name: string): { [file: string]: string } {
  const outdir = mkdtempSync(join(tmpdir(), `example-${name}-`));
  try {
    synthExample(name, outdir);
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
  const manifests = Object.entries(files).filter(([file]) => file.endsWith('.yaml')).map(([, text]) => text).flatMap((text: string) => yaml.parseAllDocuments(text).map((d) => d.toJSON()));

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

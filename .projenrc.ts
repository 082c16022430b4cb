import { cdk8s, javascript, JsonFile } from 'projen';

// The single source of package.json, tsconfig, eslint and jest settings.
// Edit this file and run `npx projen`; never edit the generated files by hand.
const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-node-agents',
  description: 'cdk8s constructs for per-node agents (DaemonSets) with declared, least-privilege host access',
  author: 'cdk8s-node-agents developers',
  authorAddress: 'maintainers@cdk8s-node-agents.invalid',
  repositoryUrl: 'https://github.com/cdk8s-node-agents/cdk8s-node-agents.git',
  defaultReleaseBranch: 'main',
  keywords: ['cdk8s', 'kubernetes', 'daemonset', 'node-exporter', 'fluent-bit', 'hostpath'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // test/integ/*.integ.ts are jest files of the integration suite (npm run integ), not
  // cdk8s integration apps: keep projen from generating integ:* tasks for them.
  integrationTestAutoDiscover: false,

  // projen's default cdk8s line is 1.x, which does not install next to cdk8s-plus-28.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.4.2',
  jsiiVersion: '~6.0.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    'cdk8s-plus-28@2.5.6',
    'kubernetes-models@4.5.1',
    '@kubernetes-models/prometheus-operator@4.4.4',
    'yaml@2.9.1',
    'fast-check@4.11.0',
  ],

  // No GitHub automation: CI is .ci/run.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  jestOptions: {
    // Without this projen passes --updateSnapshot, and every snapshot test passes whatever
    // it renders.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/dist/', '/test/integ/'],
      coverageReporters: ['text-summary'],
    },
  },
  tsconfigDev: {
    include: ['examples/**/*.ts', 'scripts/**/*.ts'],
    compilerOptions: {},
  },
  gitignore: ['/.state/', '/examples/*/node_modules/'],
});

// Examples, scripts and the benchmark are type-checked and linted like the tests.
for (const dir of ['examples', 'scripts', 'bench']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'], exclude: ['**/dist/**'] },
  });
  project.eslint?.addLintPattern(dir);
  project.eslint?.allowDevDeps(`${dir}/**`);
}

// Examples: each examples/<name>/main.ts synthesizes into examples/<name>/dist.
project.addTask('synth', {
  description: 'Synthesize every example app into examples/<name>/dist',
  exec: 'ts-node --project scripts/tsconfig.json scripts/synth-examples.ts',
});

// Synth-time benchmark against hand-written cdk8s-plus-28; prints figures, asserts nothing,
// and is no part of `npm test` (docs/benchmarks.md).
project.addTask('bench', {
  description: 'Benchmark synth time, memory and load time against hand-written cdk8s-plus-28',
  exec: 'ts-node --project bench/tsconfig.json bench/run.ts',
  receiveArgs: true,
});

// Integration suite on a local control plane, or on the cluster of $KUBECONFIG when
// INTEG_USE_EXISTING_CLUSTER=1; arguments go to jest (`npm run integ -- --json ...`).
project.addTask('integ', {
  description: 'Run test/integ/*.integ.ts on a local Kubernetes control plane (or an existing cluster)',
  exec: 'bash test/integ/run.sh',
  receiveArgs: true,
});

// Security scan: checkov and trivy over every example, generated variants and the anchors;
// writes docs/security.md. The scanners come from scripts/install-scanners.sh.
project.addTask('security', {
  description: 'Scan every example, the variants and the anchors; write docs/security.md',
  exec: 'ts-node --project scripts/tsconfig.json scripts/security.ts',
});

// The npm package holds the library, its docs and API.md; not the repository's tooling.
for (const path of ['/.ci/', '/bench/', '/scripts/', '/examples/', '/docs/security.md', '/.state/']) {
  project.addPackageIgnore(path);
}

project.synth();

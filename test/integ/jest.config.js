// Jest configuration of the integration suite (npm run integ, via test/integ/run.sh): the
// *.integ.ts files against the cluster of $KUBECONFIG, one file at a time.
const path = require('path');

module.exports = {
  rootDir: path.join(__dirname, '..', '..'),
  testMatch: ['<rootDir>/test/integ/**/*.integ.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  testEnvironment: 'node',
  // The files share one cluster: one at a time (run.sh passes --runInBand too).
  maxWorkers: 1,
  // Per test; every wait inside has its own, shorter bound.
  testTimeout: 300000,
  slowTestThreshold: 60,
  collectCoverage: false,
};

export * from './engine';
export * from './fluent-bit-engine';
export * from './host-paths';
export * from './log-output';
export * from './output-options';
export * from './parsers';
export * from './secrets';

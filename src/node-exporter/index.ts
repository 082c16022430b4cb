export * from './args';
export * from './listen';
export * from './monitors';
export * from './paths';
export * from './rbac-proxy';
export * from './relabel';
export * from './release';
export * from './scrape-scheme';

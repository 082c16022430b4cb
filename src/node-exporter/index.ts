export { NodeExporterArgs, NodeExporterArgsProps, NodeExporterProbe, NodeExporterRbacProxyOptions } from './args';
export { FieldEnvVar, ListenAddress } from './listen';
export { NodeExporterScrape, NodeExporterScrapeOptions, NodeExporterScrapeTarget, SecretKeyReference } from './monitors';
export { NodeExporterPaths } from './paths';
export { KubeRbacProxyArgs, KubeRbacProxyArgsProps, PolicyRuleData } from './rbac-proxy';
export { RelabelAction, RelabelConfig } from './relabel';
export { NodeExporterRelease } from './release';
export { ScrapeScheme } from './scrape-scheme';

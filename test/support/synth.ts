import { Chart, Testing } from 'cdk8s';
import { expectValidManifests } from './kube-schema';

/** A chart in a fresh test app. */
export function testChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Synthesizes a chart and checks every object against the Kubernetes schema. */
export function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  expectValidManifests(manifests);
  return manifests;
}

/** The only object of a kind. */
export function only(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}, found ${found.length}`);
  }
  return found[0];
}

/** The pod spec of the only DaemonSet. */
export function podSpec(manifests: any[]): any {
  return only(manifests, 'DaemonSet').spec.template.spec;
}

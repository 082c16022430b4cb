import { Chart } from 'cdk8s';
import { only, podSpec, synth, testChart } from './synth';
import { NodeAgent, NodeAgentProps } from '../../src';

/** An image with an explicit tag, as every agent needs. */
export const IMAGE = 'busybox:1.36';

/** What one agent in a fresh chart renders. */
export interface RenderedAgent {
  readonly chart: Chart;
  readonly agent: NodeAgent;
  readonly manifests: any[];
  /** The pod spec of the DaemonSet. */
  readonly spec: any;
  /** The pod template's metadata. */
  readonly template: any;
}

/** Builds one agent named `agent` in a fresh chart and synthesizes it (schema-checked). */
export function renderAgent(
  props: Partial<NodeAgentProps> = {},
  namespace?: string,
): RenderedAgent {
  const chart = testChart(namespace);
  const agent = new NodeAgent(chart, 'agent', { name: 'agent', image: IMAGE, ...props });
  const manifests = synth(chart);
  return {
    chart,
    agent,
    manifests,
    spec: podSpec(manifests),
    template: only(manifests, 'DaemonSet').spec.template.metadata,
  };
}

/** The props of an agent, for refusal tests that never reach synth. */
export function agentProps(props: Partial<NodeAgentProps> = {}): NodeAgentProps {
  return { name: 'agent', image: IMAGE, ...props };
}

/** Builds an agent and returns nothing: for `expect(() => build(...)).toThrow(...)`. */
export function build(props: Partial<NodeAgentProps> = {}, namespace?: string): void {
  new NodeAgent(testChart(namespace), 'agent', agentProps(props));
}

/** A container of a pod spec, by name, from containers or initContainers. */
export function containerNamed(spec: any, name: string): any {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const found = all.filter((c: any) => c.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one container named ${name}, found ${found.length}`);
  }
  return found[0];
}

/** A mount of the main container (named `agent`), by mount path. */
export function mainMount(spec: any, mountPath: string): any {
  return mountAt(containerNamed(spec, 'agent'), mountPath);
}

/** A volume of a pod spec, by name. */
export function volumeNamed(spec: any, name: string): any {
  const found = (spec.volumes ?? []).filter((v: any) => v.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one volume named ${name}, found ${found.length}`);
  }
  return found[0];
}

/** A mount of a container, by mount path. */
export function mountAt(container: any, mountPath: string): any {
  const found = (container.volumeMounts ?? []).filter((m: any) => m.mountPath === mountPath);
  if (found.length !== 1) {
    throw new Error(
      `expected one mount at ${mountPath} in ${container.name}, found ${found.length}`);
  }
  return found[0];
}

/** Escapes text for use in a RegExp, so that error texts can be matched literally. */
export function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
}

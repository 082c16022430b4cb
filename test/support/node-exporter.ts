import { containerNamed } from './agent';
import { podSpec, synth, testChart } from './synth';
import { NodeExporter, NodeExporterProps } from '../../src';

/** One container's command line as a synthesized manifest gives it to the kubelet. */
export interface RenderedCommandLine {
  /** The container's arguments, `$(VAR)` references unexpanded. */
  readonly args: string[];

  /** The variables the kubelet fills from pod fields: name and field path. */
  readonly env: Array<{ readonly name: string; readonly fieldPath: string }>;

  /** The host-path mounts: the path on the node and where the container sees it. */
  readonly mounts: Array<{ readonly path: string; readonly mountPath: string }>;
}

/**
 * Synthesizes a NodeExporter alone in a chart and reads one container's arguments,
 * environment and host mounts back out of the DaemonSet.
 */
export function renderedCommandLine(
  props: NodeExporterProps = {}, container = 'node-exporter',
): RenderedCommandLine {
  const chart = testChart('monitoring');
  new NodeExporter(chart, 'exporter', props);
  const spec = podSpec(synth(chart));
  const rendered = containerNamed(spec, container);

  const hostPaths = new Map<string, string>((spec.volumes ?? [])
    .filter((v: any) => v.hostPath)
    .map((v: any) => [v.name, v.hostPath.path]));
  return {
    args: rendered.args ?? [],
    env: (rendered.env ?? []).map((e: any) => ({ name: e.name, fieldPath: e.valueFrom.fieldRef.fieldPath })),
    mounts: (rendered.volumeMounts ?? [])
      .filter((m: any) => hostPaths.has(m.name))
      .map((m: any) => ({ path: hostPaths.get(m.name)!, mountPath: m.mountPath })),
  };
}

// A measuring device of the benchmark, not part of the library: cdk8s's synthYaml with its
// passes over the whole App made once (docs/benchmarks.md).
import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';

/**
 * What `App.synthYaml()` returns, with cdk8s's passes over the whole App (dependency
 * resolution and validation) made once instead of once per chart. cdk8s 2.70 makes them in
 * `App._synthChart`, which `chart.toJson()` calls for every chart; here one chart's
 * `toJson()` makes them, and every chart is then rendered as `_synthChart` renders it (its
 * own ApiObjects in dependency order). The benchmark checks that the YAML is the same.
 */
export function synthYamlPassingOnce(app: App): string {
  // Any chart's toJson() makes the passes; they may add dependencies between charts, so the
  // charts are listed again afterwards, as synthYaml lists them after resolving.
  app.charts[0]?.toJson();
  const docs: unknown[] = [];
  for (const chart of app.charts) {
    for (const c of new DependencyGraph(chart.node).topology()) {
      if (c instanceof ApiObject && Chart.of(c) === chart) {
        docs.push(c.toJson());
      }
    }
  }
  return Yaml.stringify(...docs);
}

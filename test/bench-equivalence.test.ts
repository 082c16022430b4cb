// The benchmark (npm run bench) compares the library's apps with apps written by hand against
// cdk8s-plus-28; the comparison holds only if both emit the same objects. No field is
// normalised: the objects, their order and the YAML are compared exactly.
//
// When a change to the library's output breaks this, update the hand-written side: the pasted
// policies, DaemonSet annotations and fluent-bit files with
//   npx ts-node --project bench/tsconfig.json bench/refresh-literals.ts
// and anything else in bench/handwritten-app.ts.
import { ApiObject, App } from 'cdk8s';
import { buildHandWrittenApp } from '../bench/handwritten-app';
import { KINDS } from '../bench/kinds';
import { buildLibraryApp } from '../bench/library-app';
import { synthYamlPassingOnce } from '../bench/passing-once';

describe('benchmark apps', () => {
  test('the mix of three holds one NodeAgent, one LogCollector and one NodeExporter, each in its own chart', () => {
    const app = buildLibraryApp(3);
    expect(app.charts.map((c) => c.node.children.map((child) => child.node.id))).toEqual([
      ['Namespace', 'LogAgent'], ['Namespace', 'LogCollector'], ['Namespace', 'NodeExporter'],
    ]);
    expect(KINDS).toEqual(['node-agent', 'log-collector', 'node-exporter']);
  });

  test('the hand-written app synthesizes exactly the objects of the library app, chart by chart', () => {
    const library = buildLibraryApp(3).charts.map((c) => c.toJson());
    const hand = buildHandWrittenApp(3).charts.map((c) => c.toJson());
    expect(library.map((objects) => objects.length)).toEqual([5, 11, 12]);
    expect(hand).toStrictEqual(library);
  });

  test('so does a second round of the mix, in other namespaces, down to the YAML', () => {
    expect(buildHandWrittenApp(6).synthYaml()).toEqual(buildLibraryApp(6).synthYaml());
  });

  test('making the whole-App passes once (the benchmark\'s third way) yields the same YAML', () => {
    for (const build of [buildLibraryApp, buildHandWrittenApp]) {
      const expected = build(6).synthYaml();
      expect(synthYamlPassingOnce(build(6))).toEqual(expected);
    }
    expect(synthYamlPassingOnce(buildLibraryApp(0))).toEqual(buildLibraryApp(0).synthYaml());
  });

  test('so it does when an object of the first chart depends on one of the last, in synthYaml\'s chart order', () => {
    // GIVEN a dependency that cdk8s's passes turn into a dependency between the two charts
    for (const build of [buildLibraryApp, buildHandWrittenApp]) {
      const make = () => {
        const app = build(6);
        const first = app.charts[0].node.findAll().find((c) => c instanceof ApiObject)!;
        const last = app.charts[5].node.findAll().find((c) => c instanceof ApiObject)!;
        first.node.addDependency(last);
        return app;
      };
      // THEN the YAML is the same, the last chart's objects coming before the first's
      const expected = make().synthYaml();
      expect(expected.indexOf('name: monitoring-5')).toBeLessThan(expected.indexOf('name: logging-0'));
      expect(synthYamlPassingOnce(make())).toEqual(expected);
    }
  });

  test('and it makes the whole-App passes once, where synthYaml makes them once and again per chart', () => {
    const count = (synth: (app: App) => string) => {
      const app = buildLibraryApp(6);
      let validations = 0;
      app.node.addValidation({ validate: () => { validations++; return []; } });
      synth(app);
      return validations;
    };
    expect(count(synthYamlPassingOnce)).toBe(1);
    expect(count((app) => app.synthYaml())).toBe(7);
  });
});

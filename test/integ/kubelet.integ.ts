// What only a kubelet shows, so only on a cluster with real nodes (kind): a read-only host
// mount and a read-only root filesystem refuse a write from inside the running agent. kwok's
// pods run no process, so on the local cluster these tests are skipped.
import {
  applyExamplesAndWait, EXISTING_CLUSTER, examplesForThisCluster, podsOf,
} from './support/cluster';
import { kubectl } from './support/kubectl';
import { daemonSets } from './support/manifests';

const examples = examplesForThisCluster();
const cases = examples.flatMap((e) => daemonSets(e.objects)).flatMap((ds) =>
  ds.spec.template.spec.containers.map((c: any) => ({ ds, container: c })));

/** Runs a shell command in the container; undefined when the image has no shell. */
async function sh(pod: any, container: string, script: string) {
  const args = ['exec', '-n', pod.metadata.namespace, pod.metadata.name, '-c', container, '--'];
  const probe = await kubectl([...args, 'sh', '-c', 'true'], { allowFailure: true });
  if (probe.code !== 0) return undefined;
  return kubectl([...args, 'sh', '-c', script], { allowFailure: true });
}

const kubelet = EXISTING_CLUSTER ? describe : describe.skip;

kubelet('inside the running agents', () => {
  beforeAll(() => applyExamplesAndWait(examples));

  test.each(cases.map((c) => [`${c.ds.metadata.name}/${c.container.name}`, c]))(
    '%s: read-only mounts and the read-only root refuse a write',
    async (_name, c) => {
      const pod = (await podsOf(c.ds))[0];
      const hostVolumes = new Set((c.ds.spec.template.spec.volumes ?? [])
        .filter((v: any) => v.hostPath).map((v: any) => v.name));
      const readOnly: string[] = (c.container.volumeMounts ?? [])
        .filter((m: any) => m.readOnly && hostVolumes.has(m.name))
        .map((m: any) => m.mountPath);
      if (c.container.securityContext?.readOnlyRootFilesystem) readOnly.push('/');

      for (const path of readOnly) {
        // WHEN the agent tries to create a file there
        const file = `${path.replace(/\/$/, '')}/.node-agents-integ-write-probe`;
        const result = await sh(pod, c.container.name, `touch '${file}'`);
        // (an image without a shell, like the distroless exporters, can't be probed this way)
        if (!result) return;

        // THEN the kernel refuses it
        expect({ path, refused: result.code !== 0 }).toEqual({ path, refused: true });
        expect(result.stderr).toMatch(/Read-only file system/);
      }
    });
});

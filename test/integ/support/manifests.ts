// The examples' synthesized manifests, and the variants of them that the suite applies.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';

export const REPO = join(__dirname, '..', '..', '..');
export const EXAMPLES_DIR = join(REPO, 'examples');
export const CRDS_DIR = join(REPO, 'test', 'integ', 'crds');

/** One example's dist: every object of every YAML file in it. */
export interface Example {
  readonly name: string;
  readonly objects: any[];
}

/** The objects of a multi-document YAML file, empty documents dropped. */
export function readObjects(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS())
    .filter((o) => o && typeof o === 'object');
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

/** Every examples/NAME/dist/*.yaml, by example, sorted by name. */
export function loadExamples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => existsSync(join(EXAMPLES_DIR, name, 'dist')))
    .sort()
    .map((name) => ({
      name,
      objects: yamlFiles(join(EXAMPLES_DIR, name, 'dist')).flatMap(readObjects),
    }))
    .filter((example) => example.objects.length > 0);
}

/** The minimal CustomResourceDefinitions the examples' custom kinds need. */
export function loadCrds(): any[] {
  return yamlFiles(CRDS_DIR).flatMap(readObjects);
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

export function daemonSets(objects: any[]): any[] {
  return objects.filter((o) => o.kind === 'DaemonSet');
}

/** Objects in the order kubectl can apply them in one go: namespaces and CRDs first. */
export function applyOrder(objects: any[]): any[] {
  const rank = (o: any) =>
    o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition' ? 0 : 1;
  return [...objects].sort((a, b) => rank(a) - rank(b));
}

/** `a=1,b=2`, a label selector from matchLabels (the suite's DaemonSets use only those). */
export function selectorOf(daemonSet: any): string {
  const selector = daemonSet.spec.selector;
  if (selector.matchExpressions?.length) {
    throw new Error(`${daemonSet.metadata.name}: a matchExpressions selector is not supported`);
  }
  return Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * The namespaced objects of an example moved into another namespace, and the references
 * that the move must follow (RoleBinding subjects in the old namespace). Namespaces and
 * cluster-scoped objects are left out: they are not the example's to duplicate.
 */
export function renamespace(objects: any[], from: string, to: string): any[] {
  return objects
    .filter((o) => o.metadata.namespace === from)
    .map((o) => {
      const copy = clone(o);
      copy.metadata.namespace = to;
      for (const subject of copy.subjects ?? []) {
        if (subject.namespace === from) subject.namespace = to;
      }
      return copy;
    });
}

/**
 * Another reference to the same image, so that a rollout needs no image that does not
 * exist: the digest a kubelet reported for it (`repo@sha256:...`) when there is one; else
 * Docker Hub images toggle between their short and their docker.io/ form, and any other
 * registry's image gets a tag suffix, which a cluster without image pulls (kwok) runs all
 * the same.
 */
export function otherImageReference(image: string, imageId?: string): string {
  const digest = /^(?:docker-pullable:\/\/)?([^@\s]+@sha256:[0-9a-f]{64})$/.exec(imageId ?? '');
  if (digest) return digest[1];
  if (image.startsWith('docker.io/library/')) return image.slice('docker.io/library/'.length);
  if (image.startsWith('docker.io/')) return image.slice('docker.io/'.length);
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') ||
    first === 'localhost');
  if (!hasRegistry) {
    return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
  }
  return image.includes('@') ? image : `${image}-integ`;
}

/** Whether otherImageReference names the very same image (a pull on kind still works). */
export function isSameImage(image: string, imageId?: string): boolean {
  return !otherImageReference(image, imageId).endsWith('-integ');
}

/** `namespace/daemonset/container` → the image ID its running pods report, where known. */
export type ImageIds = Map<string, string>;

export function imageKey(daemonSet: any, container: string): string {
  return `${daemonSet.metadata.namespace}/${daemonSet.metadata.name}/${container}`;
}

function containersOf(podSpec: any): any[] {
  return [...(podSpec.initContainers ?? []), ...podSpec.containers];
}

/** The example's objects with every container of every DaemonSet using another image ref. */
export function withOtherImages(objects: any[], imageIds: ImageIds = new Map()): any[] {
  return objects.map((o) => {
    if (o.kind !== 'DaemonSet') return o;
    const copy = clone(o);
    for (const c of containersOf(copy.spec.template.spec)) {
      c.image = otherImageReference(c.image, imageIds.get(imageKey(o, c.name)));
    }
    return copy;
  });
}

/**
 * The example's objects with labels set (added or changed) on every object and on every
 * pod template, as a new release of the app would render them. Selectors are untouched.
 */
export function withLabels(objects: any[], labels: { [k: string]: string }): any[] {
  return objects.map((o) => {
    const copy = clone(o);
    copy.metadata.labels = { ...copy.metadata.labels, ...labels };
    const template = copy.spec?.template?.metadata;
    if (template) template.labels = { ...template.labels, ...labels };
    return copy;
  });
}

/**
 * The pods a rolling update may take down at once (maxUnavailable of the DaemonSet, a
 * percentage rounded up over the nodes it covers, as the DaemonSet controller does).
 */
export function maxUnavailable(daemonSet: any, desired: number): number {
  const value = daemonSet.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) throw new Error(`maxUnavailable ${value} is neither a number nor a percentage`);
  return Math.ceil((Number(percent[1]) * desired) / 100);
}

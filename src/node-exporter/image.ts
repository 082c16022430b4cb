import { checkImage, imageTag } from '../pod-hardening';
import { invalid } from '../validation';

/**
 * Where a container's image comes from, when not the pinned upstream one.
 */
export interface ContainerImageOptions {
  /**
   * The repository, for a mirror of the upstream image.
   *
   * @default - the upstream repository
   */
  readonly repository?: string;

  /**
   * The tag. `latest` is refused.
   *
   * @default - the pinned version's tag
   */
  readonly tag?: string;

  /**
   * A digest, `sha256:` and 64 hex digits, which the runtime pulls in place of the tag
   * (the tag stays in the reference for readers).
   *
   * @default - no digest: the tag alone
   */
  readonly digest?: string;
}

/**
 * The image reference of a container: the pinned `repository:tag` with the overrides
 * applied, checked as `NodeAgent` checks images.
 *
 * @param property the property named in errors, such as `image`
 * @param pinned the upstream reference, `repository:tag`
 */
export function resolveImage(
  property: string, pinned: string, options: ContainerImageOptions = {},
): string {
  const colon = pinned.lastIndexOf(':');
  const repository = options.repository ?? pinned.slice(0, colon);
  const tag = options.tag ?? pinned.slice(colon + 1);
  if (repository.length === 0 || /[\s@]/.test(repository) || /:[^/]*$/.test(repository)) {
    throw invalid(`${property}.repository`, repository,
      'expected a repository without a tag or digest, such as '
      + 'registry.example/prometheus/node-exporter');
  }
  if (/[:@]/.test(tag)) {
    throw invalid(`${property}.tag`, tag, 'expected a tag alone; give a digest with digest');
  }
  const digest = options.digest !== undefined ? `@${options.digest}` : '';
  const reference = `${repository}:${tag}${digest}`;
  try {
    checkImage(property, reference);
  } catch (error) {
    const badDigest = options.digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(options.digest);
    const part = badDigest ? 'digest' : 'tag';
    throw invalid(`${property}.${part}`, part === 'digest' ? options.digest : tag,
      (error as Error).message.replace(/^.*?; /, ''));
  }
  return reference;
}

/** Whether an image reference's tag names this version (`v1.12.1`, `1.12.1-distroless`). */
export function tagNamesVersion(reference: string, version: string): boolean {
  const tag = imageTag(reference) ?? '';
  return new RegExp(`^v?${version.replace(/\./g, '\\.')}($|[^0-9.])`).test(tag);
}

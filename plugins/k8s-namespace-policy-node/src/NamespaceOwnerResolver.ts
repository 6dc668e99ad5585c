import {
  clusterPolicy,
  deriveNamespaceOwner,
  type NamespacePolicyConfig,
  type NamespaceRef,
} from '@internal/plugin-k8s-namespace-policy-common';
import type { GroupDirectory } from './GroupDirectory';
import type { KubernetesNamespaceResource } from './resource';

/** Reads the `backstage.io/owner` annotation of a Namespace object; undefined when absent. @public */
export type NamespaceAnnotationReader = (
  ref: NamespaceRef,
) => Promise<string | undefined>;

/**
 * Turns `<cluster>/<namespace>` into the resource the rules judge. Annotation reads are cached for
 * `annotationTtlMs` (and skipped unless `namespaceOwnerAnnotation` is on); a failed read counts as no
 * annotation, so the name decides.
 *
 * @public
 */
export class NamespaceOwnerResolver {
  readonly #config: NamespacePolicyConfig;
  readonly #groups?: GroupDirectory;
  readonly #readAnnotation?: NamespaceAnnotationReader;
  readonly #annotationTtlMs: number;
  readonly #resolvedTtlMs: number;
  readonly #resolved = new Map<
    string,
    { resource: KubernetesNamespaceResource; expires: number }
  >();
  readonly #annotations = new Map<
    string,
    { at: number; value: Promise<string | undefined> }
  >();

  constructor(o: {
    config: NamespacePolicyConfig;
    groups?: GroupDirectory;
    readAnnotation?: NamespaceAnnotationReader;
    annotationTtlMs?: number;
    /** How long a resolved namespace is reused. Default 5 s. */
    resolvedTtlMs?: number;
  }) {
    this.#config = o.config;
    this.#groups = o.groups;
    this.#readAnnotation = o.config.namespaceOwnerAnnotation
      ? o.readAnnotation
      : undefined;
    this.#annotationTtlMs = o.annotationTtlMs ?? 60_000;
    this.#resolvedTtlMs = o.resolvedTtlMs ?? 5_000;
  }

  get config(): NamespacePolicyConfig {
    return this.#config;
  }

  async resolve(ref: NamespaceRef): Promise<KubernetesNamespaceResource> {
    // Every proxied request and every policy check resolves a namespace; names repeat, so the
    // answer is kept for a few seconds (group and annotation changes show after that).
    const key = `${ref.cluster}/${ref.namespace}`;
    const now = Date.now();
    const hit = this.#resolved.get(key);
    if (hit && hit.expires > now) return hit.resource;
    const annotation = await this.#annotation(ref);
    const owner = deriveNamespaceOwner(
      this.#config,
      ref.cluster,
      ref.namespace,
      annotation,
    );
    let mapped = owner.source === 'override' || owner.source === 'annotation';
    if (owner.source === 'environment-suffix' || owner.source === 'name') {
      // A group the catalog cannot confirm yet counts as mapped: only its members get in.
      mapped = (await this.#groups?.has(owner.owners[0])) ?? true;
    }
    const resource = {
      ...ref,
      ...owner,
      mapped,
      strict: clusterPolicy(this.#config, ref.cluster).strict,
    };
    if (this.#resolved.size > 10_000) this.#resolved.clear();
    this.#resolved.set(key, { resource, expires: now + this.#resolvedTtlMs });
    return resource;
  }

  #annotation(ref: NamespaceRef): Promise<string | undefined> {
    if (!this.#readAnnotation || !ref.namespace)
      return Promise.resolve(undefined);
    const key = `${ref.cluster}/${ref.namespace}`;
    const hit = this.#annotations.get(key);
    if (hit && Date.now() - hit.at < this.#annotationTtlMs) return hit.value;
    const value = this.#readAnnotation(ref).catch(() => undefined);
    if (this.#annotations.size > 10_000) this.#annotations.clear();
    this.#annotations.set(key, { at: Date.now(), value });
    return value;
  }
}

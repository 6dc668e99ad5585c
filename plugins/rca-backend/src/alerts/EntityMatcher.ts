import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CLUSTER_LABELS,
  firstLabel,
  NAMESPACE_LABELS,
  workloadNameGroupsOf,
  workloadNamesOf,
} from './workloadNames';

// The annotations of Backstage's Kubernetes plugin, as kubernetesSelectorOf reads them.
const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
const ANNOTATION_KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
const ANNOTATION_KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';

export interface EntityMatcherOptions {
  catalog: CatalogService;
  auth: AuthService;
  /** The analysable kinds (`rca.analyzableKinds`). */
  kinds: string[];
  entityLabels: string[];
  cacheTtlMs: number;
}

/** An entity as the matcher keeps it: the names its workloads go by, and where they run. */
interface Candidate {
  ref: string;
  names: Set<string>;
  namespace?: string;
  cluster?: string;
}

/** Where an alert points: the entities it maps to, or why none. */
export type EntityMatch =
  | { entityRefs: string[]; via: 'label' | 'kubernetes' }
  | { entityRefs: []; reason: string };

/**
 * Maps an alert's labels to catalog entities: an explicit entity label first, else the cluster,
 * namespace and workload labels against the entities' Kubernetes annotations. The catalog is read
 * with the plugin's own credentials and kept for `cacheTtlMs`, so a storm makes one catalog call.
 */
export class EntityMatcher {
  readonly #o: EntityMatcherOptions;
  #cache?: { expires: number; candidates: Promise<Candidate[]> };

  constructor(o: EntityMatcherOptions) {
    this.#o = o;
  }

  async match(labels: Record<string, string>): Promise<EntityMatch> {
    const explicit = firstLabel(labels, this.#o.entityLabels);
    if (explicit) return { entityRefs: [explicit], via: 'label' };
    const names = workloadNamesOf(labels);
    if (!names.length)
      return {
        entityRefs: [],
        reason: `no entity label (${this.#o.entityLabels.join(
          ', ',
        )}) and no workload label (deployment, statefulset, daemonset, job_name, service, container, pod)`,
      };
    const namespace = firstLabel(labels, NAMESPACE_LABELS);
    const cluster = firstLabel(labels, CLUSTER_LABELS);
    // Where the alert names a namespace, only entities annotated with it.
    const where = (await this.#candidates())
      .filter(c => !namespace || c.namespace === namespace)
      .filter(c => !cluster || !c.cluster || c.cluster === cluster);
    // The most specific label that names an entity wins; the others are not unioned in.
    for (const group of workloadNameGroupsOf(labels)) {
      const refs = where
        .filter(c => group.some(n => c.names.has(n)))
        .map(c => c.ref);
      if (refs.length) return { entityRefs: refs, via: 'kubernetes' };
    }
    return {
      entityRefs: [],
      reason: `no catalog entity has Kubernetes annotations matching ${names.join(
        ', ',
      )}${namespace ? ` in namespace ${namespace}` : ''}`,
    };
  }

  #candidates(): Promise<Candidate[]> {
    const now = Date.now();
    if (!this.#cache || this.#cache.expires <= now) {
      const candidates = this.#load();
      // A failed read is not kept: the next alert tries again.
      candidates.catch(() => (this.#cache = undefined));
      this.#cache = { expires: now + this.#o.cacheTtlMs, candidates };
    }
    return this.#cache.candidates;
  }

  async #load(): Promise<Candidate[]> {
    const credentials: BackstageCredentials =
      await this.#o.auth.getOwnServiceCredentials();
    const { items } = await this.#o.catalog.getEntities(
      { filter: this.#o.kinds.map(kind => ({ kind })) },
      { credentials },
    );
    return items.flatMap(e => {
      const candidate = candidateOf(e);
      return candidate ? [candidate] : [];
    });
  }
}

/** An entity with Kubernetes annotations, by the names its workloads are likely to have. */
function candidateOf(entity: Entity): Candidate | undefined {
  const a = entity.metadata.annotations ?? {};
  const id = a[ANNOTATION_KUBERNETES_ID];
  const selector = a[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  if (!id && !selector) return undefined;
  const names = new Set<string>([entity.metadata.name]);
  if (id) names.add(id);
  // `app=payments,tier=web`: the equality values are the names workloads are labelled with.
  for (const term of (selector ?? '').split(',')) {
    const [, value] = term.split(/==?/);
    if (value?.trim()) names.add(value.trim());
  }
  return {
    ref: stringifyEntityRef(entity),
    names,
    namespace: a[ANNOTATION_KUBERNETES_NAMESPACE] || undefined,
    cluster: a[ANNOTATION_KUBERNETES_CLUSTER] || undefined,
  };
}

import {
  type Entity,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { RCA_REPORT_ENTITY_TYPE } from '@internal/plugin-rca-common';
import type { EvidenceLedger } from '../contracts/EvidenceLedger';
import type { KubernetesSelector, RcaTarget } from '../contracts';

/** What the engine needs from the catalog; the backend passes the catalog service with the user's credentials. */
export interface CatalogReader {
  getEntityByRef(entityRef: string): Promise<Entity | undefined>;
}

export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/** Same resolution as Backstage's Kubernetes plugin, so the analysis sees what the Kubernetes tab shows. */
export function kubernetesSelectorOf(
  entity: Entity,
): KubernetesSelector | undefined {
  const a = entity.metadata.annotations ?? {};
  const namespace = a[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
  if (a[ANNOTATION_KUBERNETES_LABEL_SELECTOR]) {
    return {
      labelSelector: a[ANNOTATION_KUBERNETES_LABEL_SELECTOR],
      namespace,
    };
  }
  if (a[ANNOTATION_KUBERNETES_ID]) {
    return {
      labelSelector: `${ANNOTATION_KUBERNETES_ID}=${a[ANNOTATION_KUBERNETES_ID]}`,
      namespace,
    };
  }
  return undefined;
}

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

/**
 * Catalog evidence: the entity, its owner and system, and its dependsOn closure up to `maxDepth`
 * hops, so an upstream failure can be blamed on the component that owns it.
 */
export async function resolveTargets(options: {
  entity: Entity;
  catalog: CatalogReader;
  evidence: EvidenceLedger;
  maxDepth: number;
  gap(message: string): void;
}): Promise<RcaTarget[]> {
  const { entity, catalog, evidence, maxDepth, gap } = options;
  const root = stringifyEntityRef(entity);
  const object = `${entity.kind} ${root}`;
  const owner =
    relationTargets(entity, RELATION_OWNED_BY)[0] ?? entity.spec?.owner;
  const system =
    relationTargets(entity, RELATION_PART_OF)[0] ?? entity.spec?.system;
  evidence.add({
    source: 'catalog',
    object,
    field: 'spec',
    text: `owner ${owner ?? 'unknown'}; system ${system ?? 'none'}; lifecycle ${
      entity.spec?.lifecycle ?? 'unknown'
    }`,
    severity: 'info',
  });

  const targets: RcaTarget[] = [
    {
      entityRef: root,
      entity,
      role: 'target',
      depth: 0,
      kubernetes: kubernetesSelectorOf(entity),
    },
  ];
  if (!targets[0].kubernetes) {
    gap(
      `${root} has neither the ${ANNOTATION_KUBERNETES_ID} nor the ${ANNOTATION_KUBERNETES_LABEL_SELECTOR} annotation, so its Kubernetes workloads cannot be found; add one to its catalog-info.yaml`,
    );
  }

  const seen = new Set([root]);
  let frontier: Entity[] = [entity];
  for (let depth = 1; depth <= maxDepth && frontier.length; depth++) {
    const edges: Array<{ parent: Entity; ref: string }> = [];
    for (const parent of frontier) {
      for (const ref of relationTargets(parent, RELATION_DEPENDS_ON)) {
        if (seen.has(ref)) continue;
        seen.add(ref);
        edges.push({ parent, ref });
      }
    }
    // One level at a time, its lookups in parallel: order stays deterministic.
    const deps = await Promise.all(
      edges.map(e => catalog.getEntityByRef(e.ref)),
    );
    const next: Entity[] = [];
    edges.forEach(({ parent, ref }, i) => {
      const dep = deps[i];
      if (!dep) {
        gap(
          `dependency ${ref} of ${stringifyEntityRef(
            parent,
          )} is not in the catalog (or not visible to you)`,
        );
        return;
      }
      // Committed reports are `dependencyOf` their component, which makes the component
      // "depend on" every earlier report: they are not workloads to analyse.
      if (dep.spec?.type === RCA_REPORT_ENTITY_TYPE) return;
      const edge = evidence.add({
        source: 'catalog',
        object,
        field: 'relations.dependsOn',
        text: `${stringifyEntityRef(parent)} depends on ${ref}${
          depth > 1 ? ` (${depth} hops)` : ''
        }`,
        severity: 'info',
      });
      targets.push({
        entityRef: ref,
        entity: dep,
        role: 'dependency',
        depth,
        kubernetes: kubernetesSelectorOf(dep),
        edgeEvidence: edge,
      });
      next.push(dep);
    });
    frontier = next;
  }
  return targets;
}

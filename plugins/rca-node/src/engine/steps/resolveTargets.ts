import {
  type Entity,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { RCA_REPORT_ENTITY_TYPE } from '@internal/plugin-rca-common';
import type { EvidenceLedger, RcaTarget } from '../../contracts';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  kubernetesSelectorOf,
} from '../kubernetesSelector';

/** What the engine needs from the catalog; the backend passes the catalog service with the user's credentials. */
export interface CatalogReader {
  getEntityByRef(entityRef: string): Promise<Entity | undefined>;
}

interface ResolveOptions {
  entity: Entity;
  catalog: CatalogReader;
  evidence: EvidenceLedger;
  maxDepth: number;
  gap(message: string): void;
}

type Edge = { parent: Entity; ref: string };

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

/**
 * Catalog evidence: the entity, its owner and system, and its dependsOn closure up to `maxDepth`
 * hops, so an upstream failure can be blamed on the component that owns it.
 */
export async function resolveTargets(
  options: ResolveOptions,
): Promise<RcaTarget[]> {
  const { entity, evidence, gap } = options;
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
  const target: RcaTarget = {
    entityRef: root,
    entity,
    role: 'target',
    depth: 0,
    kubernetes: kubernetesSelectorOf(entity),
  };
  if (!target.kubernetes) {
    gap(
      `${root} has neither the ${ANNOTATION_KUBERNETES_ID} nor the ${ANNOTATION_KUBERNETES_LABEL_SELECTOR} annotation, so its Kubernetes workloads cannot be found; add one to its catalog-info.yaml`,
    );
  }
  return [target, ...(await dependencyTargets(options, object))];
}

/** The dependsOn closure, breadth first. */
async function dependencyTargets(
  options: ResolveOptions,
  object: string,
): Promise<RcaTarget[]> {
  const targets: RcaTarget[] = [];
  const seen = new Set([stringifyEntityRef(options.entity)]);
  let frontier: Entity[] = [options.entity];
  for (let depth = 1; depth <= options.maxDepth && frontier.length; depth++) {
    const edges = newEdges(frontier, seen);
    // One level at a time, its lookups in parallel: order stays deterministic.
    const deps = await Promise.all(
      edges.map(e => options.catalog.getEntityByRef(e.ref)),
    );
    const level = edges.flatMap((edge, i) => {
      const t = dependencyTarget(options, object, edge, deps[i], depth);
      return t ? [t] : [];
    });
    targets.push(...level);
    frontier = level.map(t => t.entity);
  }
  return targets;
}

/** The dependsOn edges of `frontier` to entities not seen yet (marked seen). */
function newEdges(frontier: Entity[], seen: Set<string>): Edge[] {
  const edges: Edge[] = [];
  for (const parent of frontier) {
    for (const ref of relationTargets(parent, RELATION_DEPENDS_ON)) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      edges.push({ parent, ref });
    }
  }
  return edges;
}

function dependencyTarget(
  options: ResolveOptions,
  object: string,
  { parent, ref }: Edge,
  dep: Entity | undefined,
  depth: number,
): RcaTarget | undefined {
  if (!dep) {
    options.gap(
      `dependency ${ref} of ${stringifyEntityRef(
        parent,
      )} is not in the catalog (or not visible to you)`,
    );
    return undefined;
  }
  // Committed reports are `dependencyOf` their component, which makes the component
  // "depend on" every earlier report: they are not workloads to analyse.
  if (dep.spec?.type === RCA_REPORT_ENTITY_TYPE) return undefined;
  const edge = options.evidence.add({
    source: 'catalog',
    object,
    field: 'relations.dependsOn',
    text: `${stringifyEntityRef(parent)} depends on ${ref}${
      depth > 1 ? ` (${depth} hops)` : ''
    }`,
    severity: 'info',
  });
  return {
    entityRef: ref,
    entity: dep,
    role: 'dependency',
    depth,
    kubernetes: kubernetesSelectorOf(dep),
    edgeEvidence: edge,
  };
}

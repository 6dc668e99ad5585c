import type { Entity } from '@backstage/catalog-model';

/** How a component's workloads are found in Kubernetes, exactly as the Kubernetes tab finds them. */
export interface KubernetesSelector {
  labelSelector: string;
  namespace?: string;
}

/** The analysed entity or one of its dependencies. */
export interface RcaTarget {
  entityRef: string;
  entity: Entity;
  role: 'target' | 'dependency';
  /** Hops from the analysed entity through dependsOn; 0 for the entity itself. */
  depth: number;
  kubernetes?: KubernetesSelector;
  /**
   * Set by the namespace gate for every target: per cluster, the namespaces of this target the
   * requesting user may read. Collectors query these and nothing else; absent or empty, the target
   * is analysed from the catalog only.
   */
  allowedNamespaces?: Map<string, string[]>;
  /**
   * The namespaces metrics and logs may be read from (they carry no cluster): readable in every
   * cluster where the target has them. Absent or empty: no metrics or logs query for the target.
   */
  namespaces?: string[];
  /**
   * Regexes of the names of the target's pods as found by its label selector in the readable
   * namespaces (`kube-state-backup-[0-9]+-[a-z0-9]{5}` for a CronJob's pods): metrics and logs are
   * keyed by pod name, and a workload need not be named after the entity.
   */
  podPatterns?: string[];
  /** Ledger key of the catalog edge that brought a dependency in. */
  edgeEvidence?: string;
}

export interface AnalysisInput {
  id: string;
  /** The incident the analysis belongs to; recorded in the report so Git can be searched for it. */
  incidentKey?: string;
  entityRef: string;
  window: { from: Date; to: Date };
  title?: string;
  notes?: string;
}

import type { Entity } from '@backstage/catalog-model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NextStep,
  RootCauseLabel,
  SourceStatus,
} from '@internal/plugin-rca-common';
import type { EvidenceLedger } from './EvidenceLedger';

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

/** Typed shared state between collectors and analyzers. */
export class FactStore {
  readonly #facts = new Map<string, unknown>();
  set<T>(key: string, value: T): void {
    this.#facts.set(key, value);
  }
  get<T>(key: string): T | undefined {
    return this.#facts.get(key) as T | undefined;
  }
}

export interface CollectorContext {
  input: AnalysisInput;
  targets: RcaTarget[];
  evidence: EvidenceLedger;
  facts: FactStore;
  signal?: AbortSignal;
  logger: LoggerService;
  progress(message: string): void;
  /** Something that could not be observed; listed under "Evidence gaps" and makes the report degraded. */
  gap(message: string): void;
  /** A query sent to a data source, listed under "Queries used". */
  query(text: string): void;
}

/** One evidence source. A collector never throws for a source problem: it reports a gap. */
export interface EvidenceCollector {
  readonly name: string;
  collect(ctx: CollectorContext): Promise<Omit<SourceStatus, 'name'>>;
}

export type HypothesisScope = 'target' | 'dependency' | 'namespace';

/**
 * A candidate root cause before ranking. `evidence` holds ledger keys; ids are assigned at the end so
 * they are stable for a given input.
 */
export interface HypothesisDraft {
  category: RootCauseLabel;
  title: string;
  explanation: string;
  /** e.g. `Deployment payments-prod/payments (cluster demo)`. */
  object?: string;
  /** The object in structured form, for change alignment. */
  subject?: { cluster: string; kind: string; namespace?: string; name: string };
  /**
   * Position in the causal chain: 0 node/config/quota/change, 1 Deployment/ReplicaSet/Service,
   * 2 Pod, 3 container. Lower is further upstream.
   */
  level: number;
  scope: HypothesisScope;
  /** Which target the hypothesis is about (for dependency blame). */
  entityRef?: string;
  onset?: string;
  evidence: string[];
  /** How conclusive the rule is, 0..1: a classified registry error is near 1, a hint much lower. */
  specificity: number;
  /** Ledger key of a change (rollout, config change) that started shortly before the onset. */
  change?: string;
  /** A generic effect (rollout stuck, not ready) rather than a cause. */
  symptom?: boolean;
  nextSteps: NextStep[];
}

export interface AnalyzerContext {
  input: AnalysisInput;
  targets: RcaTarget[];
  evidence: EvidenceLedger;
  facts: FactStore;
}

export interface Analyzer {
  readonly name: string;
  analyze(ctx: AnalyzerContext): HypothesisDraft[];
}

import type { NextStep, RootCauseLabel } from '@internal/plugin-rca-common';

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
  /**
   * Why this finding is not a root-cause candidate (it ended before the window, has since cleared,
   * or is about another workload): listed under "Ruled out", never ranked.
   */
  ruledOut?: string;
  nextSteps: NextStep[];
}

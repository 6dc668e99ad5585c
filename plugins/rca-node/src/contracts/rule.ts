import type { EvidenceLedger } from './EvidenceLedger';
import type { FactStore } from './facts';
import type { HypothesisDraft } from './hypothesis';
import type { AnalysisInput, RcaTarget } from './target';

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

// The bottom layer: what sources, rules, the engine and the report share. Imports nothing above it.
export { EvidenceLedger, type EvidenceDraft } from './EvidenceLedger';
export { createFactRef, FactStore, type FactRef } from './facts';
export type { HypothesisDraft, HypothesisScope } from './hypothesis';
export type { Analyzer, AnalyzerContext } from './rule';
export type { CollectorContext, EvidenceCollector } from './source';
export type { AnalysisInput, KubernetesSelector, RcaTarget } from './target';
export { cleanText, redactSecrets, sanitizeText } from './redactSecrets';

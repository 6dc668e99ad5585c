/**
 * Node library of the rca plugin: the analysis engine, its extension point and the LLM client.
 *
 * @packageDocumentation
 */
export { llmClientServiceRef } from './llm/llmClientServiceRef';
export { readLlmClientOptions } from './llm/readLlmClientOptions';
export {
  rcaEngineExtensionPoint,
  type RcaEngineExtensionPoint,
} from './extensions';
export {
  RcaEngine,
  ENGINE_VERSION,
  type RcaEngineOptions,
  type RcaRunOptions,
  type RcaRunResult,
} from './engine/RcaEngine';
export { EvidenceLedger, type EvidenceDraft } from './engine/EvidenceLedger';
export { FactStore } from './engine/types';
export type {
  AnalysisInput,
  Analyzer,
  AnalyzerContext,
  CollectorContext,
  EvidenceCollector,
  HypothesisDraft,
  HypothesisScope,
  KubernetesSelector,
  RcaTarget,
} from './engine/types';
export { defaultAnalyzers } from './analyzers';
export {
  type CatalogReader,
  kubernetesSelectorOf,
} from './collectors/catalog/resolveTargets';
export {
  KubernetesCollector,
  type KubernetesCollectorOptions,
} from './collectors/kubernetes/KubernetesCollector';
export {
  readClusterConnections,
  type ClusterConnection,
} from './collectors/kubernetes/clusters';
export { readKubernetesCollectorOptions } from './collectors/kubernetes/readKubernetesCollectorOptions';
export {
  GitPublisher,
  type GitPublisherOptions,
  type PublishRequest,
  type PublishResult,
} from './git/GitPublisher';
export { readGitPublisherOptions } from './git/readGitPublisherOptions';
export { reportPath, slug } from './git/reportPath';
export { renderMarkdown } from './report/renderMarkdown';
export { escapeMarkdown, escapeMermaid } from './report/escape';
export { redactSecrets, sanitizeText } from './report/redactSecrets';

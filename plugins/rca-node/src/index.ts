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
export {
  NamespaceGate,
  type GateDecision,
  type GateNamespace,
  type GatePreflight,
} from './collectors/kubernetes/NamespaceGate';
export { readKubernetesCollectorOptions } from './collectors/kubernetes/readKubernetesCollectorOptions';
export {
  GitPublisher,
  type GitPublisherOptions,
  type PublishRequest,
  type PublishResult,
} from './git/GitPublisher';
export { readGitPublisherOptions } from './git/readGitPublisherOptions';
export {
  ReportRepository,
  type ReportFile,
  type ReportRepositoryOptions,
  type ReportSnapshot,
} from './git/ReportRepository';
export { reportPath, slug } from './git/reportPath';
export { remoteWithoutSecrets } from './git/remoteWithoutSecrets';
export { renderMarkdown } from './report/renderMarkdown';
export { escapeMarkdown, escapeMermaid } from './report/escape';
export { redactSecrets, sanitizeText } from './report/redactSecrets';
export {
  VictoriaMetricsCollector,
  type VictoriaMetricsCollectorOptions,
} from './collectors/victoriaMetrics/VictoriaMetricsCollector';
export { VictoriaMetricsClient } from './collectors/victoriaMetrics/VictoriaMetricsClient';
export { readVictoriaMetricsOptions } from './collectors/victoriaMetrics/readVictoriaMetricsOptions';
export {
  defaultQueries,
  type HttpPreset,
  type MetricFamily,
} from './collectors/victoriaMetrics/metricFamilies';
export {
  VictoriaLogsCollector,
  type VictoriaLogsCollectorOptions,
} from './collectors/victoriaLogs/VictoriaLogsCollector';
export { VictoriaLogsClient } from './collectors/victoriaLogs/VictoriaLogsClient';
export { readVictoriaLogsOptions } from './collectors/victoriaLogs/readVictoriaLogsOptions';
export {
  LOG_FIELD_PRESETS,
  type LogFields,
  type LogShipperPreset,
} from './collectors/victoriaLogs/logFields';
export {
  K8sGptCollector,
  type K8sGptCollectorOptions,
} from './collectors/k8sgpt/K8sGptCollector';
export { readK8sGptOptions } from './collectors/k8sgpt/readK8sGptOptions';

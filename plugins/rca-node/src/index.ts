/**
 * Node library of the rca plugin: the analysis engine, its extension point and the LLM client.
 *
 * @packageDocumentation
 */
export { llmClientServiceRef } from './service/llmClientServiceRef';
export { readLlmClientOptions } from './service/readLlmClientOptions';
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
export { EvidenceLedger, type EvidenceDraft } from './contracts/EvidenceLedger';
export { createFactRef, FactStore, type FactRef } from './contracts';
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
} from './contracts';
export { defaultAnalyzers } from './rules';
export type { CatalogReader } from './engine/steps/resolveTargets';
export { kubernetesSelectorOf } from './engine/kubernetesSelector';
export {
  KubernetesCollector,
  type KubernetesCollectorOptions,
} from './sources/kubernetes/KubernetesCollector';
export {
  readClusterConnections,
  type ClusterConnection,
} from './sources/shared/clusters';
export {
  NamespaceGate,
  type GateDecision,
  type GateNamespace,
  type GatePreflight,
  type NamespaceLocator,
} from './engine/NamespaceGate';
export { readKubernetesCollectorOptions } from './sources/kubernetes/readKubernetesCollectorOptions';
export {
  GitPublisher,
  type GitPublisherOptions,
  type PublishRequest,
  type PublishResult,
} from './publish/GitPublisher';
export { readGitPublisherOptions } from './publish/readGitPublisherOptions';
export { GitPublishError, ReportRepositoryError } from './publish/errors';
export {
  ReportRepository,
  type ReportFile,
  type ReportRepositoryOptions,
  type ReportSnapshot,
} from './publish/ReportRepository';
export { reportPath, slug } from './publish/reportPath';
export { remoteWithoutSecrets } from './publish/remoteWithoutSecrets';
export { renderMarkdown } from './report/renderMarkdown';
export { escapeMarkdown, escapeMermaid } from './report/escape';
export { redactSecrets, sanitizeText } from './contracts/redactSecrets';
export {
  VictoriaMetricsCollector,
  type VictoriaMetricsCollectorOptions,
} from './sources/victoriaMetrics/VictoriaMetricsCollector';
export { VictoriaMetricsClient } from './sources/victoriaMetrics/VictoriaMetricsClient';
export { readVictoriaMetricsOptions } from './sources/victoriaMetrics/readVictoriaMetricsOptions';
export {
  defaultQueries,
  type HttpPreset,
  type MetricFamily,
} from './sources/victoriaMetrics/metricFamilies';
export {
  VictoriaLogsCollector,
  type VictoriaLogsCollectorOptions,
} from './sources/victoriaLogs/VictoriaLogsCollector';
export { VictoriaLogsClient } from './sources/victoriaLogs/VictoriaLogsClient';
export { readVictoriaLogsOptions } from './sources/victoriaLogs/readVictoriaLogsOptions';
export {
  LOG_FIELD_PRESETS,
  type LogFields,
  type LogShipperPreset,
} from './sources/victoriaLogs/logFields';
export {
  K8sGptCollector,
  type K8sGptCollectorOptions,
} from './sources/k8sgpt/K8sGptCollector';
export { readK8sGptOptions } from './sources/k8sgpt/readK8sGptOptions';

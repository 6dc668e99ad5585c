import type { Config } from '@backstage/config';
import {
  type Analyzer,
  defaultAnalyzers,
  type EvidenceCollector,
  K8sGptCollector,
  KubernetesCollector,
  readK8sGptOptions,
  readKubernetesCollectorOptions,
  readVictoriaLogsOptions,
  readVictoriaMetricsOptions,
  VictoriaLogsCollector,
  VictoriaMetricsCollector,
} from '@internal/plugin-rca-node';

/** What the built-ins add to the engine. */
export interface RcaBuiltins {
  /** Kubernetes first, then each optional source whose config block is present. */
  collectors: EvidenceCollector[];
  analyzers: Analyzer[];
  /** The Kubernetes source: it knows the clusters and where workloads run, as the gate needs. */
  namespaceLocator: KubernetesCollector;
}

/**
 * The built-in sources and rules for `config`. Kubernetes is always on (with no cluster configured
 * it reports a gap); VictoriaMetrics, VictoriaLogs and k8sgpt are on when their `rca.*` block is.
 */
export function readRcaBuiltins(config: Config): RcaBuiltins {
  const kubernetes = new KubernetesCollector(
    readKubernetesCollectorOptions(config),
  );
  const vm = readVictoriaMetricsOptions(config);
  const vl = readVictoriaLogsOptions(config);
  const k8sgpt = readK8sGptOptions(config);
  return {
    collectors: [
      kubernetes,
      ...(vm ? [new VictoriaMetricsCollector(vm)] : []),
      ...(vl ? [new VictoriaLogsCollector(vl)] : []),
      ...(k8sgpt ? [new K8sGptCollector(k8sgpt)] : []),
    ],
    analyzers: defaultAnalyzers(),
    namespaceLocator: kubernetes,
  };
}

import type { Analyzer } from '../contracts';
import { InfrastructureAnalyzer } from './infrastructureAnalyzer';
import { K8sGptAnalyzer } from './k8sgptAnalyzer';
import { LogsAnalyzer } from './logsAnalyzer';
import { MetricsAnalyzer } from './metricsAnalyzer';
import { NamespaceNoiseAnalyzer } from './namespaceNoiseAnalyzer';
import { NetworkAnalyzer } from './networkAnalyzer';
import { PodAnalyzer } from './podAnalyzer';
import { WorkloadAnalyzer } from './workloadAnalyzer';

export function defaultAnalyzers(): Analyzer[] {
  return [
    new PodAnalyzer(),
    new WorkloadAnalyzer(),
    new NetworkAnalyzer(),
    new InfrastructureAnalyzer(),
    new MetricsAnalyzer(),
    new LogsAnalyzer(),
    new K8sGptAnalyzer(),
    new NamespaceNoiseAnalyzer(),
  ];
}
export { nextStepsFor } from './nextSteps';

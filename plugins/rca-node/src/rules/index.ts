import type { Analyzer } from '../contracts';
import { K8sGptAnalyzer } from './drivers/k8sgptAnalyzer';
import { LogsAnalyzer } from './drivers/logsAnalyzer';
import { MetricsAnalyzer } from './drivers/metricsAnalyzer';
import { NamespaceNoiseAnalyzer } from './drivers/namespaceNoiseAnalyzer';
import {
  InfrastructureAnalyzer,
  NetworkAnalyzer,
  WorkloadAnalyzer,
} from './drivers/objectAnalyzers';
import { PodAnalyzer } from './drivers/podAnalyzer';

/** One driver per kind of data; each asks the rule families (registry.ts) about it. */
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
// The weights of the hypotheses the engine raises itself (dependency blame, config change,
// verdicts) live with their families, so re-prioritising any label is an edit to one file.
export { SPECIFICITY as CONFIGURATION_SPECIFICITY } from './families/configuration';
export { SPECIFICITY as DEPENDENCY_SPECIFICITY } from './families/dependencies';
export { SPECIFICITY as UNEXPLAINED_SPECIFICITY } from './families/unexplained';

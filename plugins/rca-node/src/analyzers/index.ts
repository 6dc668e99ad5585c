import type { Analyzer } from '../engine/types';
import { InfrastructureAnalyzer } from './infrastructureAnalyzer';
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
    new NamespaceNoiseAnalyzer(),
  ];
}
export { nextStepsFor } from './nextSteps';

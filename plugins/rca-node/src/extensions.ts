import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Analyzer, EvidenceCollector } from './contracts';

/**
 * Lets modules of the `rca` plugin add evidence sources and analyzers (metrics, logs, k8sgpt…).
 *
 * @public
 */
export interface RcaEngineExtensionPoint {
  addCollector(...collectors: EvidenceCollector[]): void;
  addAnalyzer(...analyzers: Analyzer[]): void;
}

/** @public */
export const rcaEngineExtensionPoint =
  createExtensionPoint<RcaEngineExtensionPoint>({
    id: 'rca.engine',
  });

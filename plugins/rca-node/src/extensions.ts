import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Analyzer, EvidenceCollector } from './contracts';
import type { NamespaceLocator } from './engine/NamespaceGate';

/**
 * Lets modules of the `rca` plugin add evidence sources and analyzers (metrics, logs, k8sgpt…).
 * The plugin's built-ins come in this way too (`@internal/plugin-rca-backend-module-builtins`).
 *
 * @public
 */
export interface RcaEngineExtensionPoint {
  addCollector(...collectors: EvidenceCollector[]): void;
  addAnalyzer(...analyzers: Analyzer[]): void;
  /**
   * The clusters, and where a workload runs, for the namespace gate every analysis and report read
   * passes (kubernetes.namespace.read). Exactly one module sets it: the plugin does not start
   * without one, and refuses a second.
   */
  setNamespaceLocator(locator: NamespaceLocator): void;
}

/** @public */
export const rcaEngineExtensionPoint =
  createExtensionPoint<RcaEngineExtensionPoint>({
    id: 'rca.engine',
  });

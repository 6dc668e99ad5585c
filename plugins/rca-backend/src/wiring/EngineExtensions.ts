import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  Analyzer,
  EvidenceCollector,
  RcaEngineExtensionPoint,
} from '@internal/plugin-rca-node';

/** Where the namespace gate finds the clusters and the namespaces a workload runs in. */
export type NamespaceLocator = Parameters<
  RcaEngineExtensionPoint['setNamespaceLocator']
>[0];

/** What the modules added, read by the plugin's init (every module of `rca` has run by then). */
export interface EngineContributions {
  collectors: EvidenceCollector[];
  analyzers: Analyzer[];
  namespaceLocator: NamespaceLocator;
}

/**
 * The plugin's side of `rcaEngineExtensionPoint`. The engine runs only what modules add here; the
 * built-ins too come from a module (`@internal/plugin-rca-backend-module-builtins`).
 */
export class EngineExtensions implements RcaEngineExtensionPoint {
  readonly #collectors: EvidenceCollector[] = [];
  readonly #analyzers: Analyzer[] = [];
  #namespaceLocator?: NamespaceLocator;

  addCollector(...collectors: EvidenceCollector[]): void {
    this.#collectors.push(...collectors);
  }

  addAnalyzer(...analyzers: Analyzer[]): void {
    this.#analyzers.push(...analyzers);
  }

  setNamespaceLocator(locator: NamespaceLocator): void {
    // Two locators would mean two views of the clusters the permission check is made over.
    if (this.#namespaceLocator)
      throw new ConflictError(
        'A module of the rca plugin already set the namespace locator; only one may',
      );
    this.#namespaceLocator = locator;
  }

  /** Throws when no module set a namespace locator: every analysis and report read needs one. */
  contributions(): EngineContributions {
    if (!this.#namespaceLocator)
      throw new NotFoundError(
        'No module of the rca plugin set a namespace locator: add @internal/plugin-rca-backend-module-builtins to the backend (or a module that calls setNamespaceLocator)',
      );
    return {
      collectors: [...this.#collectors],
      analyzers: [...this.#analyzers],
      namespaceLocator: this.#namespaceLocator,
    };
  }
}

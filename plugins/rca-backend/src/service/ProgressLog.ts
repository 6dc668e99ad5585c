import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AnalysisProgress } from '@internal/plugin-rca-common';
import type { AnalysisStore } from './AnalysisStore';

/** The progress of one running analysis, written to the store as it grows. */
export class ProgressLog {
  readonly #id: string;
  readonly #store: Pick<AnalysisStore, 'update'>;
  readonly #logger: LoggerService;
  readonly #progress: AnalysisProgress[] = [];
  #flush = Promise.resolve();

  constructor(
    id: string,
    store: Pick<AnalysisStore, 'update'>,
    logger: LoggerService,
  ) {
    this.#id = id;
    this.#store = store;
    this.#logger = logger;
  }

  report(step: string, message: string, level: 'info' | 'warn' = 'info') {
    this.#progress.push({ at: new Date().toISOString(), step, message, level });
    const snapshot = [...this.#progress];
    // Progress writes are chained so they land in order without blocking the analysis.
    this.#flush = this.#flush
      .then(async () => {
        await this.#store.update(this.#id, { progress: snapshot }, 'lease');
      })
      .catch(e => this.#logger.warn(`progress write failed: ${e}`));
  }

  /** Resolves once every step reported so far is written (or its failure logged). */
  flushed(): Promise<void> {
    return this.#flush;
  }
}

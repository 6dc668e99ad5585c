import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  AnalysisLinks,
  AnalysisProgress,
  RcaReportPublishedEvent,
} from '@internal/plugin-rca-common';
import {
  type GitPublisher,
  type NamespaceGate,
  type RcaEngine,
  redactSecrets,
  reportPath,
} from '@internal/plugin-rca-node';
import type { AnalysisRecord, AnalysisStore } from './AnalysisStore';
import type { RcaMetrics } from './metrics';

export interface AnalysisRunnerOptions {
  store: AnalysisStore;
  engine: RcaEngine;
  catalog: CatalogService;
  publisher?: GitPublisher;
  reportDirectory: string;
  logger: LoggerService;
  metrics: RcaMetrics;
  maxConcurrent: number;
  /** The namespace gate of a requester; absent, every namespace is analysed. */
  gateFor?: (credentials: BackstageCredentials) => NamespaceGate;
  /** Told about each committed report (the catalog provider refreshes on it). */
  onPublished?: (event: RcaReportPublishedEvent) => Promise<void>;
}

interface Job {
  record: AnalysisRecord;
  credentials: BackstageCredentials;
}

/**
 * Runs analyses with bounded concurrency. Each run reads the catalog with the requesting user's
 * credentials, stores its progress as it goes, and commits the report unless `publish: false`.
 */
export class AnalysisRunner {
  readonly #o: AnalysisRunnerOptions;
  readonly #queue: Job[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #running = 0;
  #stopped = false;

  constructor(options: AnalysisRunnerOptions) {
    this.#o = options;
  }

  enqueue(record: AnalysisRecord, credentials: BackstageCredentials): void {
    this.#queue.push({ record, credentials });
    this.#o.metrics.queued.add(1);
    this.#pump();
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Waits for runs in progress; queued ones stay queued and are failed as stale later. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#inFlight]);
  }

  #pump() {
    while (
      !this.#stopped &&
      this.#running < this.#o.maxConcurrent &&
      this.#queue.length
    ) {
      const job = this.#queue.shift()!;
      this.#o.metrics.queued.add(-1);
      this.#running++;
      this.#o.metrics.running.add(1);
      const run = this.#run(job).finally(() => {
        this.#running--;
        this.#o.metrics.running.add(-1);
        this.#inFlight.delete(run);
        this.#pump();
      });
      this.#inFlight.add(run);
    }
  }

  async #run({ record, credentials }: Job): Promise<void> {
    const { store, logger, metrics } = this.#o;
    const started = Date.now();
    const progress: AnalysisProgress[] = [];
    let flush = Promise.resolve();
    const report = (
      step: string,
      message: string,
      level: 'info' | 'warn' = 'info',
    ) => {
      progress.push({ at: new Date().toISOString(), step, message, level });
      const snapshot = [...progress];
      // Progress writes are chained so they land in order without blocking the analysis.
      flush = flush
        .then(() => store.update(record.id, { progress: snapshot }))
        .catch(e => logger.warn(`progress write failed: ${e}`));
    };
    try {
      await store.update(record.id, { status: 'running' });
      report(
        'start',
        `Analysing ${record.entityRef} from ${record.request.window.from} to ${record.request.window.to}`,
      );
      const entity = await this.#o.catalog.getEntityByRef(record.entityRef, {
        credentials,
      });
      if (!entity)
        throw Object.assign(
          new Error(`${record.entityRef} is no longer in the catalog`),
          { name: 'NotFoundError' },
        );
      const { report: rca, markdown } = await this.#o.engine.run({
        input: {
          id: record.id,
          entityRef: record.entityRef,
          window: {
            from: new Date(record.request.window.from),
            to: new Date(record.request.window.to),
          },
          title: record.request.title,
          notes: record.request.notes,
        },
        entity,
        catalog: {
          getEntityByRef: ref =>
            this.#o.catalog.getEntityByRef(ref, { credentials }),
        },
        onProgress: (step, message) => report(step, message),
        namespaceGate: this.#o.gateFor?.(credentials),
      });
      await flush;
      await store.update(record.id, { report: rca, markdown });

      const links: Partial<AnalysisLinks> = { ...record.links };
      let commitSha: string | undefined;
      let path: string | undefined;
      if (record.request.publish !== false && this.#o.publisher) {
        path = reportPath({
          directory: this.#o.reportDirectory,
          entityRef: record.entityRef,
          id: record.id,
          at: rca.window.to,
        });
        report(
          'publish',
          `Committing ${path} to branch ${this.#o.publisher.branch}`,
        );
        const published = await this.#o.publisher.publish({
          path,
          content: markdown,
          message: `rca: ${record.entityRef} ${rca.rootCause.category} (${record.id})\n\n${rca.rootCause.title}`,
        });
        commitSha = published.commitSha;
        if (published.commitUrl) links.commit = published.commitUrl;
        if (published.fileUrl) links.report = published.fileUrl;
        report('publish', `Committed ${commitSha.slice(0, 12)}`);
        await this.#o
          .onPublished?.({
            analysisId: record.id,
            entityRef: record.entityRef,
            path,
            commitSha,
          })
          .catch(e =>
            logger.warn(`could not announce report ${record.id}: ${e}`),
          );
      }
      report(
        'done',
        `Root cause: ${
          rca.rootCause.category
        } (confidence ${rca.rootCause.confidence.toFixed(2)}); report ${
          rca.status
        }`,
      );
      await flush;
      await store.update(record.id, {
        status: 'completed',
        commitSha,
        reportPath: path,
        links,
      });
      metrics.analyses.add(1, { status: 'completed', report: rca.status });
      logger.info(
        `analysis ${record.id} of ${record.entityRef} completed: ${
          rca.rootCause.category
        }${commitSha ? ` in ${commitSha}` : ''}`,
      );
    } catch (e) {
      const error = {
        name: (e as Error)?.name ?? 'Error',
        message: redactSecrets(String((e as Error)?.message ?? e)),
      };
      report('failed', error.message, 'warn');
      await flush;
      await store
        .update(record.id, { status: 'failed', error })
        .catch(err =>
          logger.error(`could not record failure of ${record.id}: ${err}`),
        );
      metrics.analyses.add(1, { status: 'failed' });
      logger.warn(
        `analysis ${record.id} of ${record.entityRef} failed: ${error.message}`,
      );
    } finally {
      metrics.duration.record((Date.now() - started) / 1000);
    }
  }
}

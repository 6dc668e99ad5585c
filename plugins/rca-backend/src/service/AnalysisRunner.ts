import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type {
  AnalysisLinks,
  RcaReport,
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
import type { CommittedReports } from './CommittedReports';
import {
  InterruptedError,
  SHUTDOWN_REASON,
  settledWithin,
  untilAborted,
} from './shutdown';
import type { RcaMetrics } from './metrics';
import { ProgressLog } from './ProgressLog';

export interface AnalysisRunnerOptions {
  store: AnalysisStore;
  engine: RcaEngine;
  catalog: CatalogService;
  publisher?: GitPublisher;
  reportDirectory: string;
  logger: LoggerService;
  metrics: RcaMetrics;
  maxConcurrent: number;
  /** The namespace gate of a requester: what each analysis may read. */
  gateFor: (credentials: BackstageCredentials) => NamespaceGate;
  /** Told about each committed report (the catalog provider refreshes on it). */
  onPublished?: (event: RcaReportPublishedEvent) => Promise<void>;
  /** Reports already in Git: an incident committed before is linked, not committed again. */
  committed?: Pick<CommittedReports, 'find'>;
}

interface Job {
  record: AnalysisRecord;
  credentials: BackstageCredentials;
  /** Aborted when shutdown stops waiting for the run. */
  abort: AbortController;
}

/**
 * Runs analyses with bounded concurrency. Each run reads the catalog with the requesting user's
 * credentials, stores its progress as it goes, and commits the report unless `publish: false`.
 */
export class AnalysisRunner {
  readonly #o: AnalysisRunnerOptions;
  readonly #queue: Job[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #active = new Set<Job>();
  /** Interruptions being written to the store. */
  readonly #recording = new Set<Promise<void>>();
  #running = 0;
  #stopped = false;
  #draining?: Promise<void>;

  constructor(options: AnalysisRunnerOptions) {
    this.#o = options;
  }

  /** Queues a stored analysis; during shutdown it is recorded as interrupted and refused (503). */
  enqueue(record: AnalysisRecord, credentials: BackstageCredentials): void {
    if (this.#stopped) {
      this.#interrupt(record);
      throw new ServiceUnavailableError(
        `The rca backend is shutting down: analysis ${record.id} was not started; submit again`,
      );
    }
    this.#queue.push({ record, credentials, abort: new AbortController() });
    this.#o.metrics.queued.add(1);
    this.#pump();
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** True once shutdown began: no new analysis is accepted. */
  get stopping(): boolean {
    return this.#stopped;
  }

  /**
   * Drains for shutdown: accepts nothing more, records queued analyses as interrupted, lets running
   * ones finish until shortly before `timeoutMs`, then aborts them and records why. Resolves within
   * `timeoutMs` whatever the engine, Git or the database do.
   */
  stop(timeoutMs: number): Promise<void> {
    this.#draining ??= this.#drain(timeoutMs);
    return this.#draining;
  }

  async #drain(timeoutMs: number): Promise<void> {
    this.#stopped = true;
    const queued = this.#queue.splice(0);
    this.#o.metrics.queued.add(-queued.length);
    for (const job of queued) this.#interrupt(job.record);
    this.#o.logger.info(
      `Shutting down: ${
        this.#active.size
      } running analyses get up to ${timeoutMs} ms, ${
        queued.length
      } queued ones are recorded as interrupted`,
    );
    // The last part of the budget is kept for writing down the interruptions.
    const margin = Math.min(2000, timeoutMs / 4);
    const abort = setTimeout(() => this.#abortRunning(), timeoutMs - margin);
    const done = await settledWithin(
      Promise.allSettled([...this.#inFlight, ...this.#recording]),
      timeoutMs,
    );
    clearTimeout(abort);
    this.#abortRunning();
    if (!done)
      this.#o.logger.error(
        `Shutdown deadline of ${timeoutMs} ms passed before every interrupted analysis was recorded; those stay queued or running until failed as stale`,
      );
  }

  #abortRunning() {
    for (const job of this.#active)
      if (!job.abort.signal.aborted)
        job.abort.abort(new InterruptedError(SHUTDOWN_REASON));
  }

  /** Records an analysis that will not run because the backend stops. */
  #interrupt(record: AnalysisRecord) {
    const { store, logger, metrics } = this.#o;
    const at = new Date().toISOString();
    const write = store
      .update(record.id, {
        status: 'failed',
        error: { name: 'Interrupted', message: SHUTDOWN_REASON },
        progress: [
          ...record.progress,
          { at, step: 'failed', message: SHUTDOWN_REASON, level: 'warn' },
        ],
      })
      .then(
        () => metrics.analyses.add(1, { status: 'failed' }),
        e =>
          logger.error(`could not record interruption of ${record.id}: ${e}`),
      )
      .finally(() => this.#recording.delete(write));
    this.#recording.add(write);
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
      this.#active.add(job);
      this.#o.metrics.running.add(1);
      const run = this.#run(job).finally(() => {
        this.#running--;
        this.#active.delete(job);
        this.#o.metrics.running.add(-1);
        this.#inFlight.delete(run);
        this.#pump();
      });
      this.#inFlight.add(run);
    }
  }

  async #run({ record, credentials, abort }: Job): Promise<void> {
    const { store, metrics } = this.#o;
    const started = Date.now();
    const progress = new ProgressLog(record.id, store, this.#o.logger);
    try {
      await store.update(record.id, { status: 'running' });
      progress.report(
        'start',
        `Analysing ${record.entityRef} from ${record.request.window.from} to ${record.request.window.to}`,
      );
      const { report: rca, markdown } = await this.#analyse(
        record,
        credentials,
        abort.signal,
        progress,
      );
      await progress.flushed();
      await store.update(record.id, { report: rca, markdown });
      await this.#complete(record, rca, markdown, abort.signal, progress);
    } catch (e) {
      await this.#fail(record, e, progress);
    } finally {
      metrics.duration.record((Date.now() - started) / 1000);
    }
  }

  /** Runs the engine on the entity, reading the catalog as the requester. */
  async #analyse(
    record: AnalysisRecord,
    credentials: BackstageCredentials,
    signal: AbortSignal,
    progress: ProgressLog,
  ): Promise<{ report: RcaReport; markdown: string }> {
    const { catalog } = this.#o;
    const entity = await catalog.getEntityByRef(record.entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(
        `${record.entityRef} is no longer in the catalog`,
      );
    const run = this.#o.engine.run({
      signal,
      input: {
        id: record.id,
        // In the front matter: the duplicate check looks for it in Git.
        incidentKey: record.incidentKey,
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
        getEntityByRef: ref => catalog.getEntityByRef(ref, { credentials }),
      },
      // An aborted engine may go on a while: its progress no longer belongs to the analysis.
      onProgress: (step, message) =>
        !signal.aborted && progress.report(step, message),
      namespaceGate: this.#o.gateFor(credentials),
    });
    return await untilAborted(run, signal);
  }

  /** Publishes the report (unless `publish: false`) and records the analysis as completed. */
  async #complete(
    record: AnalysisRecord,
    rca: RcaReport,
    markdown: string,
    signal: AbortSignal,
    progress: ProgressLog,
  ): Promise<void> {
    const { store, logger, metrics } = this.#o;
    const links: Partial<AnalysisLinks> = { ...record.links };
    let commitSha: string | undefined;
    let path: string | undefined;
    if (record.request.publish !== false && this.#o.publisher) {
      ({ commitSha, path } = await this.#publish(
        { record, rca, markdown, links, signal },
        progress,
      ));
    }
    progress.report(
      'done',
      `Root cause: ${
        rca.rootCause.category
      } (confidence ${rca.rootCause.confidence.toFixed(2)}); report ${
        rca.status
      }`,
    );
    await progress.flushed();
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
  }

  /** Records why the analysis failed, secrets redacted. */
  async #fail(
    record: AnalysisRecord,
    e: unknown,
    progress: ProgressLog,
  ): Promise<void> {
    const { store, logger, metrics } = this.#o;
    const error = {
      name: (e as Error)?.name ?? 'Error',
      message: redactSecrets(String((e as Error)?.message ?? e)),
    };
    progress.report('failed', error.message, 'warn');
    await progress.flushed();
    await store
      .update(record.id, { status: 'failed', error })
      .catch(err =>
        logger.error(`could not record failure of ${record.id}: ${err}`),
      );
    metrics.analyses.add(1, { status: 'failed' });
    logger.warn(
      `analysis ${record.id} of ${record.entityRef} failed: ${error.message}`,
    );
  }

  /** Commits the report, or links the analysis to the commit of the incident's earlier report. */
  async #publish(
    a: {
      record: AnalysisRecord;
      rca: RcaReport;
      markdown: string;
      links: Partial<AnalysisLinks>;
      signal: AbortSignal;
    },
    progress: ProgressLog,
  ): Promise<{ commitSha?: string; path: string }> {
    const { record, rca, links, signal } = a;
    const publisher = this.#o.publisher!;
    const earlier = this.#o.committed
      ? await untilAborted(
          this.#o.committed.find({
            incidentKey: record.incidentKey,
            analysisId: record.id,
          }),
          signal,
        )
      : undefined;
    if (earlier) {
      const { file } = earlier;
      Object.assign(links, earlier.links);
      progress.report(
        'publish',
        `Incident ${record.incidentKey} is already committed in ${file.path}${
          file.commitSha ? ` (${file.commitSha.slice(0, 12)})` : ''
        }: linked, not committed again`,
      );
      if (earlier.report)
        await this.#o.store.update(record.id, {
          report: earlier.report,
          markdown: file.content,
        });
      return { commitSha: file.commitSha, path: file.path };
    }
    const path = reportPath({
      directory: this.#o.reportDirectory,
      entityRef: record.entityRef,
      id: record.id,
      at: rca.window.to,
    });
    signal.throwIfAborted();
    progress.report(
      'publish',
      `Committing ${path} to branch ${publisher.branch}`,
    );
    const published = await untilAborted(
      publisher.publish({
        path,
        content: a.markdown,
        message: `rca: ${record.entityRef} ${rca.rootCause.category} (${record.id})\n\n${rca.rootCause.title}`,
      }),
      signal,
    );
    const { commitSha } = published;
    if (published.commitUrl) links.commit = published.commitUrl;
    if (published.fileUrl) links.report = published.fileUrl;
    progress.report('publish', `Committed ${commitSha.slice(0, 12)}`);
    await this.#o
      .onPublished?.({
        analysisId: record.id,
        entityRef: record.entityRef,
        path,
        commitSha,
      })
      .catch(e =>
        this.#o.logger.warn(`could not announce report ${record.id}: ${e}`),
      );
    return { commitSha, path };
  }
}

import type {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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
import { LeaseLostError } from './LeaseLostError';
import { ProgressLog } from './ProgressLog';
import {
  describeScope,
  type GateWithin,
  missingScopeError,
  type RequesterScope,
} from './RequesterScope';

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
  /**
   * The credentials an analysis runs with when this replica did not accept it (taken over from a
   * replica that died): the requester's credentials lived only there.
   */
  credentialsFor?: (record: AnalysisRecord) => Promise<BackstageCredentials>;
  /**
   * The gate of a taken-over analysis: only the namespaces its requester could read, as stored
   * with it. Without it, or without a stored scope, a takeover fails instead of reading more.
   */
  gateWithin?: GateWithin;
  /** Where takeovers are recorded, with the original requester. */
  auditor?: AuditorService;
  /** How often leases are renewed and abandoned analyses looked for (ms). Default a third of the lease. */
  heartbeatMs?: number;
}

interface Job {
  record: AnalysisRecord;
  /** Absent: taken over from another replica; `credentialsFor` supplies them. */
  credentials?: BackstageCredentials;
  /** 1 on the first run, more on a takeover. */
  attempts: number;
  /** Aborted when shutdown stops waiting for the run, or when its lease is lost. */
  abort: AbortController;
}

/**
 * Runs analyses with bounded concurrency, from the queue in the database that every replica
 * shares: it claims its own accepted analyses and any whose replica died (lease expired), renews
 * the leases of what it holds, and stops a run whose lease another replica took. Each run reads
 * the catalog with the requesting user's credentials, stores its progress as it goes, and commits
 * the report unless `publish: false`.
 */
export class AnalysisRunner {
  readonly #o: AnalysisRunnerOptions;
  /** Accepted here, not started yet: the requester's credentials, by analysis id. */
  readonly #accepted = new Map<string, BackstageCredentials>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #active = new Map<string, Job>();
  /** Interruptions being written to the store. */
  readonly #recording = new Set<Promise<void>>();
  #stopped = false;
  #draining?: Promise<void>;
  #claiming = false;
  #claimAgain = false;
  #heartbeat?: NodeJS.Timeout;

  constructor(options: AnalysisRunnerOptions) {
    this.#o = options;
  }

  /** Starts renewing leases and taking over abandoned analyses (those of a dead replica first). */
  start(): void {
    const every =
      this.#o.heartbeatMs ?? Math.max(100, this.#o.store.leaseMs / 3);
    this.#heartbeat ??= setInterval(() => this.#beat(), every);
    this.#heartbeat.unref?.();
    this.#pump();
  }

  /** Queues a stored analysis; during shutdown it is recorded as interrupted and refused (503). */
  enqueue(record: AnalysisRecord, credentials: BackstageCredentials): void {
    if (this.#stopped) {
      this.#interrupt(record);
      throw new ServiceUnavailableError(
        `The rca backend is shutting down: analysis ${record.id} was not started; submit again`,
      );
    }
    this.#accepted.set(record.id, credentials);
    this.#o.metrics.queued.add(1);
    this.#pump();
  }

  get queued(): number {
    return this.#accepted.size;
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
    const queued = [...this.#accepted.keys()];
    this.#accepted.clear();
    this.#o.metrics.queued.add(-queued.length);
    for (const id of queued) this.#interruptQueued(id);
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
    clearInterval(this.#heartbeat);
    this.#abortRunning();
    if (!done)
      this.#o.logger.error(
        `Shutdown deadline of ${timeoutMs} ms passed before every interrupted analysis was recorded; their leases expire and another replica runs them again`,
      );
  }

  #abortRunning() {
    for (const job of this.#active.values())
      if (!job.abort.signal.aborted)
        job.abort.abort(new InterruptedError(SHUTDOWN_REASON));
  }

  /** Renews the leases held here; a run whose lease another replica took stops at once. */
  async #beat() {
    try {
      const held = await this.#o.store.renewLeases([
        ...this.#active.keys(),
        ...this.#accepted.keys(),
      ]);
      for (const [id, job] of this.#active)
        if (!held.has(id) && !job.abort.signal.aborted) {
          this.#o.logger.warn(
            `analysis ${id}: lease lost to another replica; this run stops`,
          );
          job.abort.abort(
            new LeaseLostError(`lease of analysis ${id} lost; not written`),
          );
        }
    } catch (e) {
      this.#o.logger.warn(`could not renew analysis leases: ${e}`);
    }
    this.#pump();
  }

  #interruptQueued(id: string) {
    const write = this.#o.store
      .get(id)
      .then(record => record && this.#interrupt(record));
    this.#recording.add(write);
    write.finally(() => this.#recording.delete(write));
  }

  /** Records an analysis that will not run because the backend stops. */
  #interrupt(record: AnalysisRecord) {
    const { store, logger, metrics } = this.#o;
    const at = new Date().toISOString();
    const write = store
      .update(
        record.id,
        {
          status: 'failed',
          error: { name: 'Interrupted', message: SHUTDOWN_REASON },
          progress: [
            ...record.progress,
            { at, step: 'failed', message: SHUTDOWN_REASON, level: 'warn' },
          ],
        },
        'lease',
      )
      .then(
        () => metrics.analyses.add(1, { status: 'failed' }),
        e =>
          logger.error(`could not record interruption of ${record.id}: ${e}`),
      )
      .finally(() => this.#recording.delete(write));
    this.#recording.add(write);
  }

  /** Claims analyses from the shared queue while there is room; one claimer at a time. */
  #pump() {
    if (this.#claiming) {
      this.#claimAgain = true;
      return;
    }
    this.#claiming = true;
    this.#claimWhileRoom()
      .catch(e => this.#o.logger.warn(`could not claim analyses: ${e}`))
      .finally(() => {
        this.#claiming = false;
        if (this.#claimAgain) {
          this.#claimAgain = false;
          this.#pump();
        }
      });
  }

  async #claimWhileRoom() {
    const { store, maxConcurrent } = this.#o;
    while (!this.#stopped && this.#active.size < maxConcurrent) {
      const claimed = await store.claim([...this.#accepted.keys()]);
      if (!claimed) return;
      const { record, attempts } = claimed;
      if (this.#stopped) {
        this.#interrupt(record);
        return;
      }
      const credentials = this.#accepted.get(record.id);
      if (credentials) {
        this.#accepted.delete(record.id);
        this.#o.metrics.queued.add(-1);
      }
      this.#launch({
        record,
        credentials,
        attempts,
        abort: new AbortController(),
      });
    }
  }

  #launch(job: Job) {
    const { metrics } = this.#o;
    this.#active.set(job.record.id, job);
    metrics.running.add(1);
    const run = this.#run(job).finally(() => {
      this.#active.delete(job.record.id);
      metrics.running.add(-1);
      this.#inFlight.delete(run);
      this.#pump();
    });
    this.#inFlight.add(run);
  }

  async #run(job: Job): Promise<void> {
    const { record, abort } = job;
    const { store, metrics } = this.#o;
    const started = Date.now();
    const progress = new ProgressLog(record.id, store, this.#o.logger);
    try {
      const { credentials, gate, entityOnly } = await this.#runAs(
        job,
        progress,
      );
      progress.report(
        'start',
        `Analysing ${record.entityRef} from ${record.request.window.from} to ${record.request.window.to}`,
      );
      const { report: rca, markdown } = await this.#analyse(
        { record, credentials, gate, entityOnly },
        abort.signal,
        progress,
      );
      await progress.flushed();
      abort.signal.throwIfAborted();
      await store.update(record.id, { report: rca, markdown }, 'lease');
      await this.#complete(record, rca, markdown, abort.signal, progress);
    } catch (e) {
      if (e instanceof LeaseLostError)
        metrics.analyses.add(1, { status: 'lost' });
      else await this.#fail(record, e, progress);
    } finally {
      metrics.duration.record((Date.now() - started) / 1000);
    }
  }

  /**
   * The requester's credentials and gate when this replica accepted the analysis. Taken over from
   * a replica that died (which alone held them): those `credentialsFor` gives, gated to the
   * requester's stored scope, never wider; recorded in the audit trail and the progress.
   */
  async #runAs(
    job: Job,
    progress: ProgressLog,
  ): Promise<{
    credentials: BackstageCredentials;
    gate: NamespaceGate;
    /** A takeover reads no dependency: the requester's view of the catalog was not stored. */
    entityOnly?: boolean;
  }> {
    const { record, credentials, attempts } = job;
    if (credentials) return { credentials, gate: this.#o.gateFor(credentials) };
    const { credentialsFor, gateWithin, store } = this.#o;
    if (!credentialsFor || !gateWithin)
      throw new InterruptedError(
        'the replica that accepted the analysis stopped; submit again',
      );
    const scope = record.requesterScope;
    await this.#auditTakeover(job, scope);
    if (!scope) throw missingScopeError(record.id);
    progress.report(
      'start',
      `Taken over by ${
        store.owner
      } (attempt ${attempts}): the replica that accepted it stopped renewing its lease; reading only what ${
        record.createdBy ?? 'its requester'
      } could (${
        describeScope(scope).join(', ') || 'no namespace'
      }), without its dependencies`,
      'warn',
    );
    return {
      credentials: await credentialsFor(record),
      gate: gateWithin(scope, record.id),
      entityOnly: true,
    };
  }

  /** Records a takeover with the original requester and the scope it runs in (fails without one). */
  async #auditTakeover({ record, attempts }: Job, scope?: RequesterScope) {
    const { auditor, store } = this.#o;
    if (!auditor) return;
    const event = await auditor.createEvent({
      eventId: 'analysis-takeover',
      severityLevel: 'medium',
      meta: {
        analysisId: record.id,
        entityRef: record.entityRef,
        requester: record.createdBy,
        replica: store.owner,
        attempt: attempts,
        namespaces: scope && describeScope(scope),
      },
    });
    if (scope) await event.success();
    else await event.fail({ error: missingScopeError(record.id) });
  }

  /** Runs the engine on the entity, reading the catalog as the requester, within the gate. */
  async #analyse(
    {
      record,
      credentials,
      gate,
      entityOnly,
    }: {
      record: AnalysisRecord;
      credentials: BackstageCredentials;
      gate: NamespaceGate;
      entityOnly?: boolean;
    },
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
        // On a takeover the plugin reads the catalog, which may see more than the requester did:
        // dependencies are left out (a gap in the report) rather than read with a wider view.
        getEntityByRef: async ref =>
          entityOnly && !sameRef(ref, record.entityRef)
            ? undefined
            : catalog.getEntityByRef(ref, { credentials }),
      },
      // An aborted engine may go on a while: its progress no longer belongs to the analysis.
      onProgress: (step, message) =>
        !signal.aborted && progress.report(step, message),
      namespaceGate: gate,
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
    const recorded = await store.update(
      record.id,
      { status: 'completed', commitSha, reportPath: path, links },
      'lease',
    );
    if (!recorded)
      throw new LeaseLostError(
        `analysis ${record.id} was taken over before it was recorded as completed`,
      );
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
      .update(record.id, { status: 'failed', error }, 'lease')
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
        await this.#o.store.update(
          record.id,
          { report: earlier.report, markdown: file.content },
          'lease',
        );
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

function sameRef(a: string, b: string): boolean {
  try {
    return (
      stringifyEntityRef(parseEntityRef(a)) ===
      stringifyEntityRef(parseEntityRef(b))
    );
  } catch {
    return false;
  }
}

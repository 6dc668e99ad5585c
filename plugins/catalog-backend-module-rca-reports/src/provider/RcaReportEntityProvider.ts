import {
  type LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerService,
  type SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  parseReportMarkdown,
  RCA_ANNOTATIONS,
  RCA_REPORT_PUBLISHED_TOPIC,
  type RcaReport,
} from '@internal/plugin-rca-common';
import { ReportRepository } from '@internal/plugin-rca-node';
import { reportToEntity } from './reportToEntity';

export interface RcaReportEntityProviderOptions {
  repository: ReportRepository;
  taskRunner: SchedulerServiceTaskRunner;
  logger: LoggerService;
  defaultOwner: string;
  events?: EventsService;
}

export interface RefreshResult {
  /** Branch head read; undefined while the repository has no reports. */
  head?: string;
  entities: number;
  skipped: number;
  /** True when the head had not moved and nothing was applied. */
  unchanged: boolean;
}

/**
 * One `Resource` per report committed to the reports repository. A full mutation on a schedule and
 * right after each publication (events topic `rca.report.published`); a malformed file is logged
 * with its path and skipped, and a deleted file takes its entity with it.
 */
export class RcaReportEntityProvider implements EntityProvider {
  readonly #o: RcaReportEntityProviderOptions;
  #connection?: EntityProviderConnection;
  #appliedHead?: string;
  /** Parsed front matter by blob id, so unchanged files are not parsed again. */
  #parsed = new Map<string, RcaReport | Error>();
  #running?: Promise<RefreshResult>;
  #queued?: Promise<RefreshResult>;

  static fromConfig(
    config: Config,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      events?: EventsService;
    },
  ): RcaReportEntityProvider {
    const c = config.getOptionalConfig('catalog.providers.rcaReports');
    const schedule = c?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          c.getConfig('schedule'),
        )
      : { frequency: { minutes: 10 }, timeout: { minutes: 3 } };
    return new RcaReportEntityProvider({
      repository: ReportRepository.fromConfig(config, 'catalog'),
      taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
      logger: deps.logger,
      defaultOwner: c?.getOptionalString('defaultOwner') ?? 'group:default/sre',
      events: deps.events,
    });
  }

  constructor(options: RcaReportEntityProviderOptions) {
    this.#o = options;
  }

  getProviderName(): string {
    return 'rca-reports';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#o.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh().catch(e => this.#failed(e));
      },
    });
    await this.#o.events?.subscribe({
      id: this.getProviderName(),
      topics: [RCA_REPORT_PUBLISHED_TOPIC],
      onEvent: async () => {
        await this.refresh().catch(e => this.#failed(e));
      },
    });
  }

  /**
   * Reads the repository and replaces this provider's entities. Calls during a refresh share one
   * follow-up run, so a burst of publications costs at most two reads.
   */
  refresh(): Promise<RefreshResult> {
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#start();
    this.#queued = this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#start();
      });
    return this.#queued;
  }

  #start(): Promise<RefreshResult> {
    const run = this.#refresh().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  #failed(e: unknown) {
    // Keeps the entities of the last good read; the next refresh tries again.
    this.#o.logger.error(
      `RCA report refresh failed, keeping the last good state: ${
        (e as Error)?.message ?? e
      }`,
    );
  }

  async #refresh(): Promise<RefreshResult> {
    const connection = this.#connection;
    if (!connection)
      throw new Error('RcaReportEntityProvider is not connected yet');
    const started = Date.now();
    const { repository, logger, defaultOwner } = this.#o;
    const snapshot = await repository.snapshot();
    const head = snapshot.head ?? '';
    if (this.#appliedHead === head)
      return { head: snapshot.head, entities: 0, skipped: 0, unchanged: true };

    const byName = new Map<string, { entity: DeferredEntity; at: string }>();
    const parsed = new Map<string, RcaReport | Error>();
    let skipped = 0;
    for (const file of snapshot.files) {
      let report = this.#parsed.get(file.blobSha);
      if (!report) {
        try {
          report = parseReportMarkdown(file.content).report;
        } catch (e) {
          report = e as Error;
        }
      }
      parsed.set(file.blobSha, report);
      if (report instanceof Error) {
        skipped++;
        logger.warn(`Skipping RCA report ${file.path}: ${report.message}`);
        continue;
      }
      const entity = reportToEntity(report, {
        path: file.path,
        commitSha: file.commitSha,
        location: repository.location(file.path),
        links: repository.links(file.path, file.commitSha),
        defaultOwner,
      });
      const name = entity.metadata.name;
      const at = file.committedAt ?? '';
      const other = byName.get(name);
      if (other) {
        skipped++;
        logger.warn(
          `Two files hold RCA report ${report.id}; keeping the newer one (${
            file.path
          } vs ${
            other.entity.entity.metadata.annotations?.[
              RCA_ANNOTATIONS.reportPath
            ]
          })`,
        );
        if (other.at >= at) continue;
      }
      byName.set(name, {
        entity: { entity, locationKey: this.getProviderName() },
        at,
      });
    }
    this.#parsed = parsed;
    await connection.applyMutation({
      type: 'full',
      entities: [...byName.values()].map(v => v.entity),
    });
    this.#appliedHead = head;
    logger.info(
      `Read ${byName.size} RCA reports${
        head ? ` at ${head.slice(0, 12)}` : ''
      }${skipped ? `, skipped ${skipped}` : ''} in ${Date.now() - started} ms`,
    );
    return {
      head: snapshot.head,
      entities: byName.size,
      skipped,
      unchanged: false,
    };
  }
}

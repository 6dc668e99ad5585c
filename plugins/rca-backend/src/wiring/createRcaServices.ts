import type {
  DatabaseService,
  LoggerService,
  RootConfigService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import { RCA_REPORT_PUBLISHED_TOPIC } from '@internal/plugin-rca-common';
import {
  GitPublisher,
  type RcaEngineOptions,
  readGitPublisherOptions,
  remoteWithoutSecrets,
  ReportRepository,
} from '@internal/plugin-rca-node';
import { AnalysisRunner } from '../service/AnalysisRunner';
import { AnalysisStore } from '../service/AnalysisStore';
import { CommittedReports } from '../service/CommittedReports';
import { createRcaMetrics } from '../service/metrics';
import { readRunnerOptions } from '../service/readRunnerOptions';
import type { RcaAccessControl } from './createAccessControl';
import { createRcaEngine } from './createRcaEngine';
import type { EngineContributions } from './EngineExtensions';

/** What the router serves: the run store, the runner and the committed reports. */
export interface RcaServices {
  store: AnalysisStore;
  runner: AnalysisRunner;
  reports: ReportRepository;
}

/**
 * The store, the engine and the runner that commits its reports to Git. The runner drains on the
 * root lifecycle's before-shutdown hook.
 */
export async function createRcaServices(o: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  rootLifecycle: RootLifecycleService;
  catalog: CatalogService;
  events: EventsService;
  llm?: RcaEngineOptions['llm'];
  contributions: EngineContributions;
  gateFor: RcaAccessControl['gateFor'];
}): Promise<RcaServices> {
  const { config, logger, events } = o;
  const store = await AnalysisStore.create(o.database);
  const stale = await store.failStale(10 * 60_000);
  if (stale)
    logger.warn(
      `${stale} analyses were interrupted by a restart and marked failed`,
    );
  const gitOptions = readGitPublisherOptions(config);
  const reports = ReportRepository.fromConfig(config, 'rca-backend');
  const { maxConcurrent, shutdownTimeoutMs } = readRunnerOptions(config);
  const runner = new AnalysisRunner({
    store,
    engine: createRcaEngine(o),
    catalog: o.catalog,
    publisher: new GitPublisher(gitOptions),
    reportDirectory: gitOptions.directory,
    logger,
    metrics: createRcaMetrics(),
    gateFor: o.gateFor,
    maxConcurrent,
    committed: new CommittedReports(reports),
    onPublished: eventPayload =>
      events.publish({ topic: RCA_REPORT_PUBLISHED_TOPIC, eventPayload }),
  });
  // Before shutdown, not at it: the drain ends before the plugins' shutdown hooks flush the
  // audit pipeline and before the databases close, so its writes and audit events land.
  o.rootLifecycle.addBeforeShutdownHook(() => runner.stop(shutdownTimeoutMs));
  logger.info(
    `Reports are committed to ${remoteWithoutSecrets(gitOptions.url)} (${
      gitOptions.branch
    })`,
  );
  return { store, runner, reports };
}

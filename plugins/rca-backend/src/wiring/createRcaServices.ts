import type {
  AuditorService,
  AuthService,
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
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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
  scopeToEntity: RcaAccessControl['scopeToEntity'];
  gateWithin: RcaAccessControl['gateWithin'];
  auth: AuthService;
  auditor: AuditorService;
}): Promise<RcaServices> {
  const { config, logger, events } = o;
  const { maxConcurrent, shutdownTimeoutMs, leaseMs } =
    readRunnerOptions(config);
  // Analyses a dead replica left queued or running are taken over once their lease expires.
  const store = await AnalysisStore.create(o.database, {
    owner: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    leaseMs,
  });
  const gitOptions = readGitPublisherOptions(config);
  const reports = ReportRepository.fromConfig(config, 'rca-backend');
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
    // The requester's credentials died with the replica that accepted the analysis: a takeover
    // reads the catalog as this plugin confined to the entity, and Kubernetes, metrics and logs
    // only within the namespaces stored as the requester's scope.
    credentialsFor: async record =>
      o.scopeToEntity(
        await o.auth.getOwnServiceCredentials(),
        record.entityRef,
      ),
    gateWithin: o.gateWithin,
    auditor: o.auditor,
  });
  o.rootLifecycle.addStartupHook(() => runner.start());
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

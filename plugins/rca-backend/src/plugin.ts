import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readNamespacePolicyConfig } from '@internal/plugin-k8s-namespace-policy-common';
import {
  CatalogGroupDirectory,
  NamespaceAccess,
  NamespaceOwnerResolver,
} from '@internal/plugin-k8s-namespace-policy-node';
import type { Request } from 'express';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  RCA_REPORT_PUBLISHED_TOPIC,
  rcaPermissions,
} from '@internal/plugin-rca-common';
import {
  type Analyzer,
  defaultAnalyzers,
  type EvidenceCollector,
  GitPublisher,
  KubernetesCollector,
  llmClientServiceRef,
  NamespaceGate,
  RcaEngine,
  rcaEngineExtensionPoint,
  readGitPublisherOptions,
  readKubernetesCollectorOptions,
  K8sGptCollector,
  kubernetesSelectorOf,
  readK8sGptOptions,
  readVictoriaLogsOptions,
  readVictoriaMetricsOptions,
  remoteWithoutSecrets,
  ReportRepository,
  VictoriaLogsCollector,
  VictoriaMetricsCollector,
} from '@internal/plugin-rca-node';
import { AnalysisRunner } from './service/AnalysisRunner';
import { AnalysisStore } from './service/AnalysisStore';
import { CommittedReports } from './service/CommittedReports';
import { readRunnerOptions } from './service/readRunnerOptions';
import { refuseWhileStopping } from './service/refuseWhileStopping';
import { createRcaMetrics } from './service/metrics';
import { namespaceReaders } from './service/namespaceReaders';
import { ReportReadAccess } from './service/reportReadAccess';
import { createRouter } from './service/router';
import { readAnalysisRequestOptions } from './service/analysisRequestOptions';

/**
 * The rca backend plugin: `/api/rca/v1/analyses`.
 *
 * @public
 */
export const rcaPlugin = createBackendPlugin({
  pluginId: 'rca',
  register(env) {
    const collectors: EvidenceCollector[] = [];
    const analyzers: Analyzer[] = [];
    env.registerExtensionPoint(rcaEngineExtensionPoint, {
      addCollector: (...c) => collectors.push(...c),
      addAnalyzer: (...a) => analyzers.push(...a),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        discovery: coreServices.discovery,
        rootLifecycle: coreServices.rootLifecycle,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        llm: llmClientServiceRef,
        events: eventsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        discovery,
        rootLifecycle,
        auditor,
        auth,
        catalog,
        llm,
        events,
      }) {
        permissionsRegistry.addPermissions(rcaPermissions);
        const store = await AnalysisStore.create(database);
        const stale = await store.failStale(10 * 60_000);
        if (stale)
          logger.warn(
            `${stale} analyses were interrupted by a restart and marked failed`,
          );

        const gitOptions = readGitPublisherOptions(config);
        // Each optional source is on when its config block is present.
        const vm = readVictoriaMetricsOptions(config);
        const vl = readVictoriaLogsOptions(config);
        const k8sgpt = readK8sGptOptions(config);
        logger.info(
          `RCA sources: kubernetes${vm ? ', victoriametrics' : ''}${
            vl ? ', victorialogs' : ''
          }${k8sgpt ? ', k8sgpt' : ''}`,
        );
        const kubernetes = new KubernetesCollector(
          readKubernetesCollectorOptions(config),
        );
        const namespacePolicy = readNamespacePolicyConfig(config);
        const resolver = new NamespaceOwnerResolver({
          config: namespacePolicy,
          groups: new CatalogGroupDirectory({ catalog, auth, logger }),
        });
        const access = new NamespaceAccess({
          permissions,
          auditor,
          resolver,
          cacheTtlMs: namespacePolicy.decisionCacheTtlMs,
        });
        // Each analysis sees only the namespaces its requester may see (kubernetes.namespace.read).
        const gateFor = (
          credentials: BackstageCredentials,
          request?: Request,
        ) =>
          new NamespaceGate({
            collector: kubernetes,
            authorize: refs =>
              access.check({ credentials, refs, via: 'analysis', request }),
            ownersOf: ref => namespaceReaders(resolver, ref),
          });
        const engine = new RcaEngine({
          collectors: [
            kubernetes,
            ...(vm ? [new VictoriaMetricsCollector(vm)] : []),
            ...(vl ? [new VictoriaLogsCollector(vl)] : []),
            ...(k8sgpt ? [new K8sGptCollector(k8sgpt)] : []),
            ...collectors,
          ],
          analyzers: [...defaultAnalyzers(), ...analyzers],
          llm,
          logger,
          dependencyDepth: config.getOptionalNumber('rca.dependencyDepth') ?? 2,
        });
        const reports = ReportRepository.fromConfig(config, 'rca-backend');
        const { maxConcurrent, shutdownTimeoutMs } = readRunnerOptions(config);
        const runner = new AnalysisRunner({
          store,
          engine,
          catalog,
          publisher: new GitPublisher(gitOptions),
          reportDirectory: gitOptions.directory,
          logger,
          metrics: createRcaMetrics(),
          gateFor,
          maxConcurrent,
          committed: new CommittedReports(reports),
          onPublished: eventPayload =>
            events.publish({ topic: RCA_REPORT_PUBLISHED_TOPIC, eventPayload }),
        });
        // Before shutdown, not at it: the drain ends before the plugins' shutdown hooks flush the
        // audit pipeline and before the databases close, so its writes and audit events land.
        rootLifecycle.addBeforeShutdownHook(() =>
          runner.stop(shutdownTimeoutMs),
        );
        logger.info(
          `Reports are committed to ${remoteWithoutSecrets(gitOptions.url)} (${
            gitOptions.branch
          })`,
        );

        // Reading an analysis or report needs read access to the namespaces it drew from.
        const readAccess = new ReportReadAccess({
          check: c => access.check(c),
          clusters: kubernetes.clusterNames,
        });
        const entityNamespaces = async (
          credentials: BackstageCredentials,
          entityRef: string,
        ) => {
          const entity = await catalog.getEntityByRef(entityRef, {
            credentials,
          });
          if (!entity) return [];
          const preflight = await NamespaceGate.allowAll(kubernetes).preflight({
            entityRef,
            entity,
            role: 'target',
            depth: 0,
            kubernetes: kubernetesSelectorOf(entity),
          });
          return preflight.allowed;
        };
        httpRouter.use(refuseWhileStopping(runner));
        httpRouter.use(
          await createRouter({
            store,
            runner,
            httpAuth,
            permissions,
            catalog,
            discovery,
            appBaseUrl: config.getString('app.baseUrl'),
            reports,
            auditor,
            gateFor,
            requestOptions: readAnalysisRequestOptions(config),
            canReadAnalysis: (credentials, record, request) =>
              readAccess.canReadAnalysis(
                credentials,
                record,
                () => entityNamespaces(credentials, record.entityRef),
                request,
              ),
            canReadReport: (credentials, report, request) =>
              readAccess.canReadReport(credentials, report, request),
          }),
        );
      },
    });
  },
});

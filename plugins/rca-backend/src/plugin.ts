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
import { createRcaMetrics } from './service/metrics';
import { createRouter } from './service/router';

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
        lifecycle: coreServices.lifecycle,
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
        lifecycle,
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
        const access = new NamespaceAccess({
          permissions,
          auditor,
          resolver: new NamespaceOwnerResolver({
            config: namespacePolicy,
            groups: new CatalogGroupDirectory({ catalog, auth, logger }),
          }),
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
        const runner = new AnalysisRunner({
          store,
          engine,
          catalog,
          publisher: new GitPublisher(gitOptions),
          reportDirectory: gitOptions.directory,
          logger,
          metrics: createRcaMetrics(),
          gateFor,
          maxConcurrent:
            config.getOptionalNumber('rca.maxConcurrentAnalyses') ?? 2,
          onPublished: eventPayload =>
            events.publish({ topic: RCA_REPORT_PUBLISHED_TOPIC, eventPayload }),
        });
        lifecycle.addShutdownHook(() => runner.stop());
        logger.info(
          `Reports are committed to ${remoteWithoutSecrets(gitOptions.url)} (${
            gitOptions.branch
          })`,
        );

        httpRouter.use(
          await createRouter({
            store,
            runner,
            httpAuth,
            permissions,
            catalog,
            discovery,
            appBaseUrl: config.getString('app.baseUrl'),
            reports: ReportRepository.fromConfig(config, 'rca-backend'),
            auditor,
            gateFor,
          }),
        );
      },
    });
  },
});

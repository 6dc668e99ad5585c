import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { rcaPermissions } from '@internal/plugin-rca-common';
import {
  llmClientServiceRef,
  rcaEngineExtensionPoint,
} from '@internal/plugin-rca-node';
import { readAnalysisRequestOptions } from './service/analysisRequestOptions';
import { refuseWhileStopping } from './service/refuseWhileStopping';
import { createRouter } from './service/router';
import { createAccessControl } from './wiring/createAccessControl';
import { createAlerts } from './wiring/createAlerts';
import { createRcaServices } from './wiring/createRcaServices';
import { EngineExtensions } from './wiring/EngineExtensions';

/**
 * The rca backend plugin: `/api/rca/v1/analyses`, and `/v1/alerts/alertmanager` where alerts start
 * analyses. It runs only the sources and rules that modules
 * add through `rcaEngineExtensionPoint`; the built-ins are the module
 * `@internal/plugin-rca-backend-module-builtins`.
 *
 * @public
 */
export const rcaPlugin = createBackendPlugin({
  pluginId: 'rca',
  register(env) {
    const extensions = new EngineExtensions();
    env.registerExtensionPoint(rcaEngineExtensionPoint, extensions);

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
        notifications: notificationService,
      },
      async init(deps) {
        const { config, httpRouter, httpAuth, permissions, catalog } = deps;
        deps.permissionsRegistry.addPermissions(rcaPermissions);
        // Every module of the plugin has run by now: this is all the engine will ever get.
        const contributions = extensions.contributions();
        const access = createAccessControl({
          ...deps,
          locator: contributions.namespaceLocator,
        });
        const { store, runner, reports } = await createRcaServices({
          ...deps,
          contributions,
          gateFor: access.gateFor,
          scopeToEntity: access.scopeToEntity,
          gateWithin: access.gateWithin,
        });
        const requestOptions = readAnalysisRequestOptions(config);
        const alerts = await createAlerts({
          ...deps,
          store,
          requestOptions,
          scopeToEntity: access.scopeToEntity,
        });
        httpRouter.use(refuseWhileStopping(runner));
        httpRouter.use(
          await createRouter({
            store,
            runner,
            httpAuth,
            permissions,
            catalog,
            discovery: deps.discovery,
            appBaseUrl: config.getString('app.baseUrl'),
            reports,
            auditor: deps.auditor,
            gateFor: access.gateFor,
            requestOptions,
            alerts,
            canReadAnalysis: access.canReadAnalysis,
            canReadReport: access.canReadReport,
          }),
        );
      },
    });
  },
});

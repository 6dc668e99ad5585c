import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { auditPermissions } from '@internal/plugin-audit-common';
import {
  readVictoriaLogsShipperOptions,
  VictoriaLogsShipper,
} from './shipping/VictoriaLogsShipper';
import { auditHubServiceRef } from './service/auditHubServiceRef';
import { AuditStore } from './service/AuditStore';
import { createRouter } from './service/router';
import { registerOutboxLifecycle, writeHubToOutbox } from './outbox';
import { scheduleRetention } from './retention';

/**
 * The audit plugin (`/api/audit`): persists every audit event to its outbox table, ships them to
 * VictoriaLogs, and serves the trail to administrators.
 *
 * @public
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        hub: auditHubServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        lifecycle,
        scheduler,
        auditor,
        hub,
      }) {
        permissionsRegistry.addPermissions(auditPermissions);
        const shipperOptions = readVictoriaLogsShipperOptions(config);
        const store = await AuditStore.create({
          database,
          maxPending:
            config.getOptionalNumber('audit.outbox.maxEvents') ?? 100_000,
        });
        const { metrics } = hub;
        metrics.outboxDepth = store.pending;
        const shipper = shipperOptions
          ? new VictoriaLogsShipper({
              store,
              options: shipperOptions,
              metrics,
              logger,
            })
          : undefined;
        writeHubToOutbox({ hub, store, shipper, logger });
        registerOutboxLifecycle({
          hub,
          store,
          shipper,
          shipperUrl: shipperOptions?.url,
          logger,
          lifecycle,
        });
        await scheduleRetention({ config, scheduler, store, logger });

        httpRouter.use(
          await createRouter({
            store,
            metrics,
            httpAuth,
            permissions,
            auditor,
            buffered: () => hub.buffered,
            shipping: Boolean(shipper),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});

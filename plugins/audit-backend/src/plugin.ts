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

const DAY = 86_400_000;
/** How long shutdown waits for the audit events still in memory to reach the outbox. */
const SHUTDOWN_FLUSH_MS = 5_000;

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

        hub.subscribe(async records => {
          const { refused } = await store.insert(
            records,
            shipper ? 'pending' : 'local',
          );
          metrics.outboxDepth = store.pending;
          if (refused) {
            metrics.dropped(refused, 'outbox-full');
            if (!metrics.outboxFull)
              logger.error(
                `Audit outbox full (${store.maxPending} events waiting for VictoriaLogs): new audit events are dropped until it drains. Check audit.victoriaLogs and the audit_events_failed metric.`,
              );
            metrics.outboxFull = true;
          } else if (
            metrics.outboxFull &&
            store.pending < store.maxPending * 0.9
          ) {
            metrics.outboxFull = false;
            logger.warn('Audit outbox has room again');
          }
          shipper?.wake();
        });

        if (shipper) {
          logger.info(
            `Audit events are shipped to ${shipperOptions!.url}; ${
              store.pending
            } waiting in the outbox`,
          );
          lifecycle.addStartupHook(() => shipper.start());
        } else {
          logger.info(
            'audit.victoriaLogs is not configured: audit events are kept in the database only',
          );
        }
        lifecycle.addShutdownHook(async () => {
          // Whatever is still in memory reaches the outbox before the process goes, within a
          // bound: a database that stopped answering must not hold the shutdown.
          let timer: NodeJS.Timeout | undefined;
          const flushed = await Promise.race([
            hub.flush().then(() => true),
            new Promise<false>(resolve => {
              timer = setTimeout(() => resolve(false), SHUTDOWN_FLUSH_MS);
            }),
          ]).finally(() => clearTimeout(timer));
          if (!flushed)
            logger.error(
              `Audit flush gave up after ${SHUTDOWN_FLUSH_MS} ms at shutdown; ${hub.buffered} events not written`,
            );
          await shipper?.stop();
        });

        const retentionDays =
          config.getOptionalNumber('audit.retentionDays') ?? 30;
        await scheduler.scheduleTask({
          id: 'audit-retention',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const n = await store.purge(Date.now() - retentionDays * DAY);
            if (n) logger.info(`Removed ${n} audit events past retention`);
          },
        });

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

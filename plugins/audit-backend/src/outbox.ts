import type {
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { AuditHub } from './service/AuditHub';
import type { AuditStore } from './service/AuditStore';
import type { VictoriaLogsShipper } from './shipping/VictoriaLogsShipper';

/** How long shutdown waits for the audit events still in memory to reach the outbox. */
const SHUTDOWN_FLUSH_MS = 5_000;

interface OutboxWiring {
  hub: AuditHub;
  store: AuditStore;
  shipper?: VictoriaLogsShipper;
  logger: LoggerService;
}

/**
 * Writes every batch the hub delivers to the outbox table: `pending` when a shipper will send it
 * on, `local` otherwise. A full outbox drops new events and says so once, until it drains.
 */
export function writeHubToOutbox({
  hub,
  store,
  shipper,
  logger,
}: OutboxWiring): void {
  const { metrics } = hub;
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
    } else if (metrics.outboxFull && store.pending < store.maxPending * 0.9) {
      metrics.outboxFull = false;
      logger.warn('Audit outbox has room again');
    }
    shipper?.wake();
  });
}

/** Starts the shipper with the backend and, at shutdown, flushes the hub before stopping it. */
export function registerOutboxLifecycle({
  hub,
  store,
  shipper,
  shipperUrl,
  logger,
  lifecycle,
}: OutboxWiring & { shipperUrl?: string; lifecycle: LifecycleService }) {
  if (shipper) {
    logger.info(
      `Audit events are shipped to ${shipperUrl}; ${store.pending} waiting in the outbox`,
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
}

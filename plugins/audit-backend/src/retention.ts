import type {
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { AuditStore } from './service/AuditStore';

const DAY = 86_400_000;

/** Hourly task removing audit events older than `audit.retentionDays` (default 30). */
export async function scheduleRetention({
  config,
  scheduler,
  store,
  logger,
}: {
  config: RootConfigService;
  scheduler: SchedulerService;
  store: AuditStore;
  logger: LoggerService;
}): Promise<void> {
  const retentionDays = config.getOptionalNumber('audit.retentionDays') ?? 30;
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
}

import type {
  AuditorService,
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  RCA_REPORT_PUBLISHED_TOPIC,
  type RcaReportPublishedEvent,
} from '@internal/plugin-rca-common';
import { AlertIntake, type AlertIntakeOptions } from '../alerts/AlertIntake';
import { AlertThrottle } from '../alerts/AlertThrottle';
import { EntityMatcher } from '../alerts/EntityMatcher';
import { OwnerNotifier } from '../alerts/OwnerNotifier';
import { readAlertOptions } from '../alerts/readAlertOptions';
import type { AnalysisRequestOptions } from '../service/analysisRequestOptions';
import type { AnalysisStore } from '../service/AnalysisStore';
import type { RouterOptions } from '../service/router';

/**
 * Alerts start analyses (`rca.alerts.*`): the webhook's intake for the router, and the owner
 * notification on each report an alert started. Undefined when `rca.alerts.enabled` is false.
 */
export async function createAlerts(o: {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  events: EventsService;
  notifications: NotificationService;
  store: AnalysisStore;
  requestOptions: AnalysisRequestOptions;
  /** Confines an alert-started analysis to its entity's own namespaces. */
  scopeToEntity: AlertIntakeOptions['scopeToEntity'];
}): Promise<RouterOptions['alerts']> {
  const options = readAlertOptions(o.config);
  if (!options.enabled) return undefined;
  if (options.notifyOwner) {
    const notifier = new OwnerNotifier({
      ...o,
      appBaseUrl: o.config.getString('app.baseUrl'),
    });
    await o.events.subscribe({
      id: 'rca-alert-owner-notifier',
      topics: [RCA_REPORT_PUBLISHED_TOPIC],
      onEvent: ({ eventPayload }) =>
        notifier.onPublished(eventPayload as RcaReportPublishedEvent),
    });
  }
  const matcher = new EntityMatcher({
    catalog: o.catalog,
    auth: o.auth,
    kinds: o.requestOptions.analyzableKinds,
    entityLabels: options.entityLabels,
    cacheTtlMs: options.catalogCacheTtlMs,
  });
  const throttle = new AlertThrottle({
    entityCooldownMs: options.entityCooldownMs,
    maxAnalyses: options.maxAnalyses,
    windowMs: options.rateLimitWindowMs,
  });
  return analyses =>
    new AlertIntake({
      analyses,
      store: o.store,
      matcher,
      throttle,
      auditor: o.auditor,
      options,
      scopeToEntity: o.scopeToEntity,
    });
}

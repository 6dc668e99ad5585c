import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  type RcaReportPublishedEvent,
  reportEntityRef,
} from '@internal/plugin-rca-common';
import type { AnalysisStore } from '../service/AnalysisStore';

export interface OwnerNotifierOptions {
  store: Pick<AnalysisStore, 'get'>;
  catalog: CatalogService;
  auth: AuthService;
  notifications: NotificationService;
  logger: LoggerService;
  /** `app.baseUrl`, for the link to the report page. */
  appBaseUrl: string;
}

/**
 * Tells the owner of an entity that the report of an alert-started analysis is ready, through
 * Backstage notifications (every member of the owning group gets it), with the root cause in the
 * title and a link to the report's page in the catalog. Analyses started by people are not
 * notified: whoever started them is watching the page.
 */
export class OwnerNotifier {
  readonly #o: OwnerNotifierOptions;

  constructor(o: OwnerNotifierOptions) {
    this.#o = o;
  }

  /** On each committed report (`rca.report.published`); never throws, a miss is logged. */
  async onPublished(event: RcaReportPublishedEvent): Promise<void> {
    try {
      await this.#notify(event);
    } catch (e) {
      this.#o.logger.warn(
        `Could not notify the owner of ${event.entityRef} about analysis ${event.analysisId}: ${e}`,
      );
    }
  }

  async #notify(event: RcaReportPublishedEvent): Promise<void> {
    const record = await this.#o.store.get(event.analysisId);
    // The stored origin, not the incident key: anyone may choose a key.
    if (!record?.report || record.request.origin !== 'alert') return;
    const owner =
      record.report.owner ?? (await this.#ownerOf(record.entityRef));
    if (!owner) {
      this.#o.logger.warn(
        `No owner to notify for ${record.entityRef} (analysis ${record.id})`,
      );
      return;
    }
    const { rootCause, summary } = record.report;
    const { namespace, name } = parseEntityRef(reportEntityRef(record.id));
    await this.#o.notifications.send({
      recipients: { type: 'entity', entityRef: owner },
      payload: {
        title: `RCA ready for ${parseEntityRef(record.entityRef).name}: ${
          rootCause.title
        }`.slice(0, 200),
        description: `${record.request.title ?? 'Alert'} — ${summary}`.slice(
          0,
          1000,
        ),
        link: `${this.#o.appBaseUrl}/catalog/${namespace}/resource/${name}`,
        severity: 'high',
        topic: `rca:${record.entityRef}`,
      },
    });
  }

  async #ownerOf(entityRef: string): Promise<string | undefined> {
    const credentials = await this.#o.auth.getOwnServiceCredentials();
    const entity = await this.#o.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    const relation = entity?.relations?.find(r => r.type === RELATION_OWNED_BY);
    const owner = relation?.targetRef ?? (entity?.spec?.owner as string);
    if (!owner) return undefined;
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  }
}

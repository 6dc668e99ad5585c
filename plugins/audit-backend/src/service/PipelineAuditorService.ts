import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { AuditOutcome } from '@internal/plugin-audit-common';
import { auditorEvent } from '../events/auditorEvent';
import type { AuditHub } from './AuditHub';

export interface PipelineAuditorServiceOptions {
  pluginId: string;
  hub: AuditHub;
  auth: AuthService;
  httpAuth: HttpAuthService;
}

/**
 * `coreServices.auditor` for one plugin: events go to the audit hub (redacted, then outbox,
 * VictoriaLogs and stdout) instead of the logger. Unlike the default auditor it never throws
 * when a request carries no valid credentials: the event is still recorded, with no actor.
 */
export class PipelineAuditorService implements AuditorService {
  readonly #o: PipelineAuditorServiceOptions;

  constructor(options: PipelineAuditorServiceOptions) {
    this.#o = options;
  }

  async createEvent(
    options: AuditorServiceCreateEventOptions,
  ): Promise<AuditorServiceEvent> {
    const credentials = await this.#credentials(options);
    const emit = (
      outcome: AuditOutcome,
      meta?: Record<string, unknown>,
      error?: Error,
    ) =>
      this.#o.hub.emit(
        auditorEvent(
          {
            plugin: this.#o.pluginId,
            eventId: options.eventId,
            severity: options.severityLevel ?? 'low',
            outcome,
            credentials,
            request: options.request,
            meta: { ...options.meta, ...meta },
            error,
          },
          this.#o.hub.redactor,
        ),
      );
    if (this.#o.hub.recordInitiated) emit('unknown');
    return {
      success: async params => emit('success', params?.meta),
      fail: async params => emit('failure', params.meta, params.error),
    };
  }

  async #credentials(
    options: AuditorServiceCreateEventOptions,
  ): Promise<BackstageCredentials | undefined> {
    try {
      return options.request
        ? await this.#o.httpAuth.credentials(options.request)
        : await this.#o.auth.getOwnServiceCredentials();
    } catch {
      return undefined;
    }
  }
}

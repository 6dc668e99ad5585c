import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import type express from 'express';
import type { AnalysisService } from '../service/AnalysisService';
import type { AnalysisStore } from '../service/AnalysisStore';
import {
  type AlertmanagerPayload,
  MAX_ALERTS_PER_NOTIFICATION,
  type WebhookAlert,
} from './alertmanagerPayload';
import { alertIncident, fingerprintOf } from './alertIncident';
import type { AlertThrottle } from './AlertThrottle';
import type { EntityMatcher } from './EntityMatcher';
import type { AlertOptions } from './readAlertOptions';

const REASONS = {
  'entity-cooldown':
    'an alert started an analysis of this entity recently (rca.alerts.entityCooldownMinutes)',
  'rate-limited':
    'too many analyses started by alerts just now (rca.alerts.rateLimit)',
};

/** What became of one alert (per entity it maps to), as the webhook answer lists it. */
export interface AlertOutcome {
  fingerprint: string;
  alertname?: string;
  entityRef?: string;
  outcome:
    | 'started'
    | 'existing'
    | 'resolved'
    | 'unmapped'
    | 'entity-cooldown'
    | 'rate-limited'
    | 'rejected';
  analysisId?: string;
  reason?: string;
}

/** The webhook's answer: counts, then each alert's outcome. */
export interface AlertIntakeResult {
  alerts: number;
  started: number;
  existing: number;
  throttled: number;
  unmapped: number;
  rejected: number;
  results: AlertOutcome[];
}

export interface AlertIntakeOptions {
  analyses: AnalysisService;
  store: Pick<AnalysisStore, 'getByIncidentKey' | 'findCovering'>;
  matcher: Pick<EntityMatcher, 'match'>;
  throttle: AlertThrottle;
  auditor: AuditorService;
  options: Pick<AlertOptions, 'lookbackMs' | 'marginMs'>;
  /** The caller's credentials confined to one entity's namespaces; absent: used as they are. */
  scopeToEntity?: (
    credentials: BackstageCredentials,
    entityRef: string,
  ) => BackstageCredentials;
}

/**
 * Turns a webhook notification into analyses through AnalysisService (the same checks, dedupe and
 * queue as POST /v1/analyses), one per firing alert and entity it maps to.
 */
export class AlertIntake {
  readonly #o: AlertIntakeOptions;

  constructor(o: AlertIntakeOptions) {
    this.#o = o;
  }

  /** Every alert of the notification, and one audit event with the counts. */
  async receive(
    payload: AlertmanagerPayload,
    credentials: BackstageCredentials,
    request: express.Request,
  ): Promise<AlertIntakeResult> {
    const results: AlertOutcome[] = [];
    // One at a time: the throttle and the dedupe see each alert's effect on the next.
    for (const alert of payload.alerts.slice(0, MAX_ALERTS_PER_NOTIFICATION))
      results.push(...(await this.#alert(alert, credentials, request)));
    for (const alert of payload.alerts.slice(MAX_ALERTS_PER_NOTIFICATION))
      results.push({
        fingerprint: fingerprintOf(alert),
        alertname: alert.labels.alertname,
        outcome: 'rejected',
        reason: `beyond the first ${MAX_ALERTS_PER_NOTIFICATION} alerts of a notification (set max_alerts on the receiver)`,
      });
    const count = (...outcomes: AlertOutcome['outcome'][]) =>
      results.filter(r => outcomes.includes(r.outcome)).length;
    const summary = {
      alerts: payload.alerts.length,
      started: count('started'),
      existing: count('existing'),
      throttled: count('entity-cooldown', 'rate-limited'),
      unmapped: count('unmapped'),
      rejected: count('rejected'),
    };
    const event = await this.#o.auditor.createEvent({
      eventId: 'alert-receive',
      severityLevel: 'low',
      request,
      meta: { receiver: payload.receiver, groupKey: payload.groupKey },
    });
    await event.success({ meta: summary });
    return { ...summary, results };
  }

  async #alert(
    alert: WebhookAlert,
    credentials: BackstageCredentials,
    request: express.Request,
  ): Promise<AlertOutcome[]> {
    const base = {
      fingerprint: fingerprintOf(alert),
      alertname: alert.labels.alertname,
    };
    if (alert.status === 'resolved')
      return [
        {
          ...base,
          outcome: 'resolved',
          reason: 'resolved alerts start nothing',
        },
      ];
    const match = await this.#o.matcher.match(alert.labels);
    if ('reason' in match) {
      await this.#auditUnmapped(alert, base, match.reason, request);
      return [{ ...base, outcome: 'unmapped', reason: match.reason }];
    }
    const outcomes: AlertOutcome[] = [];
    for (const entityRef of match.entityRefs)
      outcomes.push({
        ...base,
        entityRef,
        ...(await this.#start(alert, entityRef, credentials, request)),
      });
    return outcomes;
  }

  /** One entity's analysis: an existing one for the incident, throttled, or started. */
  async #start(
    alert: WebhookAlert,
    entityRef: string,
    credentials: BackstageCredentials,
    request: express.Request,
  ): Promise<Pick<AlertOutcome, 'outcome' | 'analysisId' | 'reason'>> {
    const { analyses, store, throttle } = this.#o;
    const incident = alertIncident(alert, this.#o.options);
    const body = {
      entityRef,
      window: incident.window,
      incidentKey: incident.incidentKey,
      title: incident.title,
    };
    let now = 0;
    let taken: string | undefined;
    try {
      const normalized = analyses.normalise(body);
      // A repeat of an incident under way is no new start: it neither waits out nor uses the limits.
      const existing = await store.getByIncidentKey(normalized.incidentKey);
      if (existing && existing.status !== 'failed')
        return { outcome: 'existing', analysisId: existing.id };
      // Another alert of the same entity in a window already analysed (a pod joining the group,
      // a repeat after the cooldown): the same incident, whatever its fingerprint.
      const covering = await store.findCovering(
        normalized.entityRef,
        new Date(alert.startsAt),
      );
      if (covering) return { outcome: 'existing', analysisId: covering.id };
      now = Date.now();
      const throttled = throttle.take(normalized.entityRef, now);
      if (throttled) return { outcome: throttled, reason: REASONS[throttled] };
      taken = normalized.entityRef;
      const { scopeToEntity } = this.#o;
      const accepted = await analyses.create(
        body,
        scopeToEntity ? scopeToEntity(credentials, taken) : credentials,
        request,
        'alert',
      );
      if (accepted.existing) throttle.release(taken, now);
      return {
        outcome: accepted.existing ? 'existing' : 'started',
        analysisId: accepted.record.id,
      };
    } catch (e) {
      if (taken) throttle.release(taken, now);
      // Stopping: a 503 makes Alertmanager retry against a replica that is up.
      if (isError(e) && e.name === ServiceUnavailableError.name) throw e;
      return {
        outcome: 'rejected',
        reason: isError(e) ? e.message : String(e),
      };
    }
  }

  async #auditUnmapped(
    alert: WebhookAlert,
    base: { fingerprint: string; alertname?: string },
    reason: string,
    request: express.Request,
  ) {
    const event = await this.#o.auditor.createEvent({
      eventId: 'alert-unmapped',
      severityLevel: 'low',
      request,
      meta: { ...base, labels: alert.labels, reason },
    });
    await event.success({ meta: { outcome: 'unmapped' } });
  }
}

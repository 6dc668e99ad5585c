import type {
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { AuditEvent, AuditOutcome } from '@internal/plugin-audit-common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { Redactor } from '../redaction/Redactor';
import { actorOf } from './actor';
import { REQUEST_ID_HEADER, safeRequestId } from './requestId';

export interface AuditorEventInput {
  plugin: string;
  eventId: string;
  severity: AuditorServiceEventSeverityLevel;
  outcome: AuditOutcome;
  credentials?: BackstageCredentials;
  request?: Request;
  meta?: Record<string, unknown>;
  error?: Error;
}

/** A plugin's auditor event (catalog, scaffolder, kubernetes, ours) in the audit schema. */
export function auditorEvent(
  input: AuditorEventInput,
  redactor: Redactor,
): AuditEvent {
  const action = `${input.plugin}.${input.eventId}`;
  const req = input.request;
  const actor = actorOf(input.credentials, req, redactor);
  const meta = input.meta ? (redactor.redact(input.meta) as object) : {};
  const error = input.error
    ? {
        error: {
          name: input.error.name,
          message: redactor.redactText(String(input.error.message)),
        },
      }
    : {};
  const hasMeta = Object.keys(meta).length > 0 || input.error;
  return {
    _time: new Date().toISOString(),
    _msg: `${action} ${input.outcome}${actor.ref ? ` by ${actor.ref}` : ''}`,
    event: {
      id: randomUUID(),
      action,
      outcome: input.outcome,
      severity: input.severity,
    },
    actor,
    plugin: input.plugin,
    ...(req
      ? {
          request: {
            // Set by the HTTP middleware; checked again for paths it does not record.
            id: safeRequestId(req.headers[REQUEST_ID_HEADER], redactor),
            method: req.method,
            path: redactor.redactText(pathOf(req.originalUrl ?? req.url)),
          },
        }
      : {}),
    ...(hasMeta ? { meta: { ...meta, ...error } } : {}),
  };
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)).slice(0, 2048);
}

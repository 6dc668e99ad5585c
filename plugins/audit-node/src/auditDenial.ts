import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';

/** What was refused, to whom, and why. @public */
export interface AuditDenialOptions {
  /** Kebab-case event id, e.g. `namespace-read`; the auditor prefixes the plugin id. */
  eventId: string;
  /** The permission that was denied, e.g. `kubernetes.namespace.read`. */
  permission: string;
  /** The message the caller gets with the 403. */
  message: string;
  /** The request, so the event names the actor and shares the request id. */
  request?: Request;
  resourceRef?: string;
  meta?: JsonObject;
  severityLevel?: AuditorServiceEventSeverityLevel;
}

/** An event about a permission, with the permission and the resource in `meta`. */
function permissionEvent(
  auditor: AuditorService,
  options: Omit<AuditDenialOptions, 'message'>,
) {
  return auditor.createEvent({
    eventId: options.eventId,
    severityLevel: options.severityLevel ?? 'medium',
    request: options.request,
    meta: {
      permission: options.permission,
      ...(options.resourceRef ? { resourceRef: options.resourceRef } : {}),
      ...options.meta,
    },
  });
}

/**
 * Records a permission denial (outcome `failure`, `meta.decision: DENY`, the permission and the
 * resource in `meta`) and returns the `NotAllowedError` to throw, so every plugin's denials can be
 * found with one query.
 *
 * @public
 */
export async function auditDenial(
  auditor: AuditorService,
  options: AuditDenialOptions,
): Promise<NotAllowedError> {
  const error = new NotAllowedError(options.message);
  const event = await permissionEvent(auditor, options);
  await event.fail({ error, meta: { decision: 'DENY' } });
  return error;
}

/**
 * Records something allowed that an administrator should look at (for example access granted only
 * because a policy is not strict): outcome `success`, `meta.decision: ALLOW` and `meta.warning`.
 *
 * @public
 */
export async function auditWarning(
  auditor: AuditorService,
  options: Omit<AuditDenialOptions, 'message'> & { warning: string },
): Promise<void> {
  const event = await permissionEvent(auditor, options);
  await event.success({
    meta: { decision: 'ALLOW', warning: options.warning },
  });
}

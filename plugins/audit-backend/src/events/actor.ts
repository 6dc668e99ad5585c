import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { AuditEvent } from '@internal/plugin-audit-common';
import type { Request } from 'express';
import type { Redactor } from '../redaction/Redactor';

/**
 * Who acted: a user entity ref or a service subject from verified credentials, plus the client
 * address and (redacted) user agent of the request when there is one.
 */
export function actorOf(
  credentials: BackstageCredentials | undefined,
  req: Request | undefined,
  redactor: Redactor,
): AuditEvent['actor'] {
  const p = credentials?.principal as
    | { type?: string; userEntityRef?: string; subject?: string }
    | undefined;
  let actor: AuditEvent['actor'] = { type: 'none' };
  if (p?.type === 'user' && p.userEntityRef)
    actor = { type: 'user', ref: p.userEntityRef };
  else if (p?.type === 'service' && p.subject)
    actor = { type: 'service', ref: p.subject };
  const userAgent = req?.headers['user-agent'];
  return {
    ...actor,
    ...(req?.ip ? { ip: req.ip } : {}),
    ...(userAgent
      ? { userAgent: redactor.redactText(userAgent).slice(0, 512) }
      : {}),
  };
}

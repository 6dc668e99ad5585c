import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { AuditEvent } from '@internal/plugin-audit-common';

/** Who acted, from Backstage credentials: a user entity ref or a service subject. */
export function actorOf(
  credentials: BackstageCredentials | undefined,
): Pick<AuditEvent['actor'], 'ref' | 'type'> {
  const p = credentials?.principal as
    | { type?: string; userEntityRef?: string; subject?: string }
    | undefined;
  if (p?.type === 'user' && p.userEntityRef)
    return { type: 'user', ref: p.userEntityRef };
  if (p?.type === 'service' && p.subject)
    return { type: 'service', ref: p.subject };
  return { type: 'none' };
}

import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Whether the caller is a service from outside this backend (a `backend.auth.externalAccess`
 * token or JWKS): Backstage allows such a principal every permission, so the rca routes refuse it
 * everything but the alert webhook.
 */
export function isExternalService(credentials: BackstageCredentials): boolean {
  const principal = credentials.principal as {
    type?: string;
    subject?: string;
  };
  return (
    principal.type === 'service' &&
    !String(principal.subject ?? '').startsWith('plugin:')
  );
}

export const EXTERNAL_SERVICE_REFUSAL =
  'Services outside Backstage (backend.auth.externalAccess) may only post alerts to /v1/alerts/alertmanager';

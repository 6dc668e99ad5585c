import {
  type BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { startRealBackend } from '@internal/backend-test-kit';
// The audit plugin's hub collects the events the acceptance test asserts on.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
} from '@internal/plugin-audit-backend';
import type { AuditEvent } from '@internal/plugin-audit-common';

/**
 * A production-shaped backend whose URL is known to its config (ZITADEL must know the
 * callback URL): real auth, the given plugins, audit events collected in memory.
 */
export async function startZitadelBackend(o: {
  config: (baseUrl: string) => JsonObject;
  features: BackendFeature[];
}) {
  const events: AuditEvent[] = [];
  const hub = new AuditHub();
  hub.subscribe(async records => {
    events.push(...records.map(r => r.event));
  });
  const backend = await startRealBackend({
    config: url => ({
      ...o.config(url),
      app: { baseUrl: 'http://localhost:3000' },
    }),
    features: [
      auditorServiceFactory,
      createServiceFactory({
        service: auditHubServiceRef,
        deps: {},
        factory: () => hub,
      }),
      ...o.features,
    ],
  });
  return {
    url: backend.url,
    callbackUrl: `${backend.url}/api/auth/zitadel/handler/frame`,
    events,
    flush: () => hub.flush(),
    stop: backend.stop,
  };
}

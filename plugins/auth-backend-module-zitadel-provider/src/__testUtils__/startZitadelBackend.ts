import { createBackend } from '@backstage/backend-defaults';
import {
  type BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
// The audit plugin's hub collects the events the acceptance test asserts on.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  AuditHub,
  auditHubServiceRef,
  auditorServiceFactory,
} from '@internal/plugin-audit-backend';
import type { AuditEvent } from '@internal/plugin-audit-common';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A production-shaped backend on a port known before it starts (ZITADEL must know the
 * callback URL): real auth, the given plugins, audit events collected in memory.
 */
export async function startZitadelBackend(o: {
  config: (baseUrl: string) => JsonObject;
  features: BackendFeature[];
}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const events: AuditEvent[] = [];
  const hub = new AuditHub();
  hub.subscribe(async records => {
    events.push(...records.map(r => r.event));
  });
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        ...o.config(url),
        app: { baseUrl: 'http://localhost:3000' },
        backend: {
          baseUrl: url,
          listen: { host: '127.0.0.1', port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'none' }));
  backend.add(auditorServiceFactory);
  backend.add(
    createServiceFactory({
      service: auditHubServiceRef,
      deps: {},
      factory: () => hub,
    }),
  );
  for (const f of o.features) backend.add(f);
  await backend.start();
  return {
    url,
    callbackUrl: `${url}/api/auth/zitadel/handler/frame`,
    events,
    flush: () => hub.flush(),
    stop: () => backend.stop(),
  };
}

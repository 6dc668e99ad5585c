import { createBackend } from '@backstage/backend-defaults';
import {
  type BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createServer } from 'node:net';
import { auditFeatures } from '../features';

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

/** Users the test permission service allows; everyone else is denied. */
export const AUDITOR = 'user:default/auditor';

/**
 * A real backend (`createBackend()`, the production root HTTP router and its middleware stack)
 * with the audit features installed. Only identity is mocked: `mockCredentials` tokens, and a
 * permission service that allows AUDITOR and denies everyone else.
 */
export async function startAuditedBackend(options: {
  config?: JsonObject;
  features?: BackendFeature[];
  /** SQLite directory; persistent across restarts of the backend. In memory when absent. */
  databaseDir?: string;
  port?: number;
  /** false: the same backend without the audit features (benchmark baseline). */
  withAudit?: boolean;
}) {
  const port = options.port ?? (await freePort());
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        ...options.config,
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
          database: {
            client: 'better-sqlite3',
            connection: options.databaseDir
              ? { directory: options.databaseDir }
              : ':memory:',
          },
        },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'none' }));
  backend.add(mockServices.auth.factory());
  backend.add(
    createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => {
        const decide = async (requests: unknown[], o?: any) => {
          const ref = o?.credentials?.principal?.userEntityRef;
          return requests.map(() => ({
            result:
              ref === AUDITOR ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          }));
        };
        return { authorize: decide, authorizeConditional: decide } as any;
      },
    }),
  );
  if (options.withAudit !== false) backend.add(auditFeatures);
  for (const f of options.features ?? []) backend.add(f);
  await backend.start();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () => backend.stop(),
  };
}

import { createBackend } from '@backstage/backend-defaults';
import type { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { freePort } from './freePort';

export interface RealBackendOptions {
  /** App config; its `backend` block is merged with the listener and database set here. */
  config?: JsonObject | ((baseUrl: string) => JsonObject);
  features?: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  /** A free port when absent. */
  port?: number;
  /** SQLite directory, kept across restarts; in memory when absent. */
  databaseDir?: string;
  /**
   * `backend.database` in full (e.g. PostgreSQL: `{ client: 'pg', connection, prefix }`), for
   * several backends on one database; replaces the SQLite one.
   */
  database?: JsonObject;
  /** false: no silent logger, for a test whose features bring their own root logger. */
  silentLogger?: boolean;
}

/**
 * The production `createBackend()` (root HTTP router, middleware, real services) on a loopback
 * port, with in-memory config, SQLite and a silent logger; `startTestBackend` mocks what these
 * tests need real.
 */
export async function startRealBackend(options: RealBackendOptions = {}) {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const config =
    typeof options.config === 'function'
      ? options.config(url)
      : options.config ?? {};
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        ...config,
        backend: {
          ...((config.backend as JsonObject) ?? {}),
          baseUrl: url,
          listen: { host: '127.0.0.1', port },
          database: options.database ?? {
            client: 'better-sqlite3',
            connection: options.databaseDir
              ? { directory: options.databaseDir }
              : ':memory:',
          },
        },
      },
    }),
  );
  if (options.silentLogger !== false)
    backend.add(mockServices.rootLogger.factory({ level: 'none' }));
  for (const f of options.features ?? []) backend.add(f);
  await backend.start();
  return { url, port, stop: () => backend.stop() };
}

/**
 * One replica of the backend for the multi-replica test: a real `createBackend()` with the events
 * backend, the catalog and its RCA report provider, the rca plugin and its built-ins, and the audit
 * pipeline, on the database the payload names (PostgreSQL shared with the other replicas).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs replicaProcess.ts
 *
 * with RCA_TEST_BACKEND = JSON `{ config, database }`. Prints `listening <url>` once started.
 * Only identity is stood in for: `mockCredentials` tokens and every permission allowed.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startRealBackend } from '@internal/backend-test-kit';

async function main() {
  const { config, database } = JSON.parse(process.env.RCA_TEST_BACKEND!);
  const { url } = await startRealBackend({
    config,
    database,
    features: [
      import('@backstage/plugin-events-backend'),
      import('@backstage/plugin-catalog-backend'),
      import('@internal/plugin-catalog-backend-module-rca-reports'),
      import('@internal/plugin-rca-backend'),
      import('@internal/plugin-rca-backend-module-builtins'),
      import('@internal/plugin-audit-backend'),
      mockServices.auth.factory(),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
  process.stdout.write(`listening ${url}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});

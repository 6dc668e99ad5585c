/**
 * A real rca backend (`createBackend()`, SQLite files, the audit pipeline) in a process of its own,
 * for tests that stop it the way a container runtime does: SIGTERM, handled by Backstage itself.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs rcaBackendProcess.ts
 *
 * with RCA_TEST_BACKEND = JSON `{ config, databaseDir }`. Prints `listening <url>` once started.
 * Only identity is stood in for: `mockCredentials` tokens, every permission allowed, and a catalog
 * holding the payments component of the demo incident.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startRealBackend } from '@internal/backend-test-kit';
import { auditFeatures } from '@internal/plugin-audit-backend';
import rcaModuleBuiltins from '@internal/plugin-rca-backend-module-builtins';
import { rcaPlugin } from '../plugin';
import { component } from './fixtures';

async function main() {
  const { config, databaseDir } = JSON.parse(process.env.RCA_TEST_BACKEND!);
  const { url } = await startRealBackend({
    config,
    databaseDir,
    features: [
      rcaPlugin,
      rcaModuleBuiltins,
      auditFeatures,
      mockServices.auth.factory(),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: [component()] }),
    ],
  });
  process.stdout.write(`listening ${url}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});

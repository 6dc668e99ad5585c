import {
  type BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startRealBackend } from '@internal/backend-test-kit';
import { auditFeatures } from '../features';

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
  /** false: the features bring their own root logger. */
  silentLogger?: boolean;
}) {
  const features: BackendFeature[] = [
    mockServices.auth.factory(),
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
  ];
  if (options.withAudit !== false) features.push(auditFeatures);
  return startRealBackend({
    ...options,
    features: [...features, ...(options.features ?? [])],
  });
}

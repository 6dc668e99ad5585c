import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { AuditHub } from './AuditHub';

/**
 * The backend's audit hub (root scoped: one for all plugins). The default factory returns the hub
 * the audit root HTTP router also uses, so middleware and auditors share one pipeline.
 *
 * @public
 */
export const auditHubServiceRef = createServiceRef<AuditHub>({
  id: 'internal.audit.hub',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        AuditHub.forBackend(config, logger.child({ service: 'audit' })),
    }),
});

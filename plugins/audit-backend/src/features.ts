import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { auditPlugin } from './plugin';
import { auditorServiceFactory } from './service/auditorServiceFactory';
import { auditHttpAuthServiceFactory } from './service/httpAuthServiceFactory';
import { auditRootHttpRouterServiceFactory } from './service/rootHttpRouterServiceFactory';

/**
 * Everything in one `backend.add(import('@internal/plugin-audit-backend'))`: the plugin, the
 * auditor that feeds it, and the HTTP middleware with the httpAuth that names its actors.
 * A backend that already customises one of these services adds the others one by one instead.
 *
 * @public
 */
export const auditFeatures = createBackendFeatureLoader({
  *loader() {
    yield auditPlugin;
    yield auditorServiceFactory;
    yield auditHttpAuthServiceFactory;
    yield auditRootHttpRouterServiceFactory;
  },
});

import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  createAuditMiddleware,
  readAuditHttpOptions,
} from '../http/auditMiddleware';
import { AuditHub } from './AuditHub';

/**
 * Backstage's root HTTP router with the HTTP audit middleware in front of every `/api/*` route.
 * Use `createAuditMiddleware` in your own `configure` instead if you already customise it.
 *
 * @public
 */
export const auditRootHttpRouterServiceFactory = rootHttpRouterServiceFactory({
  configure({ app, config, logger, applyDefaults }) {
    app.use(
      '/api',
      createAuditMiddleware(
        AuditHub.forBackend(config, logger),
        readAuditHttpOptions(config),
      ),
    );
    applyDefaults();
  },
});

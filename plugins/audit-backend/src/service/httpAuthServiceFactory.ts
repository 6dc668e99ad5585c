import {
  coreServices,
  createServiceFactory,
  type HttpAuthService,
} from '@backstage/backend-plugin-api';
import { DefaultHttpAuthService } from '@backstage/backend-defaults/httpAuth';
import { auditHubServiceRef } from './auditHubServiceRef';

/**
 * Backstage's own `httpAuth`, plus one thing: the credentials it verifies for a request are
 * remembered, so the HTTP audit middleware can name the actor of every API call without
 * verifying tokens a second time (or trusting an unverified one).
 *
 * @public
 */
export const auditHttpAuthServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: {
    auth: coreServices.auth,
    discovery: coreServices.discovery,
    plugin: coreServices.pluginMetadata,
    hub: auditHubServiceRef,
  },
  factory({ auth, discovery, plugin, hub }): HttpAuthService {
    const inner = DefaultHttpAuthService.create({
      auth,
      discovery,
      pluginId: plugin.getId(),
    });
    return {
      async credentials(req, options) {
        const credentials = await inner.credentials(req, options);
        hub.noteCredentials(req, credentials);
        return credentials;
      },
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});

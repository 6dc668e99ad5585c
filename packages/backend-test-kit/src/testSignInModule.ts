import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * A sign-in provider for tests: `GET /api/auth/test/refresh` with `x-test-user: user:default/x`
 * signs in that catalog user through the auth backend's real catalog resolver, so the token,
 * its verification and the user's groups (`userInfo`) are the production ones.
 */
export const testSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-sign-in',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'test',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              authenticate: async ({ req }) => ({
                result: { user: String(req.header('x-test-user') ?? '') },
              }),
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.user }),
          }),
        });
      },
    });
  },
});

import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  commonSignInResolvers,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { zitadelAuthenticator } from './authenticator';
import { zitadelSignInResolvers } from './resolvers';

/** The `zitadel` sign-in provider (`auth.providers.zitadel`). */
export const authModuleZitadelProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'zitadel-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'zitadel',
          factory: createOAuthProviderFactory({
            authenticator: zitadelAuthenticator,
            signInResolverFactories: {
              ...commonSignInResolvers,
              ...zitadelSignInResolvers,
            },
          }),
        });
      },
    });
  },
});

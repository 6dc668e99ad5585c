import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { zitadelAuthApi } from './zitadelAuthApi';

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => (await import('./SignInPage')).SignInPage,
  },
});

/** The sign-in page (ZITADEL and, locally, guest) and the ZITADEL auth API. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, zitadelAuthApi],
});

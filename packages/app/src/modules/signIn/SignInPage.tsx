import { SignInPage as CoreSignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { zitadelAuthApiRef } from './zitadelAuthApi';

/**
 * ZITADEL when `auth.providers.zitadel` is configured; guest only in the development
 * environment (the guest provider refuses others), so local use keeps working unchanged.
 */
export function SignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const development =
    (config.getOptionalString('auth.environment') ?? 'development') ===
    'development';
  const providers = [
    ...(config.has('auth.providers.zitadel')
      ? [
          {
            id: 'zitadel-auth-provider',
            title: 'ZITADEL',
            message: 'Sign in with your ZITADEL account',
            apiRef: zitadelAuthApiRef,
          },
        ]
      : []),
    ...(development || !config.has('auth.providers.zitadel')
      ? (['guest'] as const)
      : []),
  ];
  return <CoreSignInPage {...props} providers={[...providers]} />;
}

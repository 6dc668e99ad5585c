import type { HumanDuration } from '@backstage/types';
import type { ZitadelRoleMapping } from '@internal/plugin-zitadel-common';

export interface Config {
  auth?: {
    providers?: {
      /**
       * Sign-in with ZITADEL. Keys are auth environments (`auth.environment`).
       * @visibility frontend
       */
      zitadel?: {
        [authEnv: string]: {
          /** Issuer discovery, e.g. https://auth.example.com/.well-known/openid-configuration */
          metadataUrl: string;
          /** Client id of the ZITADEL application (type Web, authentication method Basic). */
          clientId: string;
          /**
           * Client secret of the ZITADEL application.
           * @visibility secret
           */
          clientSecret: string;
          /** ZITADEL project id: adds the project to the audience and reads its role claim. */
          projectId?: string;
          callbackUrl?: string;
          tokenEndpointAuthMethod?: string;
          tokenSignedResponseAlg?: string;
          /** Scopes on top of `openid profile email` and ZITADEL's role scopes. */
          additionalScopes?: string | string[];
          /** `auto` (default here: no prompt parameter), `login`, `select_account`, `none`. */
          prompt?: string;
          timeout?: HumanDuration | string;
          startUrlSearchParams?: { [name: string]: string };
          sessionDuration?: HumanDuration | string;
          signIn?: {
            resolvers: Array<
              | {
                  resolver: 'catalogUserWithRoleGroups';
                  /** Ways to find the catalog User, in order. Default all three. */
                  matchBy?: Array<'userId' | 'email' | 'username'>;
                  allowedDomains?: string[];
                  /** Namespace of users matched by name. Default `default`. */
                  userNamespace?: string;
                  roleMapping?: ZitadelRoleMapping;
                  /** Users missing from the catalog still sign in, with their role groups. */
                  dangerouslyAllowSignInWithoutUserInCatalog?: boolean;
                }
              | {
                  resolver: 'emailMatchingUserEntityProfileEmail';
                  allowedDomains?: string[];
                  dangerouslyAllowSignInWithoutUserInCatalog?: boolean;
                }
              | {
                  resolver: 'emailLocalPartMatchingUserEntityName';
                  allowedDomains?: string[];
                  dangerouslyAllowSignInWithoutUserInCatalog?: boolean;
                }
            >;
          };
        };
      };
    };
  };
}

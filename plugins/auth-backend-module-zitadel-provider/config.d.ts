import { HumanDuration } from '@backstage/types';

/** A role → group mapping (the same shape as `catalog.providers.zitadel.*.roleMapping`). */
interface ZitadelRoleMappingConfig {
  /** Namespace of the groups named after roles. Default `default`. */
  defaultNamespace?: string;
  /** `group` (default): an unlisted role becomes `group:<namespace>/<role>`; `ignore`: it gives nothing. */
  unmappedRoles?: 'group' | 'ignore';
  /** Only roles granted in these organizations count. */
  organizationIds?: string[];
  /** Explicit mappings; a listed role gives exactly these groups. */
  roles?: Array<{
    role: string;
    groups: string[];
    organizationIds?: string[];
  }>;
}

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
                  roleMapping?: ZitadelRoleMappingConfig;
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

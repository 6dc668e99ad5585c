import { type Config, ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  type OidcAuthResult,
  oidcAuthenticator,
} from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  createOAuthAuthenticator,
  type OAuthAuthenticator,
} from '@backstage/plugin-auth-node';
import type { JsonObject } from '@backstage/types';
import {
  readRoleClaims,
  ZITADEL_ROLES_SCOPE,
  zitadelProjectAudienceScope,
  type ZitadelRoleGrant,
} from '@internal/plugin-zitadel-common';

/** What a ZITADEL sign-in yields: the OIDC result plus the user's roles in the project. */
export type ZitadelAuthResult = OidcAuthResult & {
  /** Roles from userinfo and the ID token, for the configured project. */
  roles: ZitadelRoleGrant[];
};

type OidcContext = ReturnType<typeof oidcAuthenticator.initialize>;

/** The authenticator's state: a discovery that is retried, the scopes, the role reader. */
export interface ZitadelAuthenticatorContext {
  oidc(): Promise<OidcContext>;
  scopes: string[];
  withRoles(profile: OidcAuthResult): ZitadelAuthResult;
}

/**
 * The scopes ZITADEL needs: the project in the audience, its roles asserted, and a refresh
 * token (`offline_access`) so the Backstage session outlives the access token.
 */
export function zitadelScopes(projectId?: string): string[] {
  return [
    ...(projectId ? [zitadelProjectAudienceScope(projectId)] : []),
    ZITADEL_ROLES_SCOPE,
    'offline_access',
  ];
}

function mergeScopes(scope: string, extra: string[]): string {
  return [...new Set([...scope.split(' ').filter(Boolean), ...extra])].join(
    ' ',
  );
}

/** `prompt: auto` unless configured: the OIDC default `none` fails without a ZITADEL session. */
function withZitadelDefaults(config: Config): Config {
  return new ConfigReader({
    prompt: 'auto',
    ...(config.get() as JsonObject),
  });
}

/**
 * Backstage's OIDC authenticator with ZITADEL's role scopes and role claims, `prompt: auto`,
 * and a discovery that is retried: if ZITADEL is down when Backstage starts, the next sign-in
 * discovers again instead of failing until a restart.
 */
export const zitadelAuthenticator: OAuthAuthenticator<
  ZitadelAuthenticatorContext,
  ZitadelAuthResult
> = createOAuthAuthenticator({
  defaultProfileTransform: oidcAuthenticator.defaultProfileTransform as any,
  scopes: oidcAuthenticator.scopes,
  initialize({ callbackUrl, config }): ZitadelAuthenticatorContext {
    const projectId = config.getOptionalString('projectId');
    const metadataUrl = config.getString('metadataUrl');
    const oidcConfig = withZitadelDefaults(config);
    let current: Promise<OidcContext> | undefined;
    const oidc = () => {
      if (!current) {
        const ctx = oidcAuthenticator.initialize({
          callbackUrl,
          config: oidcConfig,
        });
        current = ctx.promise.then(
          () => ctx,
          e => {
            current = undefined;
            throw new ServiceUnavailableError(
              `ZITADEL discovery at ${metadataUrl} failed: ${e.message}`,
            );
          },
        );
      }
      return current;
    };
    // Discover at startup; a failure is retried by the next sign-in.
    oidc().catch(() => undefined);
    const withRoles = (profile: OidcAuthResult): ZitadelAuthResult => ({
      ...profile,
      roles: readRoleClaims(
        [
          profile.userinfo as Record<string, unknown>,
          profile.tokenset.id_token ? profile.tokenset.claims() : undefined,
        ],
        projectId,
      ),
    });
    return { oidc, scopes: zitadelScopes(projectId), withRoles };
  },
  async start(input, ctx) {
    return oidcAuthenticator.start(
      { ...input, scope: mergeScopes(input.scope, ctx.scopes) },
      await ctx.oidc(),
    );
  },
  async authenticate(input, ctx) {
    const result = await oidcAuthenticator.authenticate(
      input,
      await ctx.oidc(),
    );
    return { ...result, fullProfile: ctx.withRoles(result.fullProfile) };
  },
  async refresh(input, ctx) {
    const result = await oidcAuthenticator.refresh(input, await ctx.oidc());
    return { ...result, fullProfile: ctx.withRoles(result.fullProfile) };
  },
  async logout(input, ctx) {
    return oidcAuthenticator.logout?.(input, await ctx.oidc());
  },
});

import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  type AuthResolverCatalogUserQuery,
  createSignInResolverFactory,
  type OAuthAuthenticatorResult,
  type SignInInfo,
} from '@backstage/plugin-auth-node';
import {
  RoleGroupMapper,
  toEntityName,
  ZITADEL_USER_ID_ANNOTATION,
} from '@internal/plugin-zitadel-common';
import { z } from 'zod/v3';
import type { ZitadelAuthResult } from './authenticator';

type Info = SignInInfo<OAuthAuthenticatorResult<ZitadelAuthResult>>;

const matchers = ['userId', 'email', 'username'] as const;
type Matcher = (typeof matchers)[number];

const roleMappingSchema = z
  .object({
    defaultNamespace: z.string().optional(),
    unmappedRoles: z.enum(['group', 'ignore']).optional(),
    organizationIds: z.array(z.string()).optional(),
    roles: z
      .array(
        z.object({
          role: z.string().min(1),
          groups: z.array(z.string()),
          organizationIds: z.array(z.string()).optional(),
        }),
      )
      .optional(),
  })
  .optional();

/** The catalog query for one way of matching, or undefined when the profile lacks it. */
function catalogQuery(
  how: Matcher,
  userinfo: Record<string, unknown>,
  userNamespace: string,
): AuthResolverCatalogUserQuery | undefined {
  if (how === 'userId') {
    return typeof userinfo.sub === 'string'
      ? { annotations: { [ZITADEL_USER_ID_ANNOTATION]: userinfo.sub } }
      : undefined;
  }
  if (how === 'email') {
    // An unverified address proves nothing about who signs in.
    return userinfo.email_verified === true &&
      typeof userinfo.email === 'string'
      ? { filter: { kind: 'User', 'spec.profile.email': userinfo.email } }
      : undefined;
  }
  const name = userName(userinfo);
  return name
    ? { entityRef: { kind: 'User', namespace: userNamespace, name } }
    : undefined;
}

/** ZITADEL's login name without its `@<org domain>` suffix, as an entity name. */
function userName(userinfo: Record<string, unknown>): string | undefined {
  const login = userinfo.preferred_username;
  return typeof login === 'string'
    ? toEntityName(login.split('@')[0])
    : undefined;
}

/** Sign-in resolvers that turn ZITADEL project roles into Backstage group memberships. */
export namespace zitadelSignInResolvers {
  /**
   * Finds the catalog User by ZITADEL user id annotation, verified email or username (in the
   * order of `matchBy`), and adds the groups of the user's project roles to its ownership.
   * With `dangerouslyAllowSignInWithoutUserInCatalog`, a user missing from the catalog still
   * signs in as `user:<userNamespace>/<username>` with the role groups.
   */
  export const catalogUserWithRoleGroups = createSignInResolverFactory({
    optionsSchema: z
      .object({
        matchBy: z.array(z.enum(matchers)).min(1).optional(),
        allowedDomains: z.array(z.string()).optional(),
        userNamespace: z.string().optional(),
        roleMapping: roleMappingSchema,
        dangerouslyAllowSignInWithoutUserInCatalog: z.boolean().optional(),
      })
      .optional(),
    create(options = {}) {
      const mapper = RoleGroupMapper.create(options.roleMapping);
      const matchBy = options.matchBy ?? [...matchers];
      const userNamespace = options.userNamespace ?? 'default';
      return async (info: Info, ctx) => {
        const { userinfo, roles } = info.result.fullProfile;
        const claims = userinfo as Record<string, unknown>;
        const email = typeof claims.email === 'string' ? claims.email : '';
        if (
          options.allowedDomains &&
          !options.allowedDomains.includes(email.split('@')[1] ?? '')
        ) {
          throw new NotAllowedError(
            'Sign-in user email is not from an allowed domain',
          );
        }
        const roleGroups = mapper.groupsFor(roles ?? []);
        for (const how of matchBy) {
          const query = catalogQuery(how, claims, userNamespace);
          if (!query) continue;
          let entity;
          try {
            ({ entity } = await ctx.findCatalogUser(query));
          } catch (e) {
            if ((e as Error).name === 'NotFoundError') continue;
            throw e;
          }
          const { ownershipEntityRefs } = await ctx.resolveOwnershipEntityRefs(
            entity,
          );
          return ctx.issueToken({
            claims: {
              sub: stringifyEntityRef(entity),
              ent: [...new Set([...ownershipEntityRefs, ...roleGroups])],
            },
          });
        }
        const name = userName(claims);
        if (options.dangerouslyAllowSignInWithoutUserInCatalog && name) {
          const sub = stringifyEntityRef({
            kind: 'User',
            namespace: userNamespace,
            name,
          });
          return ctx.issueToken({ claims: { sub, ent: [sub, ...roleGroups] } });
        }
        throw new NotFoundError(
          `No catalog user matches ZITADEL user ${String(
            claims.sub,
          )} (tried: ${matchBy.join(', ')})`,
        );
      };
    },
  });
}

import type { JWK } from 'jose';
import {
  roleClaim,
  type StandInUser,
  type ZitadelDirectory,
} from './directory';

/** ZITADEL's endpoint paths (issuer = instance domain, no path). */
export const ZITADEL_ROUTES = {
  authorization: '/oauth/v2/authorize',
  token: '/oauth/v2/token',
  userinfo: '/oidc/v1/userinfo',
  jwks: '/oauth/v2/keys',
  end_session: '/oidc/v1/end_session',
  introspection: '/oauth/v2/introspect',
  revocation: '/oauth/v2/revoke',
};

export const LOGIN_PATH = '/ui/login/login';

const ROLES_SCOPE = 'urn:zitadel:iam:org:projects:roles';
const ROLES_CLAIM = 'urn:zitadel:iam:org:project:roles';
const projectRolesClaim = (id: string) =>
  `urn:zitadel:iam:org:project:${id}:roles`;
const audScope = (id: string) => `urn:zitadel:iam:org:project:id:${id}:aud`;

function profileClaims(u: StandInUser) {
  return {
    name: `${u.firstName} ${u.lastName}`,
    given_name: u.firstName,
    family_name: u.lastName,
    preferred_username: u.userName,
    locale: 'en',
    updated_at: 1767225600,
    email: u.email,
    email_verified: u.emailVerified ?? true,
  };
}

/**
 * A real OpenID provider (`oidc-provider`, ESM-only, hence `import()`), configured the way
 * ZITADEL answers: its routes and reserved scopes, role claims shaped `{ roleKey: { orgId:
 * domain } }` in userinfo (project role assertion), profile claims only from userinfo when an
 * access token is issued, no consent screen for the project's own applications.
 */
export async function createOidcProvider(o: {
  issuer: string;
  directory: ZitadelDirectory;
  signingKey: JWK;
}) {
  const { default: Provider } = await import('oidc-provider');
  // The same in-memory store, named explicitly so oidc-provider does not warn on every start.
  const memory = 'oidc-provider/lib/adapters/memory_adapter.js';
  const { createMemoryAdapter } = await import(memory);
  const dir = o.directory;
  const projectIds = dir.projects.map(p => p.id);

  const provider = new Provider(o.issuer, {
    clients: dir.clients.map(c => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    adapter: createMemoryAdapter(0),
    jwks: { keys: [o.signingKey as any] },
    cookies: { keys: ['zitadel-standin-cookie-key'] },
    routes: ZITADEL_ROUTES,
    scopes: [
      'openid',
      'offline_access',
      'profile',
      'email',
      ROLES_SCOPE,
      'urn:zitadel:iam:org:project:id:zitadel:aud',
      ...projectIds.map(audScope),
    ],
    claims: {
      openid: ['sub'],
      profile: [
        'name',
        'given_name',
        'family_name',
        'preferred_username',
        'locale',
        'updated_at',
      ],
      email: ['email', 'email_verified'],
      [ROLES_SCOPE]: [ROLES_CLAIM, ...projectIds.map(projectRolesClaim)],
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) =>
        `${LOGIN_PATH}?authRequestID=${interaction.uid}`,
    },
    pkce: { required: () => false },
    // ZITADEL honours offline_access without prompt=consent (oidc-provider would drop it).
    issueRefreshToken: async (_ctx: unknown, client: any) =>
      client.grantTypeAllowed('refresh_token'),
    findAccount: accountFinder(dir),
    loadExistingGrant,
  } as any);
  return provider;
}

/** oidc-provider's `findAccount`: active users only, with ZITADEL's profile and role claims. */
function accountFinder(dir: ZitadelDirectory) {
  const projectIds = dir.projects.map(p => p.id);
  const clientProject = (clientId?: string) =>
    dir.clients.find(c => c.clientId === clientId)?.projectId;
  return async function findAccount(ctx: any, sub: string) {
    const user = dir.users.find(
      u =>
        u.id === sub &&
        (u.state ?? 'USER_STATE_ACTIVE') === 'USER_STATE_ACTIVE',
    );
    if (!user) return undefined;
    return {
      accountId: user.id,
      async claims(_use: string, scope: string) {
        const claims: Record<string, unknown> = {
          sub: user.id,
          ...profileClaims(user),
        };
        const own = clientProject(ctx.oidc?.client?.clientId);
        // The client's own project, plus every project put in the audience by scope.
        const inAudience = projectIds.filter(
          id => id === own || scope.split(' ').includes(audScope(id)),
        );
        for (const id of inAudience) {
          const roles = roleClaim(dir, user.id, id);
          if (Object.keys(roles).length === 0) continue;
          claims[projectRolesClaim(id)] = roles;
          if (id === own) claims[ROLES_CLAIM] = roles;
        }
        return claims;
      },
    };
  };
}

/** ZITADEL shows no consent screen for a project's own applications: grant what was asked. */
async function loadExistingGrant(ctx: any) {
  const grantId =
    ctx.oidc.result?.consent?.grantId ||
    ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
  const grant =
    (grantId && (await ctx.oidc.provider.Grant.find(grantId))) ||
    new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
  grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
  if (ctx.oidc.requestParamClaims) {
    grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
  }
  await grant.save();
  return grant;
}

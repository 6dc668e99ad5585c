import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { type IdTokenFault, ZitadelStandIn } from '@internal/zitadel-standin';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { IdpBrowser, readWebMessage } from './__testUtils__/browser';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  ORG_PARTNER,
  PROJECT,
  testDirectory,
  USER_IDS,
} from './__testUtils__/directory';
import { freePort } from '@internal/backend-test-kit';
import { authModuleZitadelProvider } from './module';

const userEntity = (
  name: string,
  extra: {
    annotations?: Record<string, string>;
    email?: string;
    memberOf?: string[];
  } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default', annotations: extra.annotations },
  spec: {
    profile: extra.email ? { email: extra.email } : {},
    memberOf: extra.memberOf ?? [],
  },
  relations: (extra.memberOf ?? []).map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
});

// alice is matched by the ZITADEL user id annotation, bob by verified email, carol by name.
// "dave-elsewhere" carries dave's email, but dave's email is unverified in ZITADEL.
const catalogUsers = [
  userEntity('alice', {
    annotations: { 'zitadel.com/user-id': USER_IDS.alice },
    memberOf: ['guests'],
  }),
  userEntity('robert', { email: 'bob@partner.example' }),
  userEntity('carol'),
  userEntity('dave-elsewhere', { email: 'dave@acme.example' }),
];

async function startBackend(
  standIn: ZitadelStandIn,
  o: {
    resolver?: JsonObject;
    omitIdentityTokenOwnershipClaim?: boolean;
    metadataUrl?: string;
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      // Real token issuing and verification, so the issued token is checked as in production.
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      authPlugin,
      authModuleZitadelProvider,
      catalogServiceMock.factory({ entities: catalogUsers }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: {
            session: { secret: ['session', 'secret'].join('-') },
            ...(o.omitIdentityTokenOwnershipClaim === false && {
              omitIdentityTokenOwnershipClaim: false,
            }),
            providers: {
              zitadel: {
                development: {
                  metadataUrl: o.metadataUrl ?? standIn.metadataUrl,
                  clientId: CLIENT_ID,
                  clientSecret: CLIENT_SECRET,
                  projectId: PROJECT,
                  signIn: {
                    resolvers: [
                      { resolver: 'catalogUserWithRoleGroups', ...o.resolver },
                    ],
                  },
                },
              },
            },
          },
        },
      }),
    ],
  });
  const callback = `http://localhost:${backend.server.port()}/api/auth/zitadel/handler/frame`;
  return { backend, callback };
}

/** The whole sign-in: start at Backstage, log in at ZITADEL, return through the callback. */
async function signIn(
  server: any,
  standIn: ZitadelStandIn,
  login?: { loginName: string; password: string },
  idp = new IdpBrowser(standIn.url),
) {
  const agent = request.agent(server);
  const start = await agent.get('/api/auth/zitadel/start?env=development');
  if (start.status !== 302)
    throw new Error(`start: ${start.status} ${start.text}`);
  const { callbackUrl, loginPages } = await idp.authorize(
    start.headers.location,
    login,
  );
  const cb = new URL(callbackUrl);
  const frame = await agent.get(cb.pathname + cb.search);
  return {
    agent,
    authorizeUrl: new URL(start.headers.location),
    loginPages,
    message: readWebMessage(frame.text),
    setCookies: ([] as string[]).concat(frame.headers['set-cookie'] ?? []),
  };
}

const login = (name: keyof typeof USER_IDS) => ({
  loginName: name,
  password: `${name}-pw`,
});

const faults: Array<[IdTokenFault, RegExp]> = [
  ['wrong-audience', /aud mismatch/],
  ['wrong-issuer', /unexpected iss value/],
  ['expired', /JWT expired/],
  ['tampered', /failed to validate JWT signature/],
  ['foreign-key', /no valid key found|failed to validate JWT signature/],
];

// Each describe block below starts its own stand-in; the variable is shared by all of them.
let standIn: ZitadelStandIn;
let server: any;

/** Starts ZITADEL and a backend signing in through it, for the calling describe block. */
function useSignInBackend() {
  beforeAll(async () => {
    standIn = await ZitadelStandIn.start({ directory: testDirectory() });
    const { backend, callback } = await startBackend(standIn);
    server = backend.server;
    await standIn.setRedirectUris(CLIENT_ID, [callback]);
  });

  afterAll(async () => {
    await standIn?.stop();
  });

  afterEach(() => standIn.setIdTokenFault(undefined));
}

describe('ZITADEL sign-in through a real OpenID provider', () => {
  useSignInBackend();

  it('asks ZITADEL for the project audience and role scopes, without prompt=none', async () => {
    const res = await request(server).get(
      '/api/auth/zitadel/start?env=development',
    );
    expect(res.status).toBe(302);
    const url = new URL(res.headers.location);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${standIn.url}/oauth/v2/authorize`,
    );
    expect(url.searchParams.get('scope')!.split(' ')).toEqual(
      expect.arrayContaining([
        'openid',
        'profile',
        'email',
        `urn:zitadel:iam:org:project:id:${PROJECT}:aud`,
        'urn:zitadel:iam:org:projects:roles',
        'offline_access',
      ]),
    );
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
  });

  it('signs alice in as her catalog user, with her role as a group', async () => {
    const { agent, loginPages, message, setCookies } = await signIn(
      server,
      standIn,
      login('alice'),
    );
    expect(loginPages).toBe(1);
    const identity = message.response.backstageIdentity;
    expect(identity.identity.userEntityRef).toBe('user:default/alice');
    expect([...identity.identity.ownershipEntityRefs].sort()).toEqual([
      'group:default/guests',
      'group:default/platform-engineering',
      'user:default/alice',
    ]);
    // The role of another project (billing-admin) is not a Backstage group here.
    expect(message.response.profile.email).toBe('alice@acme.example');
    expect(setCookies.some(c => c.startsWith('zitadel-refresh-token='))).toBe(
      true,
    );

    // Membership reaches userInfo; the token itself carries no ent claim by default.
    expect(decodeJwt(identity.token).ent).toBeUndefined();
    const info = await request(server)
      .get('/api/auth/v1/userinfo')
      .set('authorization', `Bearer ${identity.token}`);
    expect(info.status).toBe(200);
    expect(info.body.claims.sub).toBe('user:default/alice');
    expect(info.body.claims.ent).toEqual(
      expect.arrayContaining(['group:default/platform-engineering']),
    );

    // A refresh reads the roles again from ZITADEL's userinfo.
    const refreshed = await agent
      .get('/api/auth/zitadel/refresh?env=development')
      .set('x-requested-with', 'XMLHttpRequest');
    expect(refreshed.status).toBe(200);
    expect(
      refreshed.body.backstageIdentity.identity.ownershipEntityRefs,
    ).toContain('group:default/platform-engineering');
  });
});

describe('ZITADEL sign-in with the ID token ZITADEL issues', () => {
  useSignInBackend();

  it('accepts an ID token whose audience holds the client and the project, azp the client', async () => {
    const { message } = await signIn(server, standIn, login('alice'));
    const idToken = decodeJwt(message.response.providerInfo.idToken);
    expect(idToken.aud).toEqual([CLIENT_ID, PROJECT]);
    expect(idToken.azp).toBe(CLIENT_ID);
    expect(message.response.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/alice',
    );
  });
});

describe('ZITADEL sign-in through a real OpenID provider: other users and bad tokens', () => {
  useSignInBackend();

  it('matches bob by verified email and gives the role granted in his own org', async () => {
    const { message } = await signIn(server, standIn, login('bob'));
    const { identity } = message.response.backstageIdentity;
    expect(identity.userEntityRef).toBe('user:default/robert');
    expect([...identity.ownershipEntityRefs].sort()).toEqual([
      'group:default/payments',
      'user:default/robert',
    ]);
  });

  it('gives a user without roles no extra groups', async () => {
    const { message } = await signIn(server, standIn, login('carol'));
    expect(
      message.response.backstageIdentity.identity.ownershipEntityRefs,
    ).toEqual(['user:default/carol']);
  });

  it('does not match on an unverified email', async () => {
    const { message, setCookies } = await signIn(
      server,
      standIn,
      login('dave'),
    );
    expect(message.response).toBeUndefined();
    // The auth backend keeps the resolver's reason for its log and tells the user this.
    expect(message.error.message).toContain('unable to resolve user identity');
    expect(
      setCookies.some(
        c =>
          c.startsWith('zitadel-refresh-token=') &&
          !c.startsWith('zitadel-refresh-token=;'),
      ),
    ).toBe(false);
  });

  it('reuses the ZITADEL session: a second sign-in shows no login page', async () => {
    const idp = new IdpBrowser(standIn.url);
    await signIn(server, standIn, login('alice'), idp);
    const again = await signIn(server, standIn, undefined, idp);
    expect(again.loginPages).toBe(0);
    expect(
      again.message.response.backstageIdentity.identity.userEntityRef,
    ).toBe('user:default/alice');
  });

  it.each(faults)('rejects an ID token with %s', async (fault, reason) => {
    standIn.setIdTokenFault(fault);
    const { message, setCookies } = await signIn(
      server,
      standIn,
      login('alice'),
    );
    expect(message.response).toBeUndefined();
    expect(message.error.message).toMatch(reason);
    expect(setCookies.some(c => /^zitadel-refresh-token=[^;]/.test(c))).toBe(
      false,
    );
  });
});

describe('ZITADEL sign-in options', () => {
  afterEach(async () => {
    await standIn?.stop();
  });

  it('puts membership in the token with omitIdentityTokenOwnershipClaim: false, signs in users missing from the catalog when allowed, and scopes roles by org', async () => {
    standIn = await ZitadelStandIn.start({ directory: testDirectory() });
    const { backend, callback } = await startBackend(standIn, {
      omitIdentityTokenOwnershipClaim: false,
      resolver: {
        dangerouslyAllowSignInWithoutUserInCatalog: true,
        roleMapping: {
          roles: [
            {
              role: 'payments',
              groups: ['group:default/payments', 'finance-readers'],
              organizationIds: [ORG_PARTNER],
            },
          ],
        },
      },
    });
    await standIn.setRedirectUris(CLIENT_ID, [callback]);

    const alice = await signIn(backend.server, standIn, login('alice'));
    expect(
      decodeJwt(alice.message.response.backstageIdentity.token).ent,
    ).toEqual(
      expect.arrayContaining([
        'user:default/alice',
        'group:default/platform-engineering',
      ]),
    );

    // erin is not in the catalog; her payments grant is from ACME, which the mapping excludes.
    const erin = await signIn(backend.server, standIn, login('erin'));
    const token = decodeJwt(erin.message.response.backstageIdentity.token);
    expect(token.sub).toBe('user:default/erin');
    expect([...(token.ent as string[])].sort()).toEqual([
      'group:default/corporate-member',
      'user:default/erin',
    ]);

    // bob's payments grant is from the partner org: both mapped groups.
    const bob = await signIn(backend.server, standIn, login('bob'));
    expect(
      bob.message.response.backstageIdentity.identity.ownershipEntityRefs,
    ).toEqual(
      expect.arrayContaining([
        'group:default/payments',
        'group:default/finance-readers',
      ]),
    );
  });

  it('recovers when ZITADEL was unreachable at startup', async () => {
    const port = await freePort();
    const metadataUrl = `http://127.0.0.1:${port}/.well-known/openid-configuration`;
    const placeholder = { metadataUrl } as ZitadelStandIn;
    const { backend, callback } = await startBackend(placeholder, {
      metadataUrl,
    });

    const down = await request(backend.server).get(
      '/api/auth/zitadel/start?env=development',
    );
    expect(down.status).toBe(503);
    expect(down.text).toContain('ZITADEL discovery');

    standIn = await ZitadelStandIn.start({ directory: testDirectory(), port });
    await standIn.setRedirectUris(CLIENT_ID, [callback]);
    const up = await signIn(backend.server, standIn, login('alice'));
    expect(up.message.response.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/alice',
    );
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import {
  type Entity,
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  groupEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  type StandInUser,
  type ZitadelDirectory,
  ZitadelStandIn,
} from '@internal/zitadel-standin';
import { generateKeyPairSync } from 'node:crypto';
import { ZitadelOrgEntityProvider } from './ZitadelOrgEntityProvider';

const ORG_A = '610000000000000001';
const ORG_B = '610000000000000002';
const ORG_EMPTY = '610000000000000003';
const PROJECT = '620000000000000001';
const PAT = ['pat', 'for', 'sync', 'tests', '0123456789'].join('-');

/** Org B: a user with a role, a user name also taken in org A, an inactive and a machine user. */
function orgBUsers(): StandInUser[] {
  return [
    {
      id: '640000000000000001',
      orgId: ORG_B,
      userName: 'bob',
      firstName: 'Bob',
      lastName: 'B',
      email: 'bob@b.example',
    },
    // Same user name as in org A: the second gets a suffix.
    {
      id: '640000000000000002',
      orgId: ORG_B,
      userName: 'user001',
      firstName: 'Other',
      lastName: 'One',
      email: 'u1@b.example',
    },
    {
      id: '640000000000000003',
      orgId: ORG_B,
      userName: 'gone',
      firstName: 'Gone',
      lastName: 'G',
      email: 'g@b.example',
      state: 'USER_STATE_INACTIVE',
    },
    {
      id: '640000000000000004',
      orgId: ORG_B,
      userName: 'robot',
      firstName: 'R',
      lastName: 'R',
      email: 'r@b.example',
      type: 'TYPE_MACHINE',
    },
  ];
}

/** Role grants of the first users of org A and of bob in org B. */
function grants(users: StandInUser[]): ZitadelDirectory['grants'] {
  return [
    {
      id: 'g1',
      userId: users[0].id,
      projectId: PROJECT,
      orgId: ORG_A,
      roleKeys: ['platform-engineering'],
    },
    {
      id: 'g2',
      userId: users[1].id,
      projectId: PROJECT,
      orgId: ORG_A,
      roleKeys: ['payments', 'Corporate Member'],
    },
    {
      id: 'g3',
      userId: '640000000000000001',
      projectId: PROJECT,
      orgId: ORG_B,
      roleKeys: ['payments'],
    },
    // A role that no longer exists in the project.
    {
      id: 'g4',
      userId: users[2].id,
      projectId: PROJECT,
      orgId: ORG_A,
      roleKeys: ['retired-role'],
    },
  ];
}

function directory(): ZitadelDirectory {
  const users: StandInUser[] = [];
  for (let i = 0; i < 230; i++) {
    users.push({
      id: `63${String(i).padStart(16, '0')}`,
      orgId: ORG_A,
      userName: `user${String(i).padStart(3, '0')}@a.example`,
      firstName: 'User',
      lastName: String(i),
      email: `user${i}@a.example`,
      emailVerified: i % 10 !== 0,
    });
  }
  users.push(...orgBUsers());
  return {
    orgs: [
      { id: ORG_A, name: 'A', domain: 'a.example' },
      { id: ORG_B, name: 'B', domain: 'b.example' },
      { id: ORG_EMPTY, name: 'Empty', domain: 'empty.example' },
    ],
    projects: [
      {
        id: PROJECT,
        name: 'Backstage',
        orgId: ORG_A,
        roles: [
          { key: 'platform-engineering', displayName: 'Platform Engineering' },
          { key: 'payments' },
          { key: 'Corporate Member' },
        ],
      },
    ],
    users,
    grants: grants(users),
    clients: [],
    serviceAccounts: [
      {
        userId: '650000000000000001',
        orgId: ORG_A,
        instanceWide: true,
        pats: [PAT],
      },
    ],
  };
}

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

async function assertValid(entity: Entity) {
  await expect(policy.enforce(entity)).resolves.toBeDefined();
  const kind =
    entity.kind === 'User'
      ? userEntityV1alpha1Validator
      : groupEntityV1alpha1Validator;
  await expect(kind.check(entity)).resolves.toBe(true);
}

function setup(standIn: ZitadelStandIn, extra: JsonObject = {}) {
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const applied: Entity[][] = [];
  const connection: EntityProviderConnection = {
    applyMutation: jest.fn(async m => {
      if (m.type === 'full') applied.push(m.entities.map(e => e.entity));
    }),
    refresh: jest.fn(),
  };
  const [provider] = ZitadelOrgEntityProvider.fromConfig(
    new ConfigReader({
      catalog: {
        providers: {
          zitadel: {
            main: {
              baseUrl: standIn.url,
              projectId: PROJECT,
              organizationIds: [ORG_A, ORG_B, ORG_EMPTY],
              token: PAT,
              ...extra,
            },
          },
        },
      },
    }),
    { logger },
  );
  const logged = () =>
    [
      ...logger.error.mock.calls,
      ...logger.warn.mock.calls,
      ...logger.info.mock.calls,
    ]
      .map(c => JSON.stringify(c))
      .join('\n');
  return { provider, connection, applied, logger, logged };
}

/** Users carry their id, verified email only, and the groups of their current roles. */
function expectSyncedUsers(byRef: Map<string, Entity>) {
  const first = byRef.get('user:default/user000')!;
  expect(first.metadata.annotations!['zitadel.com/user-id']).toBe(
    '630000000000000000',
  );
  expect(first.spec!.memberOf).toEqual(['group:default/platform-engineering']);
  // Unverified email (every tenth user) is left out: sign-in may match by email.
  expect((first.spec!.profile as any).email).toBeUndefined();
  const second = byRef.get('user:default/user001')!;
  expect(second.spec!.memberOf).toEqual([
    'group:default/corporate-member',
    'group:default/payments',
  ]);
  expect((second.spec!.profile as any).email).toBe('user1@a.example');
  expect(byRef.get('user:default/bob')!.spec!.memberOf).toEqual([
    'group:default/payments',
  ]);
  // A grant of a role the project no longer has gives nothing.
  expect(byRef.get('user:default/user002')!.spec!.memberOf).toEqual([]);
  // The same user name in org B is kept apart; inactive and machine users are not synced.
  expect(
    byRef.get('user:default/user001-000002')!.metadata.annotations![
      'zitadel.com/org-id'
    ],
  ).toBe(ORG_B);
  expect(byRef.has('user:default/gone')).toBe(false);
  expect(byRef.has('user:default/robot')).toBe(false);
}

// Each test gets a fresh ZITADEL with the directory above.
let standIn: ZitadelStandIn;
beforeEach(async () => {
  standIn = await ZitadelStandIn.start({
    directory: directory(),
    oidc: false,
  });
});
afterEach(() => standIn.stop());

describe('ZitadelOrgEntityProvider sync', () => {
  it('syncs users of several orgs page by page, a group per role, memberships from grants', async () => {
    const { provider, connection, applied } = setup(standIn);
    await provider.connect(connection);
    await expect(provider.read()).resolves.toEqual({
      users: 232,
      groups: 3,
      orgs: 3,
    });

    const userCalls = standIn.managementCalls.filter(
      c => c.path === '/management/v1/users/_search',
    );
    expect(userCalls.map(c => [c.orgId, c.body.query.offset])).toEqual([
      [ORG_A, '0'],
      [ORG_A, '100'],
      [ORG_A, '200'],
      [ORG_B, '0'],
      [ORG_EMPTY, '0'],
    ]);
    expect(
      standIn.managementCalls.every(c => c.authorization === `Bearer ${PAT}`),
    ).toBe(true);

    const entities = applied[0];
    for (const e of entities) await assertValid(e);
    const byRef = new Map(
      entities.map(e => [
        `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
        e,
      ]),
    );
    expect(
      entities
        .filter(e => e.kind === 'Group')
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual(['corporate-member', 'payments', 'platform-engineering']);
    expect(
      byRef.get('group:default/platform-engineering')!.spec!.profile,
    ).toEqual({
      displayName: 'Platform Engineering',
    });
    expect(
      byRef.get('group:default/corporate-member')!.metadata.annotations![
        'zitadel.com/role-keys'
      ],
    ).toBe('Corporate Member');

    expectSyncedUsers(byRef);
  });
});

describe('ZitadelOrgEntityProvider failures and empty orgs', () => {
  it('keeps the last good sync when ZITADEL answers 401, and never logs the token', async () => {
    const { provider, connection, applied, logged } = setup(standIn);
    await provider.connect(connection);
    await provider.read();
    standIn.addManagementFault({ path: '/management/v1/', status: 401 });
    await expect(provider.read()).rejects.toThrow(/401/);
    expect(applied).toHaveLength(1);
    expect(logged()).toMatch(
      /keeping the last synced users and groups.*Token is invalid/,
    );
    expect(logged()).not.toContain(PAT);
  });

  it('applies nothing when a page fails mid-sync with 500, and recovers on the next run', async () => {
    const { provider, connection, applied } = setup(standIn);
    await provider.connect(connection);
    standIn.addManagementFault({
      path: '/management/v1/users/_search',
      status: 500,
      after: 1,
      times: 1,
    });
    await expect(provider.read()).rejects.toThrow(
      /users\/_search \(org 610000000000000001\).*500/,
    );
    expect(applied).toHaveLength(0);
    await expect(provider.read()).resolves.toMatchObject({ users: 232 });
    expect(applied).toHaveLength(1);
  });

  it('syncs an empty org to no users but still the role groups', async () => {
    const { provider, connection, applied } = setup(standIn, {
      organizationIds: [ORG_EMPTY],
      projectOrganizationId: ORG_A,
    });
    await provider.connect(connection);
    await expect(provider.read()).resolves.toEqual({
      users: 0,
      groups: 3,
      orgs: 1,
    });
    expect(applied[0].every(e => e.kind === 'Group')).toBe(true);
  });
});

describe('ZitadelOrgEntityProvider service account keys', () => {
  it('signs in with a service account key (JWT profile) and uses the issued token, not the key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    const keyId = '660000000000000001';
    standIn.directory.serviceAccounts.push({
      userId: '650000000000000002',
      orgId: ORG_A,
      keys: {
        [keyId]: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    const key = JSON.stringify({
      type: 'serviceaccount',
      keyId,
      key: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      userId: '650000000000000002',
    });
    const { provider, connection, applied, logged } = setup(standIn, {
      token: undefined as any,
      serviceAccountKey: key,
      organizationIds: [],
    } as JsonObject);
    await provider.connect(connection);
    // Without organizationIds the service account's own org (A) is synced.
    await expect(provider.read()).resolves.toEqual({
      users: 230,
      groups: 3,
      orgs: 1,
    });
    expect(applied).toHaveLength(1);
    const auth = new Set(standIn.managementCalls.map(c => c.authorization));
    expect(auth.size).toBe(1);
    expect([...auth][0]).toMatch(/^Bearer [\w-]{20,}$/);
    expect(logged()).not.toContain('PRIVATE KEY');
  });

  it('rejects a wrong key signature at the token endpoint and keeps the catalog', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    standIn.directory.serviceAccounts.push({
      userId: '650000000000000003',
      orgId: ORG_A,
      keys: {
        k1: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    const { provider, connection, applied } = setup(standIn, {
      token: undefined as any,
      serviceAccountKey: JSON.stringify({
        keyId: 'k1',
        key: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
        userId: '650000000000000003',
      }),
    } as JsonObject);
    await provider.connect(connection);
    await expect(provider.read()).rejects.toThrow(/invalid_grant|400/);
    expect(applied).toHaveLength(0);
  });
});

describe('ZitadelOrgEntityProvider config', () => {
  it('refuses malformed config with the key at fault', () => {
    const make = (c: JsonObject) => () =>
      ZitadelOrgEntityProvider.fromConfig(
        new ConfigReader({ catalog: { providers: { zitadel: { x: c } } } }),
        { logger: mockServices.logger.mock() },
      );
    expect(make({ baseUrl: 'https://z.example', projectId: '1' })).toThrow(
      'catalog.providers.zitadel.x: set exactly one of token, serviceAccountKey or serviceAccountKeyFile',
    );
    expect(
      make({ baseUrl: 'https://z.example/path', projectId: '1', token: 't' }),
    ).toThrow(/baseUrl must be the instance URL without a path/);
    expect(
      make({
        baseUrl: 'https://z.example',
        projectId: '1',
        serviceAccountKey: '{"key": "-----BEGIN',
      }),
    ).toThrow(
      'catalog.providers.zitadel.x.serviceAccountKey is not valid JSON',
    );
    expect(
      make({
        baseUrl: 'https://z.example',
        projectId: '1',
        token: 't',
        roleMapping: { roles: [{ role: 'a', groups: ['user:default/x'] }] },
      }),
    ).toThrow(
      /roleMapping.roles\[0\].groups: 'user:default\/x' is not a group ref/,
    );
  });
});

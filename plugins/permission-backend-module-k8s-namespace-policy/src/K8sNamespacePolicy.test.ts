import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  kubernetesNamespaceReadPermission,
  kubernetesNamespaceWritePermission,
  readNamespacePolicyConfig,
} from '@internal/plugin-k8s-namespace-policy-common';
import {
  kubernetesNamespaceRuleset,
  NamespaceOwnerResolver,
} from '@internal/plugin-k8s-namespace-policy-node';
import { decisionMatrix } from './decisionMatrix';
import { K8sNamespacePolicy } from './K8sNamespacePolicy';

const GROUPS = new Set(
  [
    'team-a',
    'x-test',
    'platform-engineering',
    'payments',
    'prod',
    'a-prod-b',
    'sre',
    'oncall',
  ].map(g => `group:default/${g}`),
);

/** The whole decision in process: the policy's answer, then its conditions applied to the namespace. */
function decider(policyConfig: object) {
  const root = new ConfigReader({
    permission: { k8sNamespacePolicy: policyConfig },
  });
  const config = readNamespacePolicyConfig(root);
  const claimsOf = new Map<string, string[]>();
  const policy = K8sNamespacePolicy.fromConfig(root, {
    userInfo: {
      getUserInfo: async credentials => {
        const userEntityRef = (
          credentials.principal as { userEntityRef: string }
        ).userEntityRef;
        return {
          userEntityRef,
          ownershipEntityRefs: claimsOf.get(userEntityRef)!,
        };
      },
    },
  });
  const resolver = new NamespaceOwnerResolver({
    config,
    groups: { has: async ref => GROUPS.has(ref) },
  });
  const authorize = createConditionAuthorizer(kubernetesNamespaceRuleset);
  return async (
    groups: string[],
    namespace: string,
    cluster = 'eu',
    permission = kubernetesNamespaceReadPermission,
  ) => {
    const user = `user:default/u${claimsOf.size}`;
    claimsOf.set(user, [
      user,
      ...groups.map(g => (g.includes(':') ? g : `group:default/${g}`)),
    ]);
    const decision = await policy.handle(
      { permission },
      {
        credentials: mockCredentials.user(user),
        info: { userEntityRef: user, ownershipEntityRefs: [] },
      },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL)
      return decision.result === AuthorizeResult.ALLOW;
    return authorize(decision, await resolver.resolve({ cluster, namespace }));
  };
}

const strict = decider({ adminGroups: ['group:default/sre'] });
const open = decider({ adminGroups: ['group:default/sre'], strict: false });

const OWNED_NAMESPACES: Array<[string, string, boolean, boolean]> = [
  // namespace, group that owns it, strict: others, non-strict: others
  ['platform-engineering-prod', 'platform-engineering', false, false], // multi-part name
  ['team-a-staging', 'team-a', false, false],
  ['x-test-prod', 'x-test', false, false], // only the last suffix goes
  ['a-prod-b', 'a-prod-b', false, false], // prod in the middle is not a suffix
  ['prod', 'prod', false, false], // an environment alone is a whole name
  ['team-a', 'team-a', false, false], // no suffix: the whole name
];

describe('namespace ownership edge cases', () => {
  it.each(OWNED_NAMESPACES)('%s belongs to %s', async (ns, owner) => {
    for (const decide of [strict, open]) {
      expect(await decide([owner], ns)).toBe(true);
      expect(await decide(['payments'], ns)).toBe(false);
      expect(await decide([], ns)).toBe(false);
    }
  });

  it('denies names no group owns in strict mode, opens them in non-strict mode', async () => {
    for (const ns of [
      'legacy-billing',
      'legacy-billing-prod',
      'qa-only-test',
      'kube-system',
    ]) {
      expect(await strict(['team-a'], ns)).toBe(false);
      expect(await open(['team-a'], ns)).toBe(true);
      expect(await open([], ns)).toBe(true);
    }
    // the x-test group exists, so x-test-prod stays closed to others even when not strict
    expect(await open(['payments'], 'x-test-prod')).toBe(false);
  });

  it('never opens invalid names, upper case and names over 63 characters included', async () => {
    const long = `${'a'.repeat(60)}-prod`; // 65 characters
    for (const ns of [
      'Team-A-Prod',
      'TEAM-A-PROD',
      long,
      'team_a-prod',
      '-prod',
      'team-a-prod-',
    ]) {
      expect(await strict(['team-a'], ns)).toBe(false);
      expect(await open(['team-a'], ns)).toBe(false);
    }
    const longest = `${'b'.repeat(58)}-prod`; // 63 characters: valid, owned by the 58-character group
    expect(await strict([`group:default/${'b'.repeat(58)}`], longest)).toBe(
      true,
    );
  });

  it('lets admins see everything, the cluster scope included, and matches case-insensitively', async () => {
    expect(await strict(['sre'], 'payments-prod')).toBe(true);
    expect(await strict(['sre'], '')).toBe(true);
    expect(await strict(['team-a'], '')).toBe(false);
    expect(await open(['team-a'], '')).toBe(false);
    expect(await strict(['group:default/Team-A'], 'team-a-prod')).toBe(true);
  });

  it('gives overrides precedence and honours per-cluster strictness and environments', async () => {
    const decide = decider({
      environments: ['PROD', 'qa'],
      overrides: [
        {
          namespace: 'payments-prod',
          owners: ['team-a', 'group:default/platform-engineering'],
        },
      ],
      clusters: {
        lab: {
          strict: false,
          overrides: [{ namespace: 'team-a-prod', owners: ['payments'] }],
        },
      },
    });
    expect(await decide(['team-a'], 'payments-prod')).toBe(true);
    expect(await decide(['payments'], 'payments-prod')).toBe(false);
    expect(await decide(['team-a'], 'team-a-qa')).toBe(true);
    expect(await decide(['team-a'], 'team-a-staging')).toBe(false); // staging is not configured here
    expect(await decide(['payments'], 'team-a-prod', 'lab')).toBe(true);
    expect(await decide(['team-a'], 'team-a-prod', 'lab')).toBe(false);
    expect(await decide([], 'unknown-prod', 'lab')).toBe(true);
    expect(await decide([], 'unknown-prod', 'eu')).toBe(false);
  });
});

describe('writing through the Kubernetes proxy', () => {
  const write = kubernetesNamespaceWritePermission;

  it('is for admins only by default, even in namespaces the user owns', async () => {
    const decide = decider({ adminGroups: ['group:default/sre'] });
    expect(await decide(['team-a'], 'team-a-prod')).toBe(true);
    expect(await decide(['team-a'], 'team-a-prod', 'eu', write)).toBe(false);
    expect(await decide(['team-a'], 'payments-prod', 'eu', write)).toBe(false);
    expect(await decide(['sre'], 'payments-prod', 'eu', write)).toBe(true);
    expect(await decide(['sre'], '', 'eu', write)).toBe(true);
  });

  it('lets writeGroups write where they may read, never the cluster scope', async () => {
    const decide = decider({
      adminGroups: ['group:default/sre'],
      writeGroups: ['oncall'],
      clusters: { lab: { strict: false } },
    });
    expect(await decide(['oncall', 'team-a'], 'team-a-prod', 'eu', write)).toBe(
      true,
    );
    expect(
      await decide(['oncall', 'team-a'], 'payments-prod', 'eu', write),
    ).toBe(false);
    expect(await decide(['oncall', 'team-a'], '', 'eu', write)).toBe(false);
    expect(await decide(['team-a'], 'team-a-prod', 'eu', write)).toBe(false);
    // an unmapped namespace of a non-strict cluster is readable, so writable for the write groups
    expect(await decide(['oncall'], 'legacy-prod', 'lab', write)).toBe(true);
    expect(await decide(['team-a'], 'legacy-prod', 'lab', write)).toBe(false);
  });

  it.each([
    [{ writeGroups: ['user:'] }, /writeGroups: invalid owner "user:"/],
    [
      { writeGroups: 'group:default/sre' },
      /permission\.k8sNamespacePolicy\.writeGroups/,
    ],
  ])('refuses malformed writeGroups %j naming the key', (policy, message) => {
    expect(() => decider(policy)).toThrow(message);
  });
});

// The policy the decision matrix is asked of: jane is in team-a, admin in the admin group.
const matrixPolicy = K8sNamespacePolicy.fromConfig(
  new ConfigReader({
    permission: { k8sNamespacePolicy: { adminGroups: ['group:default/sre'] } },
  }),
  {
    userInfo: {
      getUserInfo: async c => {
        const ref = (c.principal as { userEntityRef: string }).userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: ref.endsWith('/admin')
            ? [ref, 'group:default/sre']
            : [ref, 'group:default/team-a'],
        };
      },
    },
  },
);
const ask = (name: string, user?: string): Promise<PolicyDecision> => {
  const resourceType = {
    'kubernetes.namespace.read': 'kubernetes-namespace',
    'kubernetes.namespace.write': 'kubernetes-namespace',
    'catalog.entity.delete': 'catalog-entity',
    'catalog.entity.read': 'catalog-entity',
    'rca.analysis.create': 'catalog-entity',
  }[name];
  const permission = resourceType
    ? createPermission({ name, attributes: {}, resourceType })
    : createPermission({ name, attributes: {} });
  return matrixPolicy.handle(
    { permission },
    user
      ? {
          credentials: mockCredentials.user(user),
          info: { userEntityRef: user, ownershipEntityRefs: [] },
        }
      : undefined,
  );
};

/** What jane, a member of team-a and of no admin or write group, gets for each matrix decision. */
const MEMBER_DECISIONS: Record<string, object> = {
  allow: { result: AuthorizeResult.ALLOW },
  admin: { result: AuthorizeResult.DENY },
  'entity-owner': {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      params: { claims: ['user:default/jane', 'group:default/team-a'] },
    },
  },
  'namespace-owner': {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'kubernetes',
    resourceType: 'kubernetes-namespace',
    conditions: { rule: 'IS_NAMESPACE_OWNER' },
  },
  // jane is in no write group
  'namespace-writer': { result: AuthorizeResult.DENY },
  // every entity but the RCA reports of namespaces jane may not read (reportReaders.test)
  'report-reader': {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    conditions: { anyOf: [{ not: { rule: 'HAS_SPEC' } }, {}] },
  },
};

describe('decision matrix', () => {
  it.each(decisionMatrix.map(m => [m.permission, m.decision]))(
    '%s: %s',
    async (name, decision) => {
      const member = await ask(name, 'user:default/jane');
      const expected = MEMBER_DECISIONS[decision];
      expect(member).toMatchObject(expected);
      expect((await ask(name, 'user:default/admin')).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await ask(name)).result).toBe(AuthorizeResult.DENY);
    },
  );

  it('applies defaultDecision to permissions outside the matrix', async () => {
    expect((await ask('todo.item.create', 'user:default/jane')).result).toBe(
      AuthorizeResult.ALLOW,
    );
    const closed = K8sNamespacePolicy.fromConfig(
      new ConfigReader({
        permission: { k8sNamespacePolicy: { defaultDecision: 'deny' } },
      }),
      {
        userInfo: {
          getUserInfo: async () => ({
            userEntityRef: 'user:default/jane',
            ownershipEntityRefs: [],
          }),
        },
      },
    );
    const d = await closed.handle(
      {
        permission: createPermission({
          name: 'todo.item.create',
          attributes: {},
        }),
      },
      {
        credentials: mockCredentials.user('user:default/jane'),
        info: { userEntityRef: 'user:default/jane', ownershipEntityRefs: [] },
      },
    );
    expect(d.result).toBe(AuthorizeResult.DENY);
  });
});

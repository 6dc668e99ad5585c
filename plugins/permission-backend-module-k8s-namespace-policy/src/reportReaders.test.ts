import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  createPermission,
  type PermissionCriteria,
  type PermissionCondition,
} from '@backstage/plugin-permission-common';
import {
  RCA_REPORT_ENTITY_TYPE,
  reportReaderSlots,
} from '@internal/plugin-rca-common';
import { K8sNamespacePolicy } from './K8sNamespacePolicy';

// Report visibility follows the data: a report entity is in a user's catalog only when the user
// may read every namespace the report drew from. The policy's conditions are applied with the
// catalog's own HAS_SPEC rule, as the catalog applies them.

const claims: Record<string, string[]> = {
  'user:default/pat': ['user:default/pat', 'group:default/payments'],
  'user:default/lee': ['user:default/lee', 'group:default/ledger'],
  'user:default/both': [
    'user:default/both',
    'group:default/payments',
    'group:default/ledger',
  ],
  'user:default/root': ['user:default/root', 'group:default/sre-admins'],
};

const policy = K8sNamespacePolicy.fromConfig(
  new ConfigReader({
    permission: {
      k8sNamespacePolicy: { adminGroups: ['group:default/sre-admins'] },
    },
  }),
  {
    userInfo: {
      getUserInfo: async credentials => {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: claims[ref] };
      },
    },
  },
);

// As the catalog declares it (a resource permission on catalog entities).
const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

const report = (name: string, readers?: string[][]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name },
  spec: {
    type: RCA_REPORT_ENTITY_TYPE,
    owner: 'group:default/payments',
    readers: reportReaderSlots(readers),
  },
});
const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments' },
    spec: { type: 'service', owner: 'group:default/payments' },
  } as Entity,
  report('rca-payments-only', [['group:default/payments']]),
  report('rca-payments-and-ledger', [
    ['group:default/payments'],
    ['group:default/ledger'],
  ]),
  report('rca-unmapped', [['*']]),
  report('rca-catalog-only', []),
  report('rca-before-readers'),
  report(
    'rca-too-many',
    Array.from({ length: 9 }, (_, i) => [`group:default/t${i}`]),
  ),
];

function matches(
  entity: Entity,
  c: PermissionCriteria<PermissionCondition>,
): boolean {
  if ('anyOf' in c) return c.anyOf.some(x => matches(entity, x));
  if ('allOf' in c) return c.allOf.every(x => matches(entity, x));
  if ('not' in c) return !matches(entity, c.not);
  const rule = Object.values(permissionRules).find(r => r.name === c.rule)!;
  return rule.apply(entity, c.params as never);
}

async function visibleTo(user: string): Promise<string[]> {
  const decision = await policy.handle(
    { permission: catalogEntityReadPermission },
    { credentials: mockCredentials.user(user) } as never,
  );
  if (decision.result === AuthorizeResult.ALLOW)
    return entities.map(e => e.metadata.name);
  if (decision.result !== AuthorizeResult.CONDITIONAL) return [];
  return entities
    .filter(e => matches(e, decision.conditions))
    .map(e => e.metadata.name);
}

describe('catalog.entity.read of RCA report entities', () => {
  it('shows a report only to those who may read all of its namespaces', async () => {
    expect(await visibleTo('user:default/pat')).toEqual([
      'payments',
      'rca-payments-only',
      'rca-unmapped',
      'rca-catalog-only',
    ]);
    expect(await visibleTo('user:default/lee')).toEqual([
      'payments',
      'rca-unmapped',
      'rca-catalog-only',
    ]);
    expect(await visibleTo('user:default/both')).toEqual([
      'payments',
      'rca-payments-only',
      'rca-payments-and-ledger',
      'rca-unmapped',
      'rca-catalog-only',
    ]);
  });

  it('keeps reports without recorded readers, or with too many, for admins', async () => {
    expect(await visibleTo('user:default/both')).not.toContain(
      'rca-before-readers',
    );
    expect(await visibleTo('user:default/both')).not.toContain('rca-too-many');
    expect(await visibleTo('user:default/root')).toEqual(
      entities.map(e => e.metadata.name),
    );
  });
});

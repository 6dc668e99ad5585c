import type { ZitadelDirectory } from '@internal/zitadel-standin';

export const ORG_ACME = '210000000000000001';
export const ORG_PARTNER = '210000000000000002';
export const PROJECT = '220000000000000001';
export const OTHER_PROJECT = '220000000000000002';
export const CLIENT_ID = 'backstage-app';
export const CLIENT_SECRET = ['client', 'secret', 'for', 'tests'].join('-');

export const USER_IDS = {
  alice: '230000000000000001',
  bob: '230000000000000002',
  carol: '230000000000000003',
  dave: '230000000000000004',
  erin: '230000000000000005',
};

const user = (
  name: keyof typeof USER_IDS,
  orgId: string,
  extra: { emailVerified?: boolean; domain?: string } = {},
) => ({
  id: USER_IDS[name],
  orgId,
  userName: name,
  firstName: name[0].toUpperCase() + name.slice(1),
  lastName: 'Tester',
  email: `${name}@${extra.domain ?? 'acme.example'}`,
  emailVerified: extra.emailVerified ?? true,
  password: `${name}-pw`,
});

/**
 * Two orgs and one project with team roles. alice: platform-engineering; bob (partner org):
 * payments; carol: no role; dave: a role but an unverified email; erin: roles, not in the
 * catalog. alice also holds a role in another project, which must not become a group.
 */
export function testDirectory(): ZitadelDirectory {
  return {
    orgs: [
      { id: ORG_ACME, name: 'ACME', domain: 'acme.example' },
      { id: ORG_PARTNER, name: 'Partner', domain: 'partner.example' },
    ],
    projects: [
      {
        id: PROJECT,
        name: 'Backstage',
        orgId: ORG_ACME,
        roles: [
          { key: 'platform-engineering' },
          { key: 'payments' },
          { key: 'Corporate Member' },
        ],
      },
      {
        id: OTHER_PROJECT,
        name: 'Billing',
        orgId: ORG_ACME,
        roles: [{ key: 'billing-admin' }],
      },
    ],
    users: [
      user('alice', ORG_ACME),
      user('bob', ORG_PARTNER, { domain: 'partner.example' }),
      user('carol', ORG_ACME),
      user('dave', ORG_ACME, { emailVerified: false }),
      user('erin', ORG_ACME),
    ],
    grants: [
      {
        id: 'g1',
        userId: USER_IDS.alice,
        projectId: PROJECT,
        orgId: ORG_ACME,
        roleKeys: ['platform-engineering'],
      },
      {
        id: 'g2',
        userId: USER_IDS.alice,
        projectId: OTHER_PROJECT,
        orgId: ORG_ACME,
        roleKeys: ['billing-admin'],
      },
      {
        id: 'g3',
        userId: USER_IDS.bob,
        projectId: PROJECT,
        orgId: ORG_PARTNER,
        roleKeys: ['payments'],
      },
      {
        id: 'g4',
        userId: USER_IDS.dave,
        projectId: PROJECT,
        orgId: ORG_ACME,
        roleKeys: ['platform-engineering'],
      },
      {
        id: 'g5',
        userId: USER_IDS.erin,
        projectId: PROJECT,
        orgId: ORG_ACME,
        roleKeys: ['payments', 'Corporate Member'],
      },
    ],
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        projectId: PROJECT,
        redirectUris: [],
      },
    ],
    serviceAccounts: [],
  };
}

import type { ZitadelDirectory } from './directory';

/** Orgs, project, users and grants of the demo instance: a table, copied afresh on every call. */
const DEMO_ENTRIES: Pick<
  ZitadelDirectory,
  'orgs' | 'projects' | 'users' | 'grants'
> = {
  orgs: [
    { id: '100000000000000001', name: 'ACME', domain: 'acme.localhost' },
    {
      id: '100000000000000002',
      name: 'Payments Co',
      domain: 'payco.localhost',
    },
  ],
  projects: [
    {
      id: '200000000000000001',
      name: 'Backstage',
      orgId: '100000000000000001',
      roles: [
        { key: 'platform-engineering', displayName: 'Platform Engineering' },
        { key: 'payments', displayName: 'Payments' },
        { key: 'sre-admins', displayName: 'SRE admins' },
      ],
    },
  ],
  users: [
    {
      id: '300000000000000001',
      orgId: '100000000000000001',
      userName: 'alice',
      firstName: 'Alice',
      lastName: 'Platform',
      email: 'alice@acme.localhost',
      password: 'alice',
    },
    {
      id: '300000000000000002',
      orgId: '100000000000000002',
      userName: 'bob',
      firstName: 'Bob',
      lastName: 'Payments',
      email: 'bob@payco.localhost',
      password: 'bob',
    },
    {
      id: '300000000000000003',
      orgId: '100000000000000001',
      userName: 'carol',
      firstName: 'Carol',
      lastName: 'Newcomer',
      email: 'carol@acme.localhost',
      password: 'carol',
    },
  ],
  grants: [
    {
      id: '400000000000000001',
      userId: '300000000000000001',
      projectId: '200000000000000001',
      orgId: '100000000000000001',
      roleKeys: ['platform-engineering'],
    },
    {
      id: '400000000000000002',
      userId: '300000000000000002',
      projectId: '200000000000000001',
      orgId: '100000000000000002',
      roleKeys: ['payments'],
    },
  ],
};

/**
 * A small instance for local use: two orgs, one project with team roles, and users with and
 * without grants. Passwords are for the stand-in's login page only.
 */
export function demoDirectory(
  o: { redirectUris?: string[]; clientSecret?: string; pat?: string } = {},
): ZitadelDirectory {
  return {
    ...structuredClone(DEMO_ENTRIES),
    clients: [
      {
        clientId: 'backstage',
        clientSecret: o.clientSecret ?? 'local-standin-secret',
        projectId: '200000000000000001',
        redirectUris: o.redirectUris ?? [
          'http://localhost:7007/api/auth/zitadel/handler/frame',
        ],
      },
    ],
    serviceAccounts: [
      {
        userId: '500000000000000001',
        orgId: '100000000000000001',
        instanceWide: true,
        pats: [o.pat ?? 'local-standin-pat'],
      },
    ],
  };
}

import { readRoleClaims } from './claims';
import { RoleGroupMapper, toEntityName } from './roleMapping';

describe('readRoleClaims', () => {
  it('reads the generic and the project claim, ignores other projects and malformed values', () => {
    const grants = readRoleClaims(
      [
        {
          'urn:zitadel:iam:org:project:roles': { sre: { o1: 'a.example' } },
          'urn:zitadel:iam:org:project:P1:roles': {
            sre: { o2: 'b.example' },
            payments: { o1: 'a.example' },
          },
          'urn:zitadel:iam:org:project:P2:roles': {
            'billing-admin': { o1: 'x' },
          },
        },
        { 'urn:zitadel:iam:org:project:roles': ['not', 'an', 'object'] },
        undefined,
      ],
      'P1',
    );
    expect(grants).toEqual([
      { roleKey: 'sre', orgIds: ['o1', 'o2'] },
      { roleKey: 'payments', orgIds: ['o1'] },
    ]);
  });
});

describe('RoleGroupMapper', () => {
  it('names groups after roles by default, safely', () => {
    expect(toEntityName('Corporate Member')).toBe('corporate-member');
    expect(toEntityName('--x__')).toBe('x');
    expect(toEntityName('***')).toBeUndefined();
    expect(toEntityName('a'.repeat(80))).toHaveLength(63);
    expect(
      RoleGroupMapper.create().groupsFor([
        { roleKey: 'platform-engineering', orgIds: ['o1'] },
        { roleKey: '***', orgIds: ['o1'] },
      ]),
    ).toEqual(['group:default/platform-engineering']);
  });

  it('applies explicit mappings, ignore mode and org scoping', () => {
    const mapper = RoleGroupMapper.create({
      defaultNamespace: 'zitadel',
      unmappedRoles: 'ignore',
      organizationIds: ['o1', 'o2'],
      roles: [
        { role: 'sre', groups: ['sre-admins', 'group:ops/oncall'] },
        { role: 'payments', groups: ['payments'], organizationIds: ['o2'] },
      ],
    });
    expect(
      mapper.groupsFor([
        { roleKey: 'sre', orgIds: ['o1'] },
        { roleKey: 'payments', orgIds: ['o1'] },
        { roleKey: 'other', orgIds: ['o1'] },
      ]),
    ).toEqual(['group:ops/oncall', 'group:zitadel/sre-admins']);
    expect(mapper.groupsFor([{ roleKey: 'payments', orgIds: ['o2'] }])).toEqual(
      ['group:zitadel/payments'],
    );
    // A grant from an org outside organizationIds counts for nothing.
    expect(mapper.groupsFor([{ roleKey: 'sre', orgIds: ['o9'] }])).toEqual([]);
  });

  it('rejects refs that are not groups and roles mapped twice', () => {
    expect(() =>
      RoleGroupMapper.create({
        roles: [{ role: 'a', groups: ['user:default/x'] }],
      }),
    ).toThrow(
      "roleMapping.roles[0].groups: 'user:default/x' is not a group ref",
    );
    expect(() =>
      RoleGroupMapper.create({
        roles: [
          { role: 'a', groups: ['x'] },
          { role: 'a', groups: ['y'] },
        ],
      }),
    ).toThrow("roleMapping.roles[1]: role 'a' is mapped twice");
  });
});

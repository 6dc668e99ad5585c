import { ConfigReader } from '@backstage/config';
import { readNamespacePolicyConfig } from './namespacePolicyConfig';

const read = (policy: object) =>
  readNamespacePolicyConfig(
    new ConfigReader({ permission: { k8sNamespacePolicy: policy } }),
  );

describe('readNamespacePolicyConfig', () => {
  it('has safe defaults: strict, four environments, groups in default', () => {
    const c = readNamespacePolicyConfig(new ConfigReader({}));
    expect(c).toMatchObject({
      strict: true,
      environments: ['prod', 'staging', 'dev', 'test'],
      groupNamespace: 'default',
      adminGroups: [],
      writeGroups: [],
      defaultDecision: 'allow',
      decisionCacheTtlMs: 10_000,
    });
  });

  it('normalises group refs and lets cluster overrides win', () => {
    const c = read({
      groupNamespace: 'teams',
      adminGroups: ['SRE', 'group:ops/oncall'],
      writeGroups: ['Platform', 'group:ops/oncall'],
      overrides: [{ namespace: 'Shared-Prod', owners: ['platform'] }],
      clusters: {
        lab: {
          strict: false,
          overrides: [{ namespace: 'shared-prod', owners: ['lab-team'] }],
        },
      },
    });
    expect(c.adminGroups).toEqual(['group:teams/sre', 'group:ops/oncall']);
    expect(c.writeGroups).toEqual(['group:teams/platform', 'group:ops/oncall']);
    expect(c.overrides.get('shared-prod')).toEqual(['group:teams/platform']);
    expect(c.clusters.get('lab')).toMatchObject({ strict: false });
    expect(c.clusters.get('lab')!.overrides.get('shared-prod')).toEqual([
      'group:teams/lab-team',
    ]);
  });

  it.each([
    [{ strict: 'sometimes' }, /strict/],
    [
      { environments: ['prod', 'Pre Prod'] },
      /environments: .* must be lower-case DNS labels/,
    ],
    [
      { overrides: [{ namespace: 'x', owners: [] }] },
      /overrides\[0\] \(x\): owners must list at least one group/,
    ],
    [{ adminGroups: ['user:'] }, /adminGroups: invalid owner "user:"/],
    [{ writeGroups: ['group:'] }, /writeGroups: invalid owner "group:"/],
    [
      { defaultDecision: 'maybe' },
      /defaultDecision must be allow or deny, not "maybe"/,
    ],
  ])('names the key at fault in malformed config %j', (policy, message) => {
    expect(() => read(policy)).toThrow(message);
  });
});

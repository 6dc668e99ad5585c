import { classify, crashTitle } from './classify';

describe('classify', () => {
  it('lets the first family in registry order win', () => {
    // Both a DNS failure and an unreachable dependency: DNS is listed first.
    expect(classify('crash', 'dial tcp: lookup db: no such host')?.label).toBe(
      'dns_resolution_failure',
    );
    // Both a volume-level and a scheduler-level pattern: the scheduler's is listed first.
    expect(
      classify(
        'scheduling',
        '0/3 nodes: 3 Insufficient cpu; pod has unbound immediate PersistentVolumeClaims',
      ),
    ).toEqual({
      label: 'unschedulable_insufficient_resources',
      specificity: 0.95,
      level: undefined,
    });
  });

  it('carries the level a rule sets', () => {
    expect(
      classify(
        'scheduling',
        'pod has unbound immediate PersistentVolumeClaims',
      ),
    ).toEqual({
      label: 'pvc_storageclass_missing',
      specificity: 0.7,
      level: 2,
    });
  });

  it('reads exit codes as text', () => {
    expect(classify('exitCode', '127')?.label).toBe(
      'bad_command_or_entrypoint',
    );
    expect(classify('exitCode', '1')).toBeUndefined();
  });

  it('keeps kinds apart', () => {
    expect(classify('log', 'JavaScript heap out of memory')?.label).toBe(
      'oom_killed_limit_too_low',
    );
    expect(classify('crash', 'JavaScript heap out of memory')).toBeUndefined();
  });
});

describe('crashTitle', () => {
  it('uses the family title, else names the label', () => {
    expect(crashTitle('rbac_forbidden')).toBe(
      'Crash loop: the ServiceAccount is forbidden an API call',
    );
    expect(crashTitle('memory_leak')).toBe(
      'Container crash-looping (memory_leak)',
    );
  });
});

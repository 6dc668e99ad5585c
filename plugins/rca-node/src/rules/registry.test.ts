import { rootCauseLabels } from '@internal/plugin-rca-common';
import { nextStepsFor } from './nextSteps';
import { RULE_FAMILIES } from './registry';

describe('RULE_FAMILIES', () => {
  it('gives every root-cause label exactly one family', () => {
    const owners = rootCauseLabels.map(label => [
      label,
      RULE_FAMILIES.filter(f => f.labels.includes(label)).map(f => f.name),
    ]);
    expect(owners.filter(([, names]) => names.length !== 1)).toEqual([]);
  });

  it('keeps each family to its own labels', () => {
    for (const f of RULE_FAMILIES) {
      const foreign = [
        ...Object.keys(f.nextSteps),
        ...Object.keys(f.crashTitles ?? {}),
        ...Object.values(f.messages ?? {}).flatMap(rules =>
          rules.map(r => r.label),
        ),
      ].filter(label => !(f.labels as readonly string[]).includes(label));
      expect({ family: f.name, foreign }).toEqual({
        family: f.name,
        foreign: [],
      });
    }
  });

  it('has next steps for every label', () => {
    for (const f of RULE_FAMILIES)
      expect(Object.keys(f.nextSteps).sort()).toEqual([...f.labels].sort());
  });

  it('has unique family names', () => {
    const names = RULE_FAMILIES.map(f => f.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('nextStepsFor', () => {
  it('names the object in the command', () => {
    expect(
      nextStepsFor('oom_killed_limit_too_low', {
        namespace: 'shop',
        name: 'checkout',
        container: 'app',
      })[1].command,
    ).toBe(
      'kubectl -n shop set resources deployment/checkout -c app --limits=memory=<2x current>',
    );
  });

  it('falls back to the insufficient-evidence steps for an unknown label', () => {
    expect(nextStepsFor('nope' as never, {})).toEqual(
      nextStepsFor('insufficient_evidence', {}),
    );
  });
});

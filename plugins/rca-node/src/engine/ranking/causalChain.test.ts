import type { HypothesisDraft } from '../../contracts';
import { linkCauses } from './causalChain';
import { scored } from './score';

const APP = 'component:default/db';

function draft(
  category: HypothesisDraft['category'],
  o: Partial<HypothesisDraft> = {},
): HypothesisDraft {
  return {
    category,
    title: category,
    explanation: '',
    level: 3,
    scope: 'target',
    entityRef: APP,
    evidence: [`${category}-evidence`],
    specificity: 0.8,
    nextSteps: [],
    ...o,
  };
}

const rank = (drafts: HypothesisDraft[]) => {
  const ranked = drafts.map(d => scored(d, {}));
  const explainedBy = linkCauses(ranked);
  return {
    ranked,
    explainedBy,
    order: [...ranked].sort((a, b) => b.score - a.score).map(h => h.category),
  };
};

describe('linkCauses', () => {
  it('ranks a full volume above the readiness failures it causes, and shows the chain', () => {
    // Readiness is read from the pod with a high specificity; the full disk only from a log line.
    const { ranked, order } = rank([
      draft('readiness_probe_failing', { specificity: 0.8, level: 2 }),
      draft('pvc_disk_full', { specificity: 0.6 }),
    ]);
    expect(order).toEqual(['pvc_disk_full', 'readiness_probe_failing']);
    expect(ranked.find(h => h.category === 'pvc_disk_full')?.chain).toEqual([
      'pvc_disk_full',
      'readiness_probe_failing',
    ]);
  });

  it('follows a chain to its deepest cause: policy → DNS → dependency errors', () => {
    const { ranked, order } = rank([
      draft('app_crash_dependency_unreachable', { specificity: 0.9 }),
      draft('dns_resolution_failure', { specificity: 0.85 }),
      draft('networkpolicy_blocking', { specificity: 0.5, level: 1 }),
    ]);
    expect(order).toEqual([
      'networkpolicy_blocking',
      'dns_resolution_failure',
      'app_crash_dependency_unreachable',
    ]);
    expect(
      ranked.find(h => h.category === 'networkpolicy_blocking')?.chain,
    ).toHaveLength(3);
  });

  it('explains a crash loop without a message by a classified cause of the same component', () => {
    const crash = draft('insufficient_evidence', {
      specificity: 0.35,
      symptom: true,
    });
    const { explainedBy } = rank([crash, draft('dns_resolution_failure')]);
    expect([...explainedBy.values()].map(h => h.category)).toEqual([
      'dns_resolution_failure',
    ]);
  });

  it('does not link findings of different components, causes without evidence, or later causes', () => {
    const { explainedBy } = rank([
      draft('readiness_probe_failing'),
      draft('pvc_disk_full', { entityRef: 'component:default/other' }),
      draft('oom_killed_limit_too_low', { evidence: [] }),
    ]);
    expect(explainedBy.size).toBe(0);
    const late = rank([
      draft('readiness_probe_failing', { onset: '2026-01-01T10:00:00Z' }),
      draft('pvc_disk_full', { onset: '2026-01-01T11:00:00Z' }),
    ]);
    expect(late.explainedBy.size).toBe(0);
  });

  it('never makes a configuration-level finding the effect of a container-level one', () => {
    // A heap sized over the limit (level 0) is OOM-killed although memory climbs: not a leak.
    const { order } = rank([
      draft('oom_killed_limit_too_low', { level: 0, specificity: 0.95 }),
      draft('memory_leak', { specificity: 0.93 }),
    ]);
    expect(order[0]).toBe('oom_killed_limit_too_low');
    // Without that, a leak explains the kill it ends in.
    expect(
      rank([
        draft('oom_killed_limit_too_low', { specificity: 0.9 }),
        draft('memory_leak', { specificity: 0.7 }),
      ]).order[0],
    ).toBe('memory_leak');
  });
});

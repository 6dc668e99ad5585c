import type { HypothesisDraft } from '../../contracts';
import {
  distinctCandidates,
  foldCorroborating,
  type RuledOutDraft,
  setAside,
} from './ruledOut';
import { scored } from './score';

function draft(o: Partial<HypothesisDraft>): HypothesisDraft {
  return {
    category: 'insufficient_evidence',
    title: 't',
    explanation: '',
    level: 3,
    scope: 'target',
    evidence: ['e'],
    specificity: 0.3,
    nextSteps: [],
    ...o,
  };
}

describe('setAside', () => {
  it("sets aside what ended or cleared and every other workload's problem, with the reason", () => {
    const old = draft({
      category: 'oom_killed_limit_too_low',
      ruledOut: 'ended 4 days ago',
    });
    const neighbour = draft({ scope: 'namespace', title: 'Unrelated warning' });
    const crashingNeighbour = draft({
      scope: 'namespace',
      category: 'bad_command_or_entrypoint',
      object: 'Pod shop/batch-1',
    });
    const own = draft({ category: 'pvc_disk_full' });
    const { candidates, ruledOut } = setAside([
      old,
      neighbour,
      crashingNeighbour,
      own,
    ]);
    expect(candidates).toEqual([own]);
    expect(ruledOut.map(r => r.ruledOut)).toEqual([
      'ended 4 days ago',
      'not part of the analysed component, and its message names no cause',
      'Pod shop/batch-1 is another workload in the namespace, not part of the analysed component: its own problem, not a cause here',
    ]);
  });
});

describe('distinctCandidates', () => {
  it('keeps one unexplained symptom and sets aside the explained and the repeated', () => {
    const cause = scored(
      draft({ category: 'dns_resolution_failure', title: 'DNS fails' }),
      {},
    );
    const explained = scored(draft({ title: 'crash loop', symptom: true }), {});
    const first = scored(draft({ title: 'pods pending' }), {});
    const again = scored(draft({ title: '5xx rose' }), {});
    const ruledOut: RuledOutDraft[] = [];
    const kept = distinctCandidates(
      [cause, explained, first, again],
      new Map([[explained, cause]]),
      ruledOut,
    );
    expect(kept.map(h => h.title)).toEqual(['DNS fails', 'pods pending']);
    expect(ruledOut.map(r => r.ruledOut)).toEqual([
      'explained by DNS fails',
      'another symptom without a visible cause, listed once as "pods pending"',
    ]);
  });

  it('never keeps two "insufficient evidence" entries, whatever their scope', () => {
    const upstream = scored(
      draft({ scope: 'dependency', title: 'ledger 5xx', symptom: true }),
      {},
    );
    const verdict = scored(draft({ title: 'No cause found' }), {});
    const ruledOut: RuledOutDraft[] = [];
    const kept = distinctCandidates([upstream, verdict], new Map(), ruledOut);
    expect(kept.map(h => h.title)).toEqual(['ledger 5xx']);
    expect(ruledOut).toHaveLength(1);
  });
});

describe('foldCorroborating', () => {
  const subject = {
    cluster: 'c',
    kind: 'Deployment',
    namespace: 'ns',
    name: 'api',
  };
  it('folds a log finding naming the same cause for the same component into the object finding', () => {
    const pods = scored(
      draft({
        category: 'crashloop_missing_env_or_config',
        entityRef: 'component:default/api',
        subject,
        evidence: ['E1', 'E2'],
      }),
      {},
    );
    const logs = scored(
      draft({
        category: 'crashloop_missing_env_or_config',
        entityRef: 'component:default/api',
        object: 'ns/api logs',
        evidence: ['E7', 'E1'],
      }),
      {},
    );
    const kept = foldCorroborating([pods, logs]);
    expect(kept).toEqual([pods]);
    expect(kept[0].evidence).toEqual(['E1', 'E2', 'E7']);
  });

  it('keeps findings about different objects, and other components, apart', () => {
    const policy = (name: string, entityRef = 'component:default/api') =>
      scored(
        draft({
          category: 'networkpolicy_blocking',
          entityRef,
          subject: { ...subject, kind: 'NetworkPolicy', name },
        }),
        {},
      );
    const logsOfOther = scored(
      draft({
        category: 'networkpolicy_blocking',
        entityRef: 'component:default/db',
      }),
      {},
    );
    const list = [policy('deny-all'), policy('allow-dns'), logsOfOther];
    expect(foldCorroborating(list)).toEqual(list);
  });
});

/* eslint-disable no-console */
import type { Outcome, Row } from './scoreRow';

export interface Totals {
  n: number;
  ac1: number;
  ac3: number;
  distractors: number;
  needlesFound: number;
  needles: number;
}

export function totals(outcomes: Outcome[]): Totals {
  const sum = (f: (o: Outcome) => number) =>
    outcomes.reduce((a, o) => a + f(o), 0);
  const n = outcomes.length;
  return {
    n,
    ac1: sum(o => (o.top1 ? 1 : 0)) / Math.max(1, n),
    ac3: sum(o => (o.top3 ? 1 : 0)) / Math.max(1, n),
    distractors: sum(o => (o.distractor ? 1 : 0)),
    needlesFound: sum(o => o.needlesFound),
    needles: sum(o => o.needles),
  };
}

const pad = (v: string, n: number) => v.slice(0, n).padEnd(n);
const mark = (o?: Outcome) => {
  if (!o) return '  ';
  return `${o.top1 ? '✓' : '✗'}${o.top3 ? '✓' : '✗'}`;
};

/** One line per scenario: before, after and the k8sgpt-style baseline side by side. */
export function printRows(
  rows: Row[],
  before: (name: string) => Outcome | undefined,
) {
  console.log(
    `| ${pad('scenario', 34)} | ${pad('expected', 34)} | ${pad(
      'before',
      34,
    )} | b@1@3 | ${pad('after', 34)} | a@1@3 | ${pad(
      'distractor',
      16,
    )} | needles | ${pad('k8sgpt-style', 34)} | k@1@3 |`,
  );
  console.log(
    `|${['36', '36', '36', '7', '36', '7', '18', '9', '36', '7']
      .map(w => '-'.repeat(Number(w)))
      .join('|')}|`,
  );
  for (const r of rows) {
    const b = before(r.name);
    const after = r.error ? `ERROR ${r.error}` : r.after.first;
    console.log(
      `| ${pad(`${r.set === 'blind' ? '◆ ' : ''}${r.name}`, 34)} | ${pad(
        r.expected,
        34,
      )} | ${pad(b?.first ?? '-', 34)} |  ${mark(b)}   | ${pad(
        after,
        34,
      )} |  ${mark(r.after)}   | ${pad(r.after.distractor ?? '', 16)} | ${pad(
        `${r.after.needlesFound}/${r.after.needles}`,
        7,
      )} | ${pad(r.k8sgpt.first, 34)} |  ${mark(r.k8sgpt)}   |`,
    );
  }
}

const f3 = (v: number) => v.toFixed(3);
const recall = (t: Totals) =>
  `${f3(t.needlesFound / Math.max(1, t.needles))} (${t.needlesFound}/${
    t.needles
  })`;

/** The totals of one scenario set: before, after, k8sgpt-style and the target. */
export function printTotals(
  title: string,
  before: Totals,
  after: Totals,
  k8sgpt: Totals,
) {
  console.log('');
  console.log(`${title} (${after.n} scenarios)`);
  console.log('');
  console.log('| metric | before | after | k8sgpt-style | target |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| AC@1 | ${f3(before.ac1)} | ${f3(after.ac1)} | ${f3(
      k8sgpt.ac1,
    )} | ≥ 0.95 |`,
  );
  console.log(
    `| AC@3 | ${f3(before.ac3)} | ${f3(after.ac3)} | ${f3(
      k8sgpt.ac3,
    )} | ≥ 0.98 |`,
  );
  console.log(
    `| distractor ranked first | ${before.distractors} | ${after.distractors} | ${k8sgpt.distractors} | 0 |`,
  );
  console.log(
    `| needle recall | ${recall(before)} | ${recall(after)} | ${recall(
      k8sgpt,
    )} | 1.000 |`,
  );
}

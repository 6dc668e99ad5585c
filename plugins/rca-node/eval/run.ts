/* eslint-disable no-console */
import { writeFileSync } from 'node:fs';
import {
  evaluate,
  type EvalResult,
  startBackends,
  stopBackends,
} from './evaluate';
import { scenarios } from './scenarios';

// `yarn eval:rca`: AC@1, AC@3 and distractor-first over the scenario suite, against the targets.
async function main() {
  const backends = await startBackends();
  const results: EvalResult[] = [];
  try {
    for (const s of scenarios) results.push(await evaluate(s, backends));
  } finally {
    await stopBackends(backends);
  }
  // RCA_EVAL_DUMP=file: every scenario's full ranking, to diff before and after a refactor.
  if (process.env.RCA_EVAL_DUMP) {
    const dump = results.map(r => ({ name: r.name, ranking: r.fingerprint }));
    writeFileSync(
      process.env.RCA_EVAL_DUMP,
      `${JSON.stringify(dump, null, 1)}\n`,
    );
  }
  const pad = (v: string, n: number) => v.padEnd(n);
  console.log(
    `| ${pad('scenario', 28)} | ${pad('expected', 38)} | ${pad(
      'ranked first',
      38,
    )} | @1 | @3 |`,
  );
  console.log(
    `|${'-'.repeat(30)}|${'-'.repeat(40)}|${'-'.repeat(40)}|----|----|`,
  );
  for (const r of results) {
    console.log(
      `| ${pad(r.name, 28)} | ${pad(r.expected, 38)} | ${pad(
        r.ranked[0] ?? '-',
        38,
      )} | ${r.top1 ? ' ✓' : ' ✗'} | ${r.top3 ? ' ✓' : ' ✗'} |`,
    );
  }
  const n = results.length;
  const ac1 = results.filter(r => r.top1).length / n;
  const ac3 = results.filter(r => r.top3).length / n;
  const distractors = results.filter(r => r.distractorFirst).length;
  const labels = new Set(scenarios.map(s => s.expected)).size;
  console.log('');
  console.log(`| metric | value | target |`);
  console.log(`|---|---|---|`);
  console.log(`| scenarios (labels) | ${n} (${labels}) | ≥ 25 |`);
  console.log(`| AC@1 | ${ac1.toFixed(3)} | ≥ 0.90 |`);
  console.log(`| AC@3 | ${ac3.toFixed(3)} | = 1.0 |`);
  console.log(`| distractor ranked first | ${distractors} | 0 |`);
  const pass = n >= 25 && ac1 >= 0.9 && ac3 === 1 && distractors === 0;
  console.log(pass ? '\nPASS: all targets met' : '\nFAIL: a target is missed');
  process.exit(pass ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

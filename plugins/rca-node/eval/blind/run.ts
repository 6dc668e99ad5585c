/* eslint-disable no-console */
import { execSync } from 'node:child_process';
import { startBackends, stopBackends } from '../evaluate';
import { type BlindResult, evaluateBlind } from './evaluateBlind';
import { blindScenarios } from './scenarios';

/**
 * `yarn eval:rca:blind`: the blind set through the real engine. It records a baseline, so it
 * always exits 0; it is not part of Jest. `--only <substring>` runs the matching scenarios.
 */

const pad = (v: string, n: number) => v.padEnd(n);
const mark = (ok: boolean) => (ok ? ' ✓' : ' ✗');

function row(r: BlindResult) {
  const found = r.needlesFound.length;
  const all = found + r.needlesMissed.length;
  const first = r.error ? `ERROR ${r.error.slice(0, 60)}` : r.ranked[0] ?? '-';
  return `| ${pad(r.name, 34)} | ${pad(r.expected, 36)} | ${pad(
    first,
    36,
  )} | ${mark(r.top1)} | ${mark(r.top3)} | ${pad(
    r.distractor ?? '',
    24,
  )} | ${found}/${all} |`;
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function printTotals(results: BlindResult[]) {
  const n = results.length;
  const ac1 = results.filter(r => r.top1).length;
  const ac3 = results.filter(r => r.top3).length;
  const distractors = results.filter(r => r.distractor).length;
  const found = results.reduce((a, r) => a + r.needlesFound.length, 0);
  const needles = results.reduce(
    (a, r) => a + r.needlesFound.length + r.needlesMissed.length,
    0,
  );
  const labels = new Set(results.map(r => r.expected)).size;
  console.log('');
  console.log('| metric | value |');
  console.log('|---|---|');
  console.log(`| scenarios (labels) | ${n} (${labels}) |`);
  console.log(`| AC@1 | ${(ac1 / n).toFixed(3)} (${ac1}/${n}) |`);
  console.log(`| AC@3 | ${(ac3 / n).toFixed(3)} (${ac3}/${n}) |`);
  console.log(`| distractor ranked first | ${distractors} |`);
  console.log(
    `| needle recall | ${(found / Math.max(1, needles)).toFixed(
      3,
    )} (${found}/${needles}) |`,
  );
  console.log(`| errors | ${results.filter(r => r.error).length} |`);
}

async function main() {
  const only = process.argv.indexOf('--only');
  const filter = only > 0 ? process.argv[only + 1] : undefined;
  const set = blindScenarios.filter(s => !filter || s.name.includes(filter));
  const backends = await startBackends();
  const results: BlindResult[] = [];
  try {
    for (const s of set) results.push(await evaluateBlind(s, backends));
  } finally {
    await stopBackends(backends);
  }
  console.log(
    `Blind RCA evaluation — ${new Date()
      .toISOString()
      .slice(0, 10)}, engine ${commit()}`,
  );
  console.log('');
  console.log(
    `| ${pad('scenario', 34)} | ${pad('expected', 36)} | ${pad(
      'ranked first',
      36,
    )} | @1 | @3 | ${pad('distractor first', 24)} | needles |`,
  );
  console.log(
    `|${'-'.repeat(36)}|${'-'.repeat(38)}|${'-'.repeat(
      38,
    )}|----|----|${'-'.repeat(26)}|---------|`,
  );
  for (const r of results) console.log(row(r));
  printTotals(results);
  if (process.env.RCA_BLIND_VERBOSE)
    for (const r of results)
      console.log(
        `${r.name}: ranked ${r.ranked.join(
          ' > ',
        )}; missed ${r.needlesMissed.join(', ')}`,
      );
}

main()
  .catch(e => console.error(e))
  .finally(() => process.exit(0));

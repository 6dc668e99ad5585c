/* eslint-disable no-console */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { evaluateBlind } from './blind/evaluateBlind';
import { blindScenarios } from './blind/scenarios';
import before from './before.json';
import {
  type EvalBackends,
  evaluate,
  type EvalResult,
  startBackends,
  stopBackends,
} from './evaluate';
import { printRows, printTotals, totals, type Totals } from './printTable';
import { labelOf } from './k8sgpt/labelOf';
import { scenarios } from './scenarios';
import { blindRow, existingRow, type Outcome, type Row } from './scoreRow';

/**
 * `yarn eval:rca`: the existing scenarios and the blind set (◆) through the real engine, each row
 * beside the engine's recorded result before this round's changes and a k8sgpt-style baseline on
 * the same objects and logs. Exits 1 when the combined set misses a target.
 * `--only <substring>` runs the matching scenarios; RCA_EVAL_DUMP=file writes every full ranking.
 */

const recorded: Record<string, Outcome> = before.scenarios;

async function runAll(b: EvalBackends, only?: string) {
  const pick = <T extends { name: string }>(list: T[]) =>
    list.filter(s => !only || s.name.includes(only));
  const existing: EvalResult[] = [];
  const rows: Row[] = [];
  for (const s of pick(scenarios)) {
    const r = await evaluate(s, b);
    existing.push(r);
    rows.push(existingRow(r));
  }
  for (const s of pick(blindScenarios))
    rows.push(blindRow(s, await evaluateBlind(s, b)));
  return { existing, rows };
}

/** RCA_EVAL_VERBOSE=1: each scenario's k8sgpt-style Results and the label each maps to. */
function printFlags(rows: Row[]) {
  for (const r of rows) {
    console.log(`\n${r.name}: k8sgpt-style ${r.k8sgpt.first}`);
    for (const f of r.k8sgptFlags ?? [])
      console.log(
        `  ${f.kind} ${f.name} → ${labelOf(f)}: ${f.text.slice(0, 160)}`,
      );
  }
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function summarise(title: string, rows: Row[]): Totals {
  const b = totals(rows.map(r => recorded[r.name]).filter(Boolean));
  const a = totals(rows.map(r => r.after));
  printTotals(title, b, a, totals(rows.map(r => r.k8sgpt)));
  return a;
}

async function main() {
  const only = process.argv.indexOf('--only');
  const backends = await startBackends();
  let result: Awaited<ReturnType<typeof runAll>>;
  try {
    result = await runAll(
      backends,
      only > 0 ? process.argv[only + 1] : undefined,
    );
  } finally {
    await stopBackends(backends);
  }
  if (process.env.RCA_EVAL_DUMP) {
    const dump = result.existing.map(r => ({
      name: r.name,
      ranking: r.fingerprint,
    }));
    writeFileSync(
      process.env.RCA_EVAL_DUMP,
      `${JSON.stringify(dump, null, 1)}\n`,
    );
  }
  const { rows } = result;
  console.log(
    `RCA evaluation — engine ${commit()}; before = engine ${before.engine} (${
      before.note
    })`,
  );
  console.log(
    '◆ = blind set; b/a/k@1@3 = ranked first / in the first three (✓ ✗)\n',
  );
  printRows(rows, name => recorded[name]);
  summarise(
    'Existing scenarios',
    rows.filter(r => r.set === 'existing'),
  );
  summarise(
    'Blind scenarios',
    rows.filter(r => r.set === 'blind'),
  );
  const all = summarise('Combined', rows);
  if (process.env.RCA_EVAL_VERBOSE) printFlags(rows);
  const pass =
    all.ac1 >= 0.95 &&
    all.ac3 >= 0.98 &&
    all.distractors === 0 &&
    all.needlesFound === all.needles;
  console.log(pass ? '\nPASS: all targets met' : '\nFAIL: a target is missed');
  process.exit(pass ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

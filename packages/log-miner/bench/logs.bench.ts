/* eslint-disable no-console */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  average,
  loadCorpus,
  loadLogHub,
  score,
  type Scorer,
} from './accuracy';
import { minerGrouper, naiveGrouper } from './groupers';
import { cappedStream, throughput } from './speed';

// `yarn bench:logs`: ONE table, every row beside the naive digit-masking baseline run in this same
// process, with ONE default miner configuration for everything (nothing per system or format):
// grouping accuracy on the Kubernetes corpus (corpus/out, generated) and on LogHub-2k, throughput
// on one core (plain and JSON lines), memory under the template cap. Exits 1 when a target fails.
// Data: LOGHUB_DIR (default ../shared/data/loghub-2k), scorer LOGHUB_SCORER.

// yarn runs workspace scripts from the package folder.
const PACKAGE = process.cwd();
const ROOT = resolve(PACKAGE, '../..');
const DATA = resolve(
  process.env.LOGHUB_DIR ?? resolve(ROOT, '../shared/data/loghub-2k'),
);
const SCORER = resolve(
  process.env.LOGHUB_SCORER ?? resolve(DATA, '../../tools/loghub-ga.mjs'),
);
const CAP = 2_000;

interface Row {
  metric: string;
  target: string;
  naive: string;
  ours: string;
  pass: boolean;
}

const ga = (x: number) => x.toFixed(3);
const rate = (x: number) => `${Math.round(x).toLocaleString('en-US')} lines/s`;

function perFormatTable(
  naive: Map<string, number>,
  ours: Map<string, number>,
  sizes: Map<string, number>,
) {
  console.log('Grouping accuracy per set (one default configuration)');
  console.log('| set | records | naive GA | ours GA |');
  console.log('|---|---:|---:|---:|');
  for (const [name, o] of ours)
    console.log(
      `| ${name} | ${sizes.get(name)} | ${ga(naive.get(name)!)} | ${ga(o)} |`,
    );
  console.log('');
}

function accuracyRows(scorer: Scorer): { rows: Row[]; plain: string[] } {
  const corpus = loadCorpus(resolve(PACKAGE, 'corpus/out'));
  const loghub = loadLogHub(DATA, scorer);
  const sizes = new Map(
    [...corpus, ...loghub].map(([k, v]) => [k, v.contents.length]),
  );
  const cNaive = score(corpus, naiveGrouper, scorer);
  const cOurs = score(corpus, minerGrouper, scorer);
  const lNaive = score(loghub, naiveGrouper, scorer);
  const lOurs = score(loghub, minerGrouper, scorer);
  perFormatTable(cNaive, cOurs, sizes);
  perFormatTable(lNaive, lOurs, sizes);
  const rows: Row[] = [
    {
      metric: 'corpus GA, all 16 formats in one stream (58 506 records)',
      target: '≥ 0.95',
      naive: ga(cNaive.get('all')!),
      ours: ga(cOurs.get('all')!),
      pass: cOurs.get('all')! >= 0.95,
    },
    {
      metric: 'corpus GA, average of the 16 formats mined apart',
      target: '(shown)',
      naive: ga(average(cNaive, 'all')),
      ours: ga(average(cOurs, 'all')),
      pass: true,
    },
    {
      metric: 'LogHub-2k GA, average of 16 systems',
      target: '≥ 0.93',
      naive: ga(average(lNaive)),
      ours: ga(average(lOurs)),
      pass: average(lOurs) >= 0.93,
    },
  ];
  const plain = [...loghub.values()].flatMap(s => s.contents);
  const json = corpus
    .get('all')!
    .contents.filter(c => c.startsWith('{') && !c.includes('\n'));
  return { rows: [...rows, ...speedRows(plain, json)], plain };
}

function speedRows(plain: string[], json: string[]): Row[] {
  const p = throughput(plain, 10);
  const j = throughput(json, 20);
  const memory = cappedStream(CAP);
  return [
    {
      metric: `throughput, plain (LogHub ${plain.length} lines × 10), one core, median of 5`,
      target: '≥ 400,000',
      naive: rate(p.naive),
      ours: rate(p.ours),
      pass: p.ours >= 400_000,
    },
    {
      metric: `throughput, JSON (corpus ${json.length} lines × 20), one core, median of 5`,
      target: '≥ 200,000',
      naive: rate(j.naive),
      ours: rate(j.ours),
      pass: j.ours >= 200_000,
    },
    {
      metric: `templates after 300,000 never-repeating lines (cap ${CAP})`,
      target: `≤ ${CAP}`,
      naive: '(no cap)',
      ours: String(memory.templates),
      pass: memory.templates <= CAP,
    },
    {
      metric: `heap growth over that stream${
        global.gc ? '' : ' (no --expose-gc: approximate)'
      }`,
      target: '≤ 64 MB',
      naive: '',
      ours: `${memory.heapMb.toFixed(1)} MB`,
      pass: memory.heapMb <= 64,
    },
  ];
}

async function main() {
  if (!existsSync(resolve(DATA, 'settings.json'))) {
    console.error(
      `LogHub-2k not found at ${DATA}; set LOGHUB_DIR to the folder holding settings.json`,
    );
    process.exit(2);
  }
  const scorer: Scorer = await import(pathToFileURL(SCORER).href);
  const { rows } = accuracyRows(scorer);
  console.log('| metric | target | naive baseline | ours | result |');
  console.log('|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.metric} | ${r.target} | ${r.naive} | ${r.ours} | ${
        r.pass ? 'PASS' : 'FAIL'
      } |`,
    );
  const pass = rows.every(r => r.pass);
  console.log(pass ? '\nPASS: all targets met' : '\nFAIL: a target is missed');
  process.exit(pass ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

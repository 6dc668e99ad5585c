/* eslint-disable no-console */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LogTemplateMiner } from '../src/LogTemplateMiner';

// `yarn bench:logs`: grouping accuracy on LogHub-2k with ONE default configuration for every
// system (nothing per system at all: the miner reads the `Content` column), throughput on one core,
// and memory under the template cap. Data: LOGHUB_DIR, default ../shared/data/loghub-2k.

// yarn runs workspace scripts from the package folder.
const ROOT = resolve(process.cwd(), '../..');
const DATA = resolve(
  process.env.LOGHUB_DIR ?? resolve(ROOT, '../shared/data/loghub-2k'),
);
const SCORER = resolve(
  process.env.LOGHUB_SCORER ?? resolve(DATA, '../../tools/loghub-ga.mjs'),
);

/** Published figures from the data README: Drain3 benchmark-tuned, Drain3 defaults (where given). */
const REFERENCE: Record<string, [number, number | undefined]> = {
  HDFS: [0.998, undefined],
  Hadoop: [0.948, undefined],
  Spark: [0.92, undefined],
  Zookeeper: [0.967, undefined],
  BGL: [0.963, undefined],
  HPC: [0.887, undefined],
  Thunderbird: [0.955, undefined],
  Windows: [0.997, 0.571],
  Linux: [0.69, undefined],
  Android: [0.831, undefined],
  HealthApp: [0.78, undefined],
  Apache: [1, undefined],
  Proxifier: [0.526, 0.025],
  OpenSSH: [0.788, undefined],
  OpenStack: [0.733, undefined],
  Mac: [0.787, undefined],
};

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

type Scorer = {
  evaluate(
    eventIds: string[],
    templates: string[],
    predicted: string[],
  ): { GA: number };
  parseCsv(text: string): unknown[];
};

/** Grouping accuracy per system, each mined by a fresh miner with the default configuration. */
function groupingAccuracy(systems: string[], { evaluate, parseCsv }: Scorer) {
  const rows: string[] = [];
  const all: string[] = [];
  let gaSum = 0;
  let belowDefault = 0;
  for (const system of systems) {
    const truth = parseCsv(
      readFileSync(
        resolve(DATA, system, `${system}_2k.log_structured.csv`),
        'utf8',
      ),
    ) as Array<{ Content: string; EventId: string; EventTemplate: string }>;
    // The data set ships `Content` already split from the header, so no per-system format is needed.
    const contents = truth.map(t => t.Content);
    all.push(...contents);
    const miner = new LogTemplateMiner();
    const ids = contents.map(c => miner.add(c).id);
    const keyOf = new Map(miner.templates().map(t => [t.id, t.key]));
    const predicted = ids.map(id => keyOf.get(id)!);
    const r = evaluate(
      truth.map(t => t.EventId),
      truth.map(t => t.EventTemplate),
      predicted,
    );
    gaSum += r.GA;
    const [tuned, defaults] = REFERENCE[system] ?? [NaN, undefined];
    if (defaults !== undefined && r.GA < defaults) belowDefault++;
    rows.push(
      `| ${system.padEnd(11)} | ${r.GA.toFixed(3)} | ${String(
        miner.size,
      ).padStart(9)} | ${tuned.toFixed(3)} | ${
        defaults === undefined ? '     ' : defaults.toFixed(3)
      } |`,
    );
  }
  return { rows, all, avg: gaSum / systems.length, belowDefault };
}

/** Throughput: the contents replayed ten times into one miner, on this single thread. */
function throughput(all: string[], replay: number) {
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const miner = new LogTemplateMiner();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < replay; i++) for (const c of all) miner.add(c);
    runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return (all.length * replay) / median(runs);
}

/** Memory: a stream of never-repeating shapes must stay under the template cap. */
function cappedStream(cap: number) {
  const capped = new LogTemplateMiner({ maxTemplates: cap });
  const word = (n: number) => {
    let w = '';
    for (let k = n + 1; k > 0; k = Math.floor(k / 26))
      w += String.fromCharCode(97 + (k % 26));
    return w;
  };
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  // mulberry32: integer maths only, so the stream is the same on every run.
  let seed = 7;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  for (let i = 0; i < 300_000; i++) {
    // Every line a new shape: constant-looking words that never repeat.
    const n = 4 + (rand() % 12);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push(word(rand() % 1_000_000));
    capped.add(parts.join(' '));
  }
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  return { templates: capped.size, heapMb };
}

/** Prints the tables; true when every target is met. */
function report(
  accuracy: ReturnType<typeof groupingAccuracy>,
  replay: number,
  linesPerSec: number,
  cap: number,
  memory: ReturnType<typeof cappedStream>,
): boolean {
  const { rows, all, avg, belowDefault } = accuracy;
  console.log('Grouping accuracy, one default configuration for all systems');
  console.log(
    '| system      | GA    | templates | Drain3 tuned | Drain3 default |',
  );
  console.log(
    '|-------------|-------|-----------|--------------|----------------|',
  );
  for (const r of rows) console.log(r);
  console.log(
    `| **average** | ${avg.toFixed(3)} |           | 0.860 | 0.732 |`,
  );
  console.log('');
  console.log('| metric | value | target |');
  console.log('|---|---|---|');
  console.log(`| average GA | ${avg.toFixed(3)} | ≥ 0.90 |`);
  console.log(
    `| systems below Drain3 default (where published) | ${belowDefault} | 0 |`,
  );
  console.log(
    `| throughput, ${all.length} lines × ${replay}, one core | ${Math.round(
      linesPerSec,
    ).toLocaleString('en-US')} lines/s | ≥ 400,000 |`,
  );
  console.log(
    `| templates after 300,000 unique-shape lines (cap ${cap}) | ${memory.templates} | ≤ ${cap} |`,
  );
  console.log(
    `| heap growth over that stream${
      global.gc ? '' : ' (no --expose-gc: approximate)'
    } | ${memory.heapMb.toFixed(1)} MB | bounded |`,
  );
  return (
    avg >= 0.9 &&
    belowDefault === 0 &&
    linesPerSec >= 400_000 &&
    memory.templates <= cap
  );
}

async function main() {
  if (!existsSync(resolve(DATA, 'settings.json'))) {
    console.error(
      `LogHub-2k not found at ${DATA}; set LOGHUB_DIR to the folder holding settings.json`,
    );
    process.exit(2);
  }
  const scorer: Scorer = await import(pathToFileURL(SCORER).href);
  const settings = JSON.parse(
    readFileSync(resolve(DATA, 'settings.json'), 'utf8'),
  );
  const accuracy = groupingAccuracy(Object.keys(settings.systems), scorer);
  const replay = 10;
  const linesPerSec = throughput(accuracy.all, replay);
  const cap = 2_000;
  const memory = cappedStream(cap);
  const pass = report(accuracy, replay, linesPerSec, cap, memory);
  console.log(pass ? '\nPASS: all targets met' : '\nFAIL: a target is missed');
  process.exit(pass ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

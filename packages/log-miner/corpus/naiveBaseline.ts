/* eslint-disable no-console */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { csvRow, parseCsv } from './csv';

// The floor any template miner must beat: replace every run of digits with `<*>` and group lines
// by the result. Writes out/<format>/<format>_naive.csv (LineId,EventTemplate) next to each
// structured file and scores it with the LogHub grouping-accuracy scorer when it is reachable:
//   node --require @backstage/cli/config/nodeTransform.cjs packages/log-miner/corpus/naiveBaseline.ts
// LOGHUB_SCORER overrides the scorer path (default ../shared/tools/loghub-ga.mjs beside the repository).

const OUT = resolve(__dirname, 'out');
const REPO = resolve(__dirname, '../../..');
const SCORER = resolve(
  process.env.LOGHUB_SCORER ?? resolve(REPO, '../shared/tools/loghub-ga.mjs'),
);

/** The naive grouper: digit runs become `<*>`. */
export function naiveTemplate(content: string): string {
  return content.replace(/\d+/g, '<*>');
}

interface Scores {
  GA: number;
  FGA: number;
  PA: number;
  gtGroups: number;
  predGroups: number;
  n: number;
}
type Evaluate = (
  gtIds: string[],
  gtTemplates: string[],
  pred: string[],
) => Scores;

function predict(name: string): {
  gtIds: string[];
  gtTemplates: string[];
  pred: string[];
} {
  const rows = parseCsv(
    readFileSync(resolve(OUT, name, `${name}_structured.csv`), 'utf8'),
  );
  const pred = rows.map(r => naiveTemplate(r.Content));
  const lines = rows.map((r, i) => csvRow([r.LineId, pred[i]]));
  writeFileSync(
    resolve(OUT, name, `${name}_naive.csv`),
    csvRow(['LineId', 'EventTemplate']) + lines.join(''),
  );
  return {
    gtIds: rows.map(r => r.EventId),
    gtTemplates: rows.map(r => r.EventTemplate),
    pred,
  };
}

async function main(): Promise<void> {
  if (!existsSync(OUT))
    throw new Error(`no corpus at ${OUT}: run generate.ts first`);
  const formats = readdirSync(OUT, { withFileTypes: true })
    .filter(d => d.isDirectory() && d.name !== 'all')
    .map(d => d.name);
  const scorer: { evaluate: Evaluate } | undefined = existsSync(SCORER)
    ? await import(pathToFileURL(SCORER).href)
    : undefined;
  if (!scorer)
    console.log(`scorer not found at ${SCORER}: writing predictions only`);
  const table: string[] = [
    '| format | lines | templates | naive groups | GA | FGA | PA |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const name of [...formats, 'all']) {
    const { gtIds, gtTemplates, pred } = predict(name);
    if (!scorer) continue;
    const s = scorer.evaluate(gtIds, gtTemplates, pred);
    table.push(
      `| ${name} | ${s.n} | ${s.gtGroups} | ${s.predGroups} | ${s.GA.toFixed(
        3,
      )} | ${s.FGA.toFixed(3)} | ${s.PA.toFixed(3)} |`,
    );
  }
  if (scorer) console.log(table.join('\n'));
}

main().catch(err => {
  console.error(err);
  process.exitCode = 1;
});

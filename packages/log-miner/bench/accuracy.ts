import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCsv as parseCorpusCsv } from '../corpus/csv';
import type { Grouper } from './groupers';

export type Scorer = {
  evaluate(
    eventIds: string[],
    templates: string[],
    predicted: string[],
  ): { GA: number };
  parseCsv(text: string): unknown[];
};

interface Labelled {
  contents: string[];
  ids: string[];
  templates: string[];
}

/** LogHub-2k: each system's `Content` column (already split from its header) and its truth. */
export function loadLogHub(dir: string, scorer: Scorer): Map<string, Labelled> {
  const settings = JSON.parse(
    readFileSync(resolve(dir, 'settings.json'), 'utf8'),
  );
  const out = new Map<string, Labelled>();
  for (const system of Object.keys(settings.systems)) {
    const rows = scorer.parseCsv(
      readFileSync(
        resolve(dir, system, `${system}_2k.log_structured.csv`),
        'utf8',
      ),
    ) as Array<Record<string, string>>;
    out.set(system, {
      contents: rows.map(r => r.Content),
      ids: rows.map(r => r.EventId),
      templates: rows.map(r => r.EventTemplate),
    });
  }
  return out;
}

/** The generated corpus: every format, and the combined file (all formats in one stream). */
export function loadCorpus(outDir: string): Map<string, Labelled> {
  const file = resolve(outDir, 'all', 'all_structured.csv');
  if (!existsSync(file))
    throw new Error(
      `no corpus at ${file}: run node --require @backstage/cli/config/nodeTransform.cjs packages/log-miner/corpus/generate.ts`,
    );
  const rows = parseCorpusCsv(readFileSync(file, 'utf8'));
  const out = new Map<string, Labelled>();
  const add = (name: string, r: Record<string, string>) => {
    let l = out.get(name);
    if (!l) {
      l = { contents: [], ids: [], templates: [] };
      out.set(name, l);
    }
    l.contents.push(r.Content);
    l.ids.push(r.EventId);
    l.templates.push(r.EventTemplate);
  };
  for (const r of rows) add(r.Format, r);
  for (const r of rows) add('all', r);
  return out;
}

/** Grouping accuracy of one grouper on every labelled set. */
export function score(
  sets: Map<string, Labelled>,
  group: Grouper,
  scorer: Scorer,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, s] of sets)
    out.set(name, scorer.evaluate(s.ids, s.templates, group(s.contents)).GA);
  return out;
}

export function average(scores: Map<string, number>, skip?: string): number {
  const xs = [...scores].filter(([k]) => k !== skip).map(([, v]) => v);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

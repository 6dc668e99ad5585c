/* eslint-disable no-console */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvRow } from './csv';
import { FORMATS } from './formats';
import { allocate, FormatSpec, Gen, render, validateFormat } from './model';
import { hashSeed, Rng } from './rng';
import { buildWorld, World } from './world';

// Writes the labelled corpus (see README.md):
//   node --require @backstage/cli/config/nodeTransform.cjs packages/log-miner/corpus/generate.ts
// out/<format>/<format>_structured.csv   LineId,Content,EventId,EventTemplate (LogHub layout)
// out/<format>/<format>_templates.csv    EventId,EventTemplate,Occurrences
// out/all/all_structured.csv             LineId,Format,Content,EventId,EventTemplate (EventId = format:E<n>)
// out/summary.json, and sample/<format>.csv (one record per template, kept in the repository).

const SEED = 20240307;
/** Every format covers the same three hours. */
const START_US = Date.UTC(2024, 2, 7, 9, 0, 0) * 1000;
const SPAN_US = 3 * 3600 * 1e6;
const OUT = resolve(__dirname, 'out');
const SAMPLE = resolve(__dirname, 'sample');

interface Row {
  readonly content: string;
  readonly template: string;
}

interface FormatResult {
  readonly spec: FormatSpec;
  readonly rows: readonly Row[];
  /** Template text -> `E<n>`, numbered in table order. */
  readonly ids: ReadonlyMap<string, string>;
}

function templateIds(spec: FormatSpec): Map<string, string> {
  const ids = new Map<string, string>();
  for (const entry of spec.entries) {
    for (const tpl of entry.templates) {
      if (!ids.has(tpl.text)) ids.set(tpl.text, `E${ids.size + 1}`);
    }
  }
  return ids;
}

function generateFormat(spec: FormatSpec, world: World): FormatResult {
  validateFormat(spec);
  const r = new Rng(hashSeed(SEED, spec.name));
  const order = allocate(spec, r);
  const gap = SPAN_US / order.length;
  const rows: Row[] = [];
  let us = START_US;
  for (const entry of order) {
    us += Math.round(r.exp(gap));
    const kept = new Map<string, string>();
    for (const tpl of entry.templates) {
      const g: Gen = {
        r,
        w: world,
        us,
        keep: (key, make) => {
          if (!kept.has(key)) kept.set(key, make());
          return kept.get(key)!;
        },
      };
      rows.push({ content: render(tpl, g), template: tpl.text });
      us += r.int(20, 3000);
    }
  }
  return { spec, rows, ids: templateIds(spec) };
}

/** A line that two templates could both have produced would make the labels ambiguous. */
function checkUnambiguous(result: FormatResult): void {
  const seen = new Map<string, string>();
  for (const row of result.rows) {
    const before = seen.get(row.content);
    if (before !== undefined && before !== row.template) {
      throw new Error(
        `${result.spec.name}: one line, two templates:\n${row.content}\n${before}\n${row.template}`,
      );
    }
    seen.set(row.content, row.template);
  }
}

function writeFormat({ spec, rows, ids }: FormatResult): void {
  const dir = resolve(OUT, spec.name);
  mkdirSync(dir, { recursive: true });
  const counts = new Map<string, number>();
  let structured = csvRow(['LineId', 'Content', 'EventId', 'EventTemplate']);
  const sample = new Map<string, string>();
  rows.forEach((row, i) => {
    const id = ids.get(row.template)!;
    counts.set(row.template, (counts.get(row.template) ?? 0) + 1);
    const line = csvRow([i + 1, row.content, id, row.template]);
    structured += line;
    if (!sample.has(row.template)) sample.set(row.template, line);
  });
  writeFileSync(resolve(dir, `${spec.name}_structured.csv`), structured);
  let templates = csvRow(['EventId', 'EventTemplate', 'Occurrences']);
  for (const [text, id] of ids)
    templates += csvRow([id, text, counts.get(text) ?? 0]);
  writeFileSync(resolve(dir, `${spec.name}_templates.csv`), templates);
  const sampleRows = [...ids.keys()].map(text => sample.get(text) ?? '');
  writeFileSync(
    resolve(SAMPLE, `${spec.name}.csv`),
    csvRow(['LineId', 'Content', 'EventId', 'EventTemplate']) +
      sampleRows.join(''),
  );
}

function writeCombined(results: readonly FormatResult[]): void {
  const owner = new Map<string, string>();
  for (const { spec, ids } of results) {
    for (const text of ids.keys()) {
      const other = owner.get(text);
      if (other !== undefined) {
        throw new Error(`template in both ${other} and ${spec.name}: ${text}`);
      }
      owner.set(text, spec.name);
    }
  }
  const dir = resolve(OUT, 'all');
  mkdirSync(dir, { recursive: true });
  const chunks = [
    csvRow(['LineId', 'Format', 'Content', 'EventId', 'EventTemplate']),
  ];
  let lineId = 0;
  for (const { spec, rows, ids } of results) {
    for (const row of rows) {
      const id = `${spec.name}:${ids.get(row.template)}`;
      chunks.push(csvRow([++lineId, spec.name, row.content, id, row.template]));
    }
  }
  writeFileSync(resolve(dir, 'all_structured.csv'), chunks.join(''));
}

/** Template pairs whose texts differ in exactly one whitespace-separated token (`closed` vs `opened`). */
function oneTokenPairs(templates: readonly string[]): number {
  const split = templates.map(x => x.split(/\s+/));
  let pairs = 0;
  for (let i = 0; i < split.length; i++) {
    for (let j = i + 1; j < split.length; j++) {
      const [a, b] = [split[i], split[j]];
      if (a.length !== b.length) continue;
      let diff = 0;
      for (let k = 0; k < a.length && diff < 2; k++) if (a[k] !== b[k]) diff++;
      if (diff === 1) pairs++;
    }
  }
  return pairs;
}

function summarize(result: FormatResult) {
  const counts = new Map<string, number>();
  for (const row of result.rows)
    counts.set(row.template, (counts.get(row.template) ?? 0) + 1);
  const sizes = [...counts.values()];
  return {
    format: result.spec.name,
    title: result.spec.title,
    records: result.rows.length,
    physicalLines: result.rows.reduce(
      (s, row) => s + row.content.split('\n').length,
      0,
    ),
    multiLineRecords: result.rows.filter(row => row.content.includes('\n'))
      .length,
    templates: counts.size,
    seenOnce: sizes.filter(n => n === 1).length,
    seenTwice: sizes.filter(n => n === 2).length,
    oneTokenPairs: oneTokenPairs([...counts.keys()]),
    largestTemplateShare: Number(
      (Math.max(...sizes) / result.rows.length).toFixed(3),
    ),
  };
}

function main(): void {
  const started = Date.now();
  const world = buildWorld(hashSeed(SEED, 'world'));
  mkdirSync(SAMPLE, { recursive: true });
  const results = FORMATS.map(spec => generateFormat(spec, world));
  results.forEach(checkUnambiguous);
  results.forEach(writeFormat);
  writeCombined(results);
  const summary = results.map(summarize);
  writeFileSync(
    resolve(OUT, 'summary.json'),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
  console.table(summary.map(({ title, ...rest }) => rest));
  const total = summary.reduce((s, x) => s + x.records, 0);
  const templates = summary.reduce((s, x) => s + x.templates, 0);
  console.log(
    `${total} records, ${templates} templates, ${summary.length} formats in ${
      Date.now() - started
    } ms -> ${OUT}`,
  );
}

main();

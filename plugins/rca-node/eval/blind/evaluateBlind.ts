import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { materializeTimes, type Scenario } from '@internal/k8s-standin';
import type { RcaReport } from '@internal/plugin-rca-common';
import { analyzeScenario } from '../../src/__testUtils__/harness';
import { NOISE_OBJECTS, NS, noise } from '../../src/__testUtils__/kit';
import {
  noiseSignals,
  STREAM_FIELDS,
  toImport,
  toLogRows,
} from '../../src/__testUtils__/signalsKit';
import type { EvalBackends } from '../evaluate';
import { k8sgptBaseline, type K8sgptRanking } from '../k8sgpt/k8sgptBaseline';
import type { BlindLog, BlindScenario } from './types';

/** What the blind runner records per scenario. */
export interface BlindResult {
  name: string;
  expected: string;
  ranked: string[];
  top1: boolean;
  top3: boolean;
  /** The planted herring (or shared noise object) the first hypothesis names, if any. */
  distractor?: string;
  needlesFound: string[];
  needlesMissed: string[];
  /** What the k8sgpt-style baseline ranks on the same objects and logs. */
  k8sgpt?: K8sgptRanking;
  error?: string;
}

/** The main cluster `prod` (scenario objects, the shared noise, faults) and any further clusters. */
export function blindScenarioOf(s: BlindScenario, now: Date): Scenario {
  return materializeTimes(
    {
      name: s.name,
      clusters: {
        prod: { objects: [...s.objects, ...noise()], faults: s.faults },
        ...s.clusters,
      },
    },
    now,
  );
}

/** Log rows in Vector's field names, with the container and namespace the scenario gives. */
export function blindLogRows(logs: BlindLog[], now: Date): object[] {
  const rows: object[] = [];
  for (const l of logs) {
    const span = (l.to - l.from) * 60_000;
    for (let i = 0; i < l.count; i++) {
      const at = new Date(
        now.getTime() + l.from * 60_000 + (span * i) / l.count,
      );
      rows.push({
        _time: at.toISOString(),
        _msg: l.message(i, at),
        level: l.level,
        kubernetes: {
          pod_namespace: l.namespace ?? NS,
          pod_name: l.pod,
          container_name: l.container ?? l.pod.split('-')[0],
        },
      });
    }
  }
  return rows;
}

async function loadSignals(
  s: BlindScenario,
  b: EvalBackends,
  now: Date,
): Promise<object[]> {
  const shared = noiseSignals();
  await b.metrics.clear();
  await b.metrics.load(
    toImport([...(shared.series ?? []), ...(s.signals?.series ?? [])], now),
  );
  const rows = [
    ...toLogRows([...(shared.logs ?? []), ...(s.signals?.logs ?? [])], now),
    ...blindLogRows(s.logs ?? [], now),
  ];
  b.logs.clear();
  b.logs.ingest(rows, { streamFields: STREAM_FIELDS });
  return rows;
}

/** What a responder reads first: the root cause, the first hypothesis and its cited evidence, next steps. */
export function responderText(report: RcaReport): string {
  const top = report.hypotheses[0];
  const cited = new Set(top?.evidence ?? []);
  return [
    report.rootCause.title,
    report.summary,
    top?.title,
    top?.object,
    top?.explanation,
    ...report.evidence
      .filter(e => cited.has(e.id))
      .map(e => `${e.object} ${e.field ?? ''} ${e.text}`),
    ...report.nextSteps.map(n => `${n.text} ${n.command ?? ''}`),
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The planted object a wrong first hypothesis rests on: named as its object, or in the evidence it
 * cites. A right first hypothesis citing a herring on the side is not a distractor.
 */
function distractorOf(s: BlindScenario, report: RcaReport): string | undefined {
  const top = report.hypotheses[0];
  if (!top || top.category === s.expected) return undefined;
  const cited = new Set(top.evidence);
  const objects = [
    top.object ?? '',
    ...report.evidence.filter(e => cited.has(e.id)).map(e => e.object),
  ];
  const planted = [...NOISE_OBJECTS, ...s.redHerrings.map(r => r.object)];
  return planted.find(p => objects.some(o => o.includes(p)));
}

function score(s: BlindScenario, report: RcaReport): BlindResult {
  const ranked = report.hypotheses.map(h => h.category);
  const text = responderText(report);
  return {
    name: s.name,
    expected: s.expected,
    ranked,
    top1: ranked[0] === s.expected,
    top3: ranked.slice(0, 3).includes(s.expected),
    distractor: distractorOf(s, report),
    needlesFound: s.needles.filter(n => text.includes(n)),
    needlesMissed: s.needles.filter(n => !text.includes(n)),
  };
}

/** RCA_BLIND_DUMP=dir writes each scenario's report there, to read what a responder would see. */
function dumpReport(name: string, report: RcaReport): void {
  const dir = process.env.RCA_BLIND_DUMP;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(report, null, 2));
}

/** Runs one blind scenario through the real engine against the stand-ins; never throws. */
export async function evaluateBlind(
  s: BlindScenario,
  backends: EvalBackends,
): Promise<BlindResult> {
  const now = new Date();
  try {
    const scenario = blindScenarioOf(s, now);
    backends.kubernetes.load(scenario);
    const rows = await loadSignals(s, backends, now);
    const { report } = await analyzeScenario({
      scenario,
      entities: s.entities,
      standIn: backends.kubernetes,
      victoriaMetricsUrl: backends.metrics.url,
      victoriaLogsUrl: backends.logs.url,
      window: { from: new Date(now.getTime() - 3_600_000), to: now },
    });
    dumpReport(s.name, report);
    return {
      ...score(s, report),
      k8sgpt: k8sgptBaseline(scenario, s.entities[0], rows),
    };
  } catch (e) {
    return {
      name: s.name,
      expected: s.expected,
      ranked: [],
      top1: false,
      top3: false,
      needlesFound: [],
      needlesMissed: s.needles,
      error: String(e),
    };
  }
}

import { KubernetesStandIn } from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import { analyzeScenario } from '../src/__testUtils__/harness';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
} from '../src/__testUtils__/victoriaMetricsServer';
import {
  type EvalScenario,
  NOISE_OBJECTS,
  scenarioOf,
} from '../src/__testUtils__/kit';
import {
  chronicLogs,
  httpTraffic,
  noiseSignals,
  STREAM_FIELDS,
  toImport,
  toLogRows,
} from '../src/__testUtils__/signalsKit';
import { k8sgptBaseline, type K8sgptRanking } from './k8sgpt/k8sgptBaseline';

/** The three sources every scenario runs against: Kubernetes, VictoriaMetrics, VictoriaLogs. */
export interface EvalBackends {
  kubernetes: KubernetesStandIn;
  metrics: VictoriaMetricsServer;
  logs: VictoriaLogsStandIn;
}

export async function startBackends(): Promise<EvalBackends> {
  const kubernetes = new KubernetesStandIn({ clusters: {} });
  const logs = new VictoriaLogsStandIn();
  await Promise.all([kubernetes.start(), logs.start()]);
  const metrics = await startVictoriaMetrics();
  return { kubernetes, metrics, logs };
}

export async function stopBackends(b: EvalBackends): Promise<void> {
  await Promise.all([b.kubernetes.stop(), b.logs.stop(), b.metrics.stop()]);
}

export interface EvalResult {
  name: string;
  expected: string;
  ranked: string[];
  top1: boolean;
  top3: boolean;
  distractorFirst: boolean;
  /** Every ranked hypothesis with its confidence, object and citations: what a refactor must keep. */
  fingerprint: string[];
  /** What the k8sgpt-style baseline ranks on the same objects and logs. */
  k8sgpt: K8sgptRanking;
}

/** Runs one scenario through the real engine against the stand-in and scores its ranking. */
export async function evaluate(
  s: EvalScenario,
  backends: EvalBackends,
): Promise<EvalResult> {
  const now = new Date();
  const scenario = scenarioOf(s, now);
  backends.kubernetes.load(scenario);
  // Every workload logs and serves traffic; the noise workload has its own incident.
  const pods = s.entities.map(e => `${e.metadata.name}-rs1-a1b2c`);
  const noise = noiseSignals();
  await backends.metrics.clear();
  await backends.metrics.load(
    toImport(
      [
        ...pods.flatMap(p => httpTraffic(p, () => 0.004)),
        ...(noise.series ?? []),
        ...(s.signals?.series ?? []),
      ],
      now,
    ),
  );
  const rows = toLogRows(
    [
      ...pods.flatMap(chronicLogs),
      ...(noise.logs ?? []),
      ...(s.signals?.logs ?? []),
    ],
    now,
  );
  backends.logs.clear();
  backends.logs.ingest(rows, { streamFields: STREAM_FIELDS });
  const { report } = await analyzeScenario({
    scenario,
    entities: s.entities,
    standIn: backends.kubernetes,
    victoriaMetricsUrl: backends.metrics.url,
    victoriaLogsUrl: backends.logs.url,
    window: { from: new Date(now.getTime() - 3_600_000), to: now },
  });
  const ranked = report.hypotheses.map(h => h.category);
  const top = report.hypotheses[0];
  return {
    name: s.name,
    expected: s.expected,
    ranked,
    top1: ranked[0] === s.expected,
    top3: ranked.slice(0, 3).includes(s.expected),
    distractorFirst: NOISE_OBJECTS.some(n => (top.object ?? '').includes(n)),
    fingerprint: report.hypotheses.map(
      h =>
        `${h.category} ${h.confidence} ${h.object ?? '-'} ${
          h.title
        } [${h.evidence.join(',')}]`,
    ),
    k8sgpt: k8sgptBaseline(scenario, s.entities[0], rows),
  };
}

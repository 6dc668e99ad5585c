import { resolve } from 'node:path';
import { loadScenarioFile } from '@internal/k8s-standin';
import { VictoriaLogsStandIn } from '@internal/victorialogs-standin';
import {
  DEMO_FAILING_PODS,
  DEMO_HEALTHY_PODS,
  demoLogRows,
  demoRestartSeries,
} from '../../demo/demoSignals';
import { analyzeScenario, component } from '../__testUtils__/harness';
import { STREAM_FIELDS } from '../__testUtils__/signalsKit';
import {
  startVictoriaMetrics,
  type VictoriaMetricsServer,
} from '../__testUtils__/victoriaMetricsServer';

// The demo as `./rca start` serves it (Kubernetes scenario, logs and metrics): the report must not
// contradict itself, e.g. "restarts rose from 0 to 1" on healthy pods beside "18 restarts".
const vl = new VictoriaLogsStandIn();
let vm: VictoriaMetricsServer;
const now = Date.now();
const scenarioPath = resolve(
  __dirname,
  '../../../../examples/demo/payments-bad-rollout.yaml',
);

beforeAll(async () => {
  vl.ingest(demoLogRows(now), { streamFields: STREAM_FIELDS });
  await vl.start();
  vm = await startVictoriaMetrics();
  await vm.load(demoRestartSeries(now));
}, 60_000);

afterAll(async () => {
  await Promise.all([vl.stop(), vm?.stop()]);
});

/** The scenario's payments pods: name, Ready and restart count, as Kubernetes reports them. */
function scenarioPods() {
  const scenario = loadScenarioFile(scenarioPath);
  return (scenario.clusters.demo.objects as any[])
    .filter(
      o => o.kind === 'Pod' && /^payments-[0-9a-f]+-/.test(o.metadata.name),
    )
    .map(o => ({
      name: o.metadata.name as string,
      ready: o.status.conditions.some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      ),
      restarts: o.status.containerStatuses.reduce(
        (n: number, c: any) => n + c.restartCount,
        0,
      ),
    }));
}

describe('the demo report', () => {
  it('counts in its impact the restarts and failing pods its metrics and logs show', async () => {
    const pods = scenarioPods();
    const failing = pods.filter(p => !p.ready).map(p => p.name);
    // The signals belong to the pods Kubernetes reports as failing, with the same restart counts.
    expect(DEMO_FAILING_PODS.map(p => p.name).sort()).toEqual(failing.sort());
    for (const p of DEMO_FAILING_PODS)
      expect(p.restarts).toBe(pods.find(x => x.name === p.name)!.restarts);
    expect(
      DEMO_HEALTHY_PODS.every(h => pods.find(p => p.name === h)?.ready),
    ).toBe(true);

    const { report } = await analyzeScenario({
      scenario: loadScenarioFile(scenarioPath),
      entities: [
        component('payments', {
          namespace: 'payments-prod',
          dependsOn: ['component:default/ledger'],
        }),
        component('ledger', { namespace: 'payments-prod' }),
      ],
      victoriaMetricsUrl: vm.url,
      victoriaLogsUrl: vl.url,
    });
    expect(report.rootCause.category).toBe('crashloop_missing_env_or_config');

    const impactRestarts = Number(
      /(\d+) container restarts/.exec(report.impact)?.[1],
    );
    const notReady = Number(/^(\d+) of \d+ pods/.exec(report.impact)?.[1]);
    const totalRestarts = pods.reduce((n, p) => n + p.restarts, 0);
    expect(impactRestarts).toBe(totalRestarts);
    expect(notReady).toBe(failing.length);

    // The restarts the Kubernetes evidence states per pod add up to the impact's count.
    const perPod = new Map<string, number>();
    for (const e of report.evidence) {
      const n = /\(restarts (\d+)\)/.exec(e.text)?.[1];
      if (e.source === 'kubernetes' && n) perPod.set(e.object, Number(n));
    }
    expect([...perPod.values()].reduce((a, b) => a + b, 0)).toBe(
      impactRestarts,
    );
    // Restart evidence from metrics names exactly the failing pods.
    const restartEvidence = report.evidence.filter(
      e => e.source === 'victoriametrics' && e.field === 'restarts',
    );
    const restartPods = restartEvidence.map(
      e => failing.find(f => e.object.includes(f)) ?? e.object,
    );
    expect([...new Set(restartPods)].sort()).toEqual([...failing].sort());
    // No metric or log evidence puts a change on a serving pod.
    for (const e of report.evidence.filter(x =>
      ['victoriametrics', 'victorialogs'].includes(x.source),
    ))
      for (const healthy of DEMO_HEALTHY_PODS)
        expect(`${e.object} ${e.text}`).not.toContain(healthy);
    // The counters the chart draws end at the restart count the impact states.
    const series = report.series?.filter(s => s.field === 'restarts') ?? [];
    expect(series.length).toBe(failing.length);
  });
});

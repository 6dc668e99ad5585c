import type { ImportSeries } from '../src/__testUtils__/victoriaMetricsServer';

/**
 * The demo incident's logs and metrics, matching examples/demo/payments-bad-rollout.yaml: the
 * signals of a pod belong to that pod, so the report's impact (from Kubernetes) and its evidence
 * (from metrics and logs) count the same restarts.
 */
export const DEMO_NAMESPACE = 'payments-prod';

/** The pods of revision 7, crash-looping since they were created (minutes relative to now). */
export const DEMO_FAILING_PODS = [
  { name: 'payments-7f9c6d8b5-4hj2m', createdMin: -24, restarts: 9 },
  { name: 'payments-7f9c6d8b5-9wq7c', createdMin: -24, restarts: 9 },
];
/** The pods of revision 6, still serving. */
export const DEMO_HEALTHY_PODS = [
  'payments-5d4b8c7f6-kx2lp',
  'payments-5d4b8c7f6-q8z4t',
];
/** First crash after the rollout; the last one is 3 minutes ago (the pods' lastState). */
const FIRST_CRASH_MIN = -22;
const LAST_CRASH_MIN = -3;

const meta = (pod: string, container: string) => ({
  pod_namespace: DEMO_NAMESPACE,
  pod_name: pod,
  container_name: container,
});

/** Minutes of each crash of a failing pod, evenly spread from the first to the last. */
export function crashMinutes(restarts: number): number[] {
  const gap = (LAST_CRASH_MIN - FIRST_CRASH_MIN) / Math.max(restarts - 1, 1);
  return Array.from({ length: restarts }, (_, i) => FIRST_CRASH_MIN + i * gap);
}

/** Healthy traffic and a chronic warning on the serving pods, the fatal config error on each crash. */
export function demoLogRows(now: number): object[] {
  const at = (minute: number) => new Date(now + minute * 60_000).toISOString();
  const rows: object[] = [];
  for (const pod of DEMO_HEALTHY_PODS) {
    for (let m = -120; m < 0; m += 2)
      rows.push({
        _time: at(m),
        _msg: `GET /health 200 in ${3 + (m % 4)} ms`,
        level: 'info',
        kubernetes: meta(pod, 'payments'),
      });
    for (let m = -120; m < 0; m += 10)
      rows.push({
        _time: at(m),
        _msg: 'deprecated setting payments.retry.legacy ignored',
        level: 'warn',
        kubernetes: meta(pod, 'payments'),
      });
  }
  for (const pod of DEMO_FAILING_PODS)
    for (const m of [FIRST_CRASH_MIN - 1, ...crashMinutes(pod.restarts)])
      rows.push({
        _time: at(m + 0.1),
        _msg: 'panic: required environment variable PAYMENTS_DB_POOL_SIZE is not set',
        level: 'error',
        kubernetes: meta(pod.name, 'payments'),
      });
  // The dependencies the analysis follows (ledger, payments-db) log normally: healthy evidence,
  // not a gap.
  for (const [pod, container, msg] of [
    ['ledger-66f9d7c5b4-abcde', 'ledger', 'POST /entries 201 in 12 ms'],
    ['ledger-66f9d7c5b4-fghij', 'ledger', 'POST /entries 201 in 14 ms'],
    ['payments-db-0', 'postgres', 'checkpoint complete: wrote 412 buffers'],
  ])
    for (let m = -120; m < 0; m += 5)
      rows.push({
        _time: at(m),
        _msg: msg,
        level: 'info',
        kubernetes: meta(pod, container),
      });
  return rows;
}

/**
 * The restart counters every 30 s over 130 minutes: flat at 0 for the serving pods, from creation
 * on for the failing ones, ending at the restart count Kubernetes reports.
 */
export function demoRestartSeries(now: number): ImportSeries[] {
  const step = 30;
  const end = Math.floor(now / 1000 / step) * step;
  const minuteOf = (t: number) => (t * 1000 - now) / 60_000;
  const series = (pod: string, from: number, crashes: number[]) => {
    const values: number[] = [];
    const timestamps: number[] = [];
    for (let t = end - 130 * 60; t <= end; t += step) {
      if (minuteOf(t) < from) continue;
      values.push(crashes.filter(m => m <= minuteOf(t)).length);
      timestamps.push(t * 1000);
    }
    return {
      metric: {
        __name__: 'kube_pod_container_status_restarts_total',
        namespace: DEMO_NAMESPACE,
        pod,
        container: 'payments',
      },
      values,
      timestamps,
    };
  };
  return [
    ...DEMO_HEALTHY_PODS.map(pod => series(pod, -130, [])),
    ...DEMO_FAILING_PODS.map(p =>
      series(p.name, p.createdMin, crashMinutes(p.restarts)),
    ),
  ];
}

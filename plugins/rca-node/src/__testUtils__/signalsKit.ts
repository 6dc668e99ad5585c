import type { ImportSeries } from './victoriaMetricsServer';
import { NS } from './scenarioNamespace';

/** A value as a function of minutes relative to now (negative = past). */
export type Curve = (minute: number) => number;

export interface SeriesSpec {
  metric: Record<string, string>;
  /** A gauge's value, or a counter's rate per second (see `counter`). */
  curve: Curve;
  counter?: boolean;
}

export interface LogSpec {
  pod: string;
  level: string;
  /** Line i of this group. */
  message: (i: number) => string;
  count: number;
  /** Minutes relative to now: lines are spread evenly over [from, to). */
  from: number;
  to: number;
}

/** Signals of a scenario: what VictoriaMetrics and VictoriaLogs hold for it. */
export interface Signals {
  series?: SeriesSpec[];
  logs?: LogSpec[];
}

const STEP_S = 30;
const SPAN_MIN = 130;

/** Samples every 30 s over the last 130 minutes; counters integrate their rate curve. */
export function toImport(specs: SeriesSpec[], now: Date): ImportSeries[] {
  const end = Math.floor(now.getTime() / 1000 / STEP_S) * STEP_S;
  return specs.map(s => {
    const values: number[] = [];
    const timestamps: number[] = [];
    let total = 0;
    for (let t = end - SPAN_MIN * 60; t <= end; t += STEP_S) {
      const minute = (t - now.getTime() / 1000) / 60;
      const v = s.curve(minute);
      total += s.counter ? v * STEP_S : 0;
      values.push(s.counter ? Math.round(total) : v);
      timestamps.push(t * 1000);
    }
    return { metric: s.metric, values, timestamps };
  });
}

/** Log rows in Vector's `kubernetes_logs` field names. */
export function toLogRows(specs: LogSpec[], now: Date): object[] {
  const rows: object[] = [];
  for (const s of specs) {
    const span = (s.to - s.from) * 60_000;
    for (let i = 0; i < s.count; i++) {
      const at = now.getTime() + s.from * 60_000 + (span * i) / s.count;
      rows.push({
        _time: new Date(at).toISOString(),
        _msg: s.message(i),
        level: s.level,
        kubernetes: {
          pod_namespace: NS,
          pod_name: s.pod,
          container_name: s.pod.split('-')[0],
        },
      });
    }
  }
  return rows;
}

export const STREAM_FIELDS = [
  'kubernetes.pod_namespace',
  'kubernetes.pod_name',
  'kubernetes.container_name',
];

/** A step: `before` until `at` minutes, `after` from then on. */
export const step =
  (at: number, before: number, after: number): Curve =>
  m =>
    m < at ? before : after;

/** Small deterministic wobble so baselines have a spread, as real series do. */
export const wobble =
  (c: Curve, amount: number): Curve =>
  m =>
    c(m) * (1 + amount * Math.sin(m * 1.7));

/** HTTP request counters of an app pod: total rate and a 5xx share following `errorShare`. */
export function httpTraffic(
  pod: string,
  errorShare: Curve,
  rps = 20,
): SeriesSpec[] {
  const base = { namespace: NS, pod, service: pod.split('-')[0] };
  return [
    {
      metric: { __name__: 'http_requests_total', ...base, code: '200' },
      counter: true,
      curve: m => rps * (1 - errorShare(m)),
    },
    {
      metric: { __name__: 'http_requests_total', ...base, code: '500' },
      counter: true,
      curve: m => rps * errorShare(m),
    },
  ];
}

/** Histogram buckets whose p95 follows `p95` (seconds), roughly. */
export function latency(pod: string, p95: Curve, rps = 20): SeriesSpec[] {
  const base = {
    __name__: 'http_request_duration_seconds_bucket',
    namespace: NS,
    pod,
  };
  const bounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  return [
    ...bounds.map(le => ({
      metric: { ...base, le: String(le) },
      counter: true,
      // Share of requests at or under `le`: 95 % at the p95 bound.
      curve: (m: number) =>
        rps *
        Math.min(
          1,
          le >= p95(m)
            ? 0.95 + 0.05 * Math.min(1, le / (2 * p95(m)))
            : (0.95 * le) / p95(m),
        ),
    })),
    { metric: { ...base, le: '+Inf' }, counter: true, curve: () => rps },
  ];
}

/** Chronic log lines every scenario's target has, in both windows at the same rate. */
export function chronicLogs(pod: string): LogSpec[] {
  return [
    {
      pod,
      level: 'warn',
      message: i => `deprecated config key cache.ttl ignored (worker ${i % 4})`,
      count: 40,
      from: -120,
      to: 0,
    },
    {
      pod,
      level: 'error',
      message: i =>
        `failed to refresh feature flags from flags.internal: HTTP 502 (attempt ${
          i % 3
        })`,
      count: 24,
      from: -120,
      to: 0,
    },
    {
      pod,
      level: 'info',
      message: i => `GET /health 200 in ${3 + (i % 5)} ms`,
      count: 240,
      from: -120,
      to: 0,
    },
  ];
}

/** Noise in the namespace: another workload with a burst of errors of its own. */
export function noiseSignals(): Signals {
  return {
    series: [...httpTraffic('fraud-batch-7c9d-x1', step(-20, 0.01, 0.4))],
    logs: [
      {
        pod: 'fraud-batch-7c9d-x1',
        level: 'error',
        message: i => `batch job ${i} failed: upstream connection refused`,
        count: 80,
        from: -20,
        to: 0,
      },
    ],
  };
}

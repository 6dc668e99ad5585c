import { NS } from '../../src/__testUtils__/kit';
import type { Curve, SeriesSpec } from '../../src/__testUtils__/signalsKit';
import { hex } from './k8s';
import type { BlindLog } from './types';

/**
 * Log-line and metric-series builders for the blind set: JSON, logfmt and klog lines with trace ids,
 * Envoy access lines of istio-proxy, and cAdvisor / kube-state-metrics / app series.
 */

export const traceId = (seed: string, i: number) => hex(`${seed}#${i}`, 32);
export const spanId = (seed: string, i: number) => hex(`${seed}@${i}`, 16);

/** `{"level":...,"ts":...,"msg":...}` as zap / pino / logrus JSON emit it. */
export const json = (
  at: Date,
  level: string,
  msg: string,
  fields: Record<string, unknown> = {},
) => JSON.stringify({ level, ts: at.toISOString(), msg, ...fields });

/** `ts=... level=... msg="..."` as go-kit / logfmt emit it. */
export function logfmt(
  at: Date,
  level: string,
  msg: string,
  fields: Record<string, string | number> = {},
) {
  const kv = Object.entries(fields)
    .map(
      ([k, v]) =>
        `${k}=${
          typeof v === 'string' && /[\s"]/.test(v) ? JSON.stringify(v) : v
        }`,
    )
    .join(' ');
  return `ts=${at.toISOString()} level=${level} msg=${JSON.stringify(msg)}${
    kv ? ` ${kv}` : ''
  }`;
}

/** `E1123 10:04:12.123456       1 file.go:178] message` as klog emits it. */
export function klog(
  at: Date,
  severity: 'I' | 'W' | 'E',
  file: string,
  msg: string,
  pid = 1,
) {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}`;
  const time = `${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(
    at.getUTCSeconds(),
  )}.${p(at.getUTCMilliseconds() * 1000, 6)}`;
  return `${severity}${date} ${time} ${String(pid).padStart(
    7,
  )} ${file}] ${msg}`;
}

export interface EnvoyLine {
  method?: string;
  path: string;
  code: number;
  flags?: string;
  details?: string;
  upstream: string;
  cluster: string;
  ms: number;
  trace: string;
  bytes?: number;
}

/** The default Istio access-log format of istio-proxy. */
export function envoy(at: Date, l: EnvoyLine) {
  return `[${at.toISOString()}] "${l.method ?? 'GET'} ${l.path} HTTP/1.1" ${
    l.code
  } ${l.flags ?? '-'} ${l.details ?? 'via_upstream'} - "-" 0 ${l.bytes ?? 0} ${
    l.ms
  } ${l.ms > 1 ? l.ms - 1 : '-'} "-" "okhttp/4.12.0" "${l.trace.slice(
    0,
    8,
  )}-${l.trace.slice(8, 12)}-${l.trace.slice(12, 16)}-${l.trace.slice(
    16,
    20,
  )}-${l.trace.slice(20, 32)}" "${l.upstream}" "${l.cluster}" outbound|8080||${
    l.upstream.split(':')[0]
  } 10.244.3.17:48012 ${l.cluster} 10.244.1.9:51234 - default`;
}

export function log(
  pod: string,
  container: string,
  level: string,
  count: number,
  from: number,
  to: number,
  message: (i: number, at: Date) => string,
  namespace?: string,
): BlindLog {
  return { pod, container, level, count, from, to, message, namespace };
}

/** Error lines present at the same rate before and during the window: not the incident. */
export const chronic = (
  pod: string,
  container: string,
  message: (i: number, at: Date) => string,
  count = 30,
) => log(pod, container, 'error', count, -120, 0, message);

/** An info heartbeat so the pod has ordinary traffic in its logs. */
export const accessLog = (
  pod: string,
  container: string,
  path: string,
  count = 120,
) =>
  log(pod, container, 'info', count, -120, 0, (i, at) =>
    json(at, 'info', 'request completed', {
      method: 'GET',
      path,
      status: 200,
      duration_ms: 8 + (i % 17),
      trace_id: traceId(pod, i),
    }),
  );

const m = (
  name: string,
  pod: string,
  extra: Record<string, string> = {},
  ns = NS,
) => ({
  __name__: name,
  namespace: ns,
  pod,
  ...extra,
});

/** App HTTP counters with the 5xx share following `errorShare`. */
export function traffic(
  pod: string,
  serviceName: string,
  errorShare: Curve,
  rps = 25,
): SeriesSpec[] {
  const base = { service: serviceName };
  return [
    {
      metric: m('http_requests_total', pod, { ...base, code: '200' }),
      counter: true,
      curve: t => rps * (1 - errorShare(t)),
    },
    {
      metric: m('http_requests_total', pod, { ...base, code: '500' }),
      counter: true,
      curve: t => rps * errorShare(t),
    },
  ];
}

export const gauge = (
  name: string,
  pod: string,
  labels: Record<string, string>,
  curve: Curve,
): SeriesSpec => ({
  metric: m(name, pod, labels),
  curve,
});

export const counter = (
  name: string,
  pod: string,
  labels: Record<string, string>,
  rate: Curve,
): SeriesSpec => ({
  metric: m(name, pod, labels),
  counter: true,
  curve: rate,
});

const MI = 1024 * 1024;

/** Working set against the limit, in MiB, for the memory panels. */
export const memory = (
  pod: string,
  container: string,
  mib: Curve,
  limitMib: number,
): SeriesSpec[] => [
  gauge(
    'container_memory_working_set_bytes',
    pod,
    { container },
    t => mib(t) * MI,
  ),
  gauge(
    'container_spec_memory_limit_bytes',
    pod,
    { container },
    () => limitMib * MI,
  ),
  gauge(
    'kube_pod_container_resource_limits',
    pod,
    { container, resource: 'memory', unit: 'byte' },
    () => limitMib * MI,
  ),
];

/** kube-state-metrics restarts: `perHour` restarts an hour from `from` minutes on. */
export const restarts = (
  pod: string,
  container: string,
  from: number,
  perHour: number,
): SeriesSpec =>
  counter('kube_pod_container_status_restarts_total', pod, { container }, t =>
    t >= from ? perHour / 3600 : 0,
  );

/** CFS periods and throttled periods: `share` of the periods throttled. */
export const throttling = (
  pod: string,
  container: string,
  share: Curve,
): SeriesSpec[] => [
  counter('container_cpu_cfs_periods_total', pod, { container }, () => 10),
  counter(
    'container_cpu_cfs_throttled_periods_total',
    pod,
    { container },
    t => 10 * share(t),
  ),
];

/** A linear ramp from `a` at `from` minutes to `b` at `to`, flat outside. */
export const ramp =
  (from: number, to: number, a: number, b: number): Curve =>
  t => {
    if (t <= from) return a;
    if (t >= to) return b;
    return a + ((b - a) * (t - from)) / (to - from);
  };

/** A sawtooth that climbs from `low` to `high` every `period` minutes (a leak with restarts). */
export const sawtooth =
  (period: number, low: number, high: number): Curve =>
  t => {
    const phase = (((t % period) + period) % period) / period;
    return low + (high - low) * phase;
  };

export const flat =
  (v: number): Curve =>
  () =>
    v;

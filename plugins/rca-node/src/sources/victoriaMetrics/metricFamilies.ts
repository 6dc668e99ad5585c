/**
 * The metric families the collector reads: the one table to edit to add a family. Each entry says
 * how a value is judged and shown, and holds its default MetricsQL (for kube-state-metrics,
 * cAdvisor, node-exporter and kubelet), or, for HTTP families, how to build it from the metrics
 * of each HTTP preset below. The `MetricFamily` type, the `rca.victoriaMetrics.queries` keys
 * accepted in config, the per-entity annotation `rca.backstage.io/metrics-query-<family>` and the
 * default queries all follow from the table.
 *
 * Placeholders, filled per target: `$sel` (`namespace=~"…",pod=~"…"`), `$namespace` (regex),
 * `$pod` (regex), `$service` (exact), `$serviceRegex` (escaped for a regex), `$rate` (rate window).
 */

/** Where an HTTP preset keeps its request counters and latency histogram. */
export interface HttpMetrics {
  errors: string;
  total: string;
  bucket: string;
  /** Appended to a latency quantile to turn it into seconds. */
  scale: string;
}

const HTTP_METRICS = {
  app: {
    errors: 'http_requests_total{$sel,code=~"5.."}',
    total: 'http_requests_total{$sel}',
    bucket: 'http_request_duration_seconds_bucket{$sel}',
    scale: '',
  },
  'ingress-nginx': {
    errors:
      'nginx_ingress_controller_requests{exported_namespace=~"$namespace",exported_service="$service",status=~"5.."}',
    total:
      'nginx_ingress_controller_requests{exported_namespace=~"$namespace",exported_service="$service"}',
    bucket:
      'nginx_ingress_controller_request_duration_seconds_bucket{exported_namespace=~"$namespace",exported_service="$service"}',
    scale: '',
  },
  istio: {
    errors:
      'istio_requests_total{destination_service_namespace=~"$namespace",destination_service_name="$service",response_code=~"5.."}',
    total:
      'istio_requests_total{destination_service_namespace=~"$namespace",destination_service_name="$service"}',
    bucket:
      'istio_request_duration_milliseconds_bucket{destination_service_namespace=~"$namespace",destination_service_name="$service"}',
    scale: ' / 1000',
  },
} satisfies Record<string, HttpMetrics>;

/** A preset also has to be listed under `httpPreset` in config.d.ts (the config schema). */
export type HttpPreset = keyof typeof HTTP_METRICS;

export interface FamilySpec {
  title: string;
  /** A value at or above this is significant on its own (ratio families), whatever the baseline. */
  threshold: number;
  /** Needs a rise against the baseline too (errors and latency), not only the absolute level. */
  relative: boolean;
  /** A steady climb counts too, even without a step (memory leaks). */
  ramp?: boolean;
  /** A count per rate window (`increase`), so its text names the window: "per 2 min", not a total. */
  perWindow?: boolean;
  format(value: number): string;
  /** Default MetricsQL: the query, or how to build it from an HTTP preset's metrics. */
  query: string | ((http: HttpMetrics) => string);
}

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
const secs = (v: number) =>
  v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(2)} s`;
const count = (v: number) => String(Math.round(v * 10) / 10);

const CONTAINER = 'container!="",container!="POD"';
const quantile = (q: number) => (h: HttpMetrics) =>
  `histogram_quantile(${q}, sum by (le) (rate(${h.bucket}[$rate])))${h.scale}`;

const TABLE = {
  restarts: {
    title: 'container restarts',
    threshold: 1,
    relative: false,
    perWindow: true,
    format: count,
    query:
      'sum by (pod) (increase(kube_pod_container_status_restarts_total{$sel}[$rate]))',
  },
  oom_restarts: {
    title: 'OOM-killed restarts',
    threshold: 1,
    relative: false,
    perWindow: true,
    format: count,
    query:
      'sum by (pod) ((increase(kube_pod_container_status_restarts_total{$sel}[$rate]) > 0) * on (namespace, pod, container) group_left () (kube_pod_container_status_last_terminated_reason{$sel,reason="OOMKilled"} == 1))',
  },
  memory_limit_ratio: {
    title: 'memory working set / limit',
    threshold: 0.85,
    relative: false,
    ramp: true,
    format: pct,
    query: `max by (pod, container) (container_memory_working_set_bytes{$sel,${CONTAINER}}) / on (pod, container) max by (pod, container) (kube_pod_container_resource_limits{$sel,resource="memory"})`,
  },
  cpu_throttling: {
    title: 'CPU throttling ratio',
    threshold: 0.25,
    relative: false,
    format: pct,
    query: `sum by (pod, container) (rate(container_cpu_cfs_throttled_periods_total{$sel,${CONTAINER}}[$rate])) / sum by (pod, container) (rate(container_cpu_cfs_periods_total{$sel,${CONTAINER}}[$rate]))`,
  },
  http_5xx_ratio: {
    title: 'HTTP 5xx ratio',
    threshold: 0.02,
    relative: true,
    format: pct,
    query: h => `sum(rate(${h.errors}[$rate])) / sum(rate(${h.total}[$rate]))`,
  },
  latency_p95: {
    title: 'p95 latency',
    threshold: 0,
    relative: true,
    format: secs,
    query: quantile(0.95),
  },
  latency_p99: {
    title: 'p99 latency',
    threshold: 0,
    relative: true,
    format: secs,
    query: quantile(0.99),
  },
  hpa_saturation: {
    title: 'HPA replicas / maxReplicas',
    threshold: 1,
    relative: false,
    format: pct,
    query:
      'max by (horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{namespace=~"$namespace",horizontalpodautoscaler=~"$serviceRegex.*"}) / max by (horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{namespace=~"$namespace",horizontalpodautoscaler=~"$serviceRegex.*"})',
  },
  pvc_usage: {
    title: 'PVC used / capacity',
    threshold: 0.9,
    relative: false,
    format: pct,
    // Used bytes where the kubelet reports them, else 1 - available / capacity: the ratio the
    // kubernetes-mixin's KubePersistentVolumeFillingUp alert reads.
    query:
      'max by (persistentvolumeclaim) ((kubelet_volume_stats_used_bytes{namespace=~"$namespace",persistentvolumeclaim=~"$serviceRegex.*"} / kubelet_volume_stats_capacity_bytes{namespace=~"$namespace",persistentvolumeclaim=~"$serviceRegex.*"}) or (1 - kubelet_volume_stats_available_bytes{namespace=~"$namespace",persistentvolumeclaim=~"$serviceRegex.*"} / kubelet_volume_stats_capacity_bytes{namespace=~"$namespace",persistentvolumeclaim=~"$serviceRegex.*"}))',
  },
  node_memory: {
    title: 'node memory in use',
    threshold: 0.92,
    relative: false,
    format: pct,
    query:
      'max by (node) (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) and on (node) max by (node) (kube_pod_info{$sel})',
  },
  node_disk: {
    title: 'node root disk in use',
    threshold: 0.9,
    relative: false,
    format: pct,
    query:
      'max by (node) (1 - node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"}) and on (node) max by (node) (kube_pod_info{$sel})',
  },
} satisfies Record<string, FamilySpec>;

export type MetricFamily = keyof typeof TABLE;

export const FAMILIES: Record<MetricFamily, FamilySpec> = TABLE;

export const METRIC_FAMILIES = Object.keys(FAMILIES) as MetricFamily[];
export const HTTP_PRESETS = Object.keys(HTTP_METRICS) as HttpPreset[];

/** The default query of every family for an HTTP preset. */
export function defaultQueries(
  preset: HttpPreset,
): Record<MetricFamily, string> {
  const http = HTTP_METRICS[preset];
  const families = Object.entries(FAMILIES) as Array<
    [MetricFamily, FamilySpec]
  >;
  // Fixed queries first, then the HTTP ones: the order the queries are sent and listed in.
  const ordered = [
    ...families.filter(([, f]) => typeof f.query === 'string'),
    ...families.filter(([, f]) => typeof f.query !== 'string'),
  ];
  return Object.fromEntries(
    ordered.map(([family, f]) => [
      family,
      typeof f.query === 'string' ? f.query : f.query(http),
    ]),
  ) as Record<MetricFamily, string>;
}

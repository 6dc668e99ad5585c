/**
 * The metric families the collector reads, with default MetricsQL for kube-state-metrics, cAdvisor,
 * node-exporter and kubelet, and three presets for HTTP metrics. Placeholders, filled per target:
 * `$sel` (`namespace=~"…",pod=~"…"`), `$namespace` (regex), `$pod` (regex), `$service` (exact),
 * `$serviceRegex` (escaped for a regex), `$rate` (rate window).
 */
export type MetricFamily =
  | 'restarts'
  | 'oom_restarts'
  | 'memory_limit_ratio'
  | 'cpu_throttling'
  | 'http_5xx_ratio'
  | 'latency_p95'
  | 'latency_p99'
  | 'hpa_saturation'
  | 'pvc_usage'
  | 'node_memory'
  | 'node_disk';

export type HttpPreset = 'app' | 'ingress-nginx' | 'istio';

export interface FamilySpec {
  title: string;
  /** A value at or above this is significant on its own (ratio families), whatever the baseline. */
  threshold: number;
  /** Needs a rise against the baseline too (errors and latency), not only the absolute level. */
  relative: boolean;
  format(value: number): string;
}

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
const secs = (v: number) =>
  v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(2)} s`;
const count = (v: number) => String(Math.round(v * 10) / 10);

export const FAMILIES: Record<MetricFamily, FamilySpec> = {
  restarts: {
    title: 'container restarts',
    threshold: 1,
    relative: false,
    format: count,
  },
  oom_restarts: {
    title: 'OOM-killed restarts',
    threshold: 1,
    relative: false,
    format: count,
  },
  memory_limit_ratio: {
    title: 'memory working set / limit',
    threshold: 0.85,
    relative: false,
    format: pct,
  },
  cpu_throttling: {
    title: 'CPU throttling ratio',
    threshold: 0.25,
    relative: false,
    format: pct,
  },
  http_5xx_ratio: {
    title: 'HTTP 5xx ratio',
    threshold: 0.02,
    relative: true,
    format: pct,
  },
  latency_p95: {
    title: 'p95 latency',
    threshold: 0,
    relative: true,
    format: secs,
  },
  latency_p99: {
    title: 'p99 latency',
    threshold: 0,
    relative: true,
    format: secs,
  },
  hpa_saturation: {
    title: 'HPA replicas / maxReplicas',
    threshold: 1,
    relative: false,
    format: pct,
  },
  pvc_usage: {
    title: 'PVC used / capacity',
    threshold: 0.9,
    relative: false,
    format: pct,
  },
  node_memory: {
    title: 'node memory in use',
    threshold: 0.92,
    relative: false,
    format: pct,
  },
  node_disk: {
    title: 'node root disk in use',
    threshold: 0.9,
    relative: false,
    format: pct,
  },
};

const CONTAINER = 'container!="",container!="POD"';

const BASE_QUERIES: Partial<Record<MetricFamily, string>> = {
  restarts:
    'sum by (pod) (increase(kube_pod_container_status_restarts_total{$sel}[$rate]))',
  oom_restarts:
    'sum by (pod) ((increase(kube_pod_container_status_restarts_total{$sel}[$rate]) > 0) * on (namespace, pod, container) group_left () (kube_pod_container_status_last_terminated_reason{$sel,reason="OOMKilled"} == 1))',
  memory_limit_ratio: `max by (pod, container) (container_memory_working_set_bytes{$sel,${CONTAINER}}) / on (pod, container) max by (pod, container) (kube_pod_container_resource_limits{$sel,resource="memory"})`,
  cpu_throttling: `sum by (pod, container) (rate(container_cpu_cfs_throttled_periods_total{$sel,${CONTAINER}}[$rate])) / sum by (pod, container) (rate(container_cpu_cfs_periods_total{$sel,${CONTAINER}}[$rate]))`,
  hpa_saturation:
    'max by (horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{namespace=~"$namespace",horizontalpodautoscaler=~"$serviceRegex.*"}) / max by (horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{namespace=~"$namespace",horizontalpodautoscaler=~"$serviceRegex.*"})',
  pvc_usage:
    'max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{namespace=~"$namespace",persistentvolumeclaim=~"$serviceRegex.*"} / kubelet_volume_stats_capacity_bytes{namespace=~"$namespace",persistentvolumeclaim=~"$serviceRegex.*"})',
  node_memory:
    'max by (node) (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) and on (node) max by (node) (kube_pod_info{$sel})',
  node_disk:
    'max by (node) (1 - node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"}) and on (node) max by (node) (kube_pod_info{$sel})',
};

const HTTP: Record<
  HttpPreset,
  { errors: string; total: string; bucket: string; scale: string }
> = {
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
};

/** The default query of every family for an HTTP preset. */
export function defaultQueries(
  preset: HttpPreset,
): Record<MetricFamily, string> {
  const h = HTTP[preset];
  const quantile = (q: number) =>
    `histogram_quantile(${q}, sum by (le) (rate(${h.bucket}[$rate])))${h.scale}`;
  return {
    ...(BASE_QUERIES as Record<MetricFamily, string>),
    http_5xx_ratio: `sum(rate(${h.errors}[$rate])) / sum(rate(${h.total}[$rate]))`,
    latency_p95: quantile(0.95),
    latency_p99: quantile(0.99),
  };
}

export const METRIC_FAMILIES = Object.keys(FAMILIES) as MetricFamily[];
export const HTTP_PRESETS: HttpPreset[] = ['app', 'ingress-nginx', 'istio'];

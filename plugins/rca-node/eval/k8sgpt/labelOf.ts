import type { RootCauseLabel } from '@internal/plugin-rca-common';
import type { Flag } from './flags';

/**
 * How a reader maps a k8sgpt failure text to our taxonomy. k8sgpt has no labels of its own; each
 * row keys on the wording Kubernetes itself (kubelet, scheduler, controllers) puts in the text
 * k8sgpt copies, as tabled in `rca-knowledge.md` §2. First match wins; no match means the flag
 * names a symptom without a cause (`insufficient_evidence`).
 */
const ROWS: Array<[RegExp, RootCauseLabel, string[]?]> = [
  [/termination reason is OOMKilled/i, 'oom_killed_limit_too_low'],
  [
    /manifest unknown|not found: manifest|: not found$|failed to resolve reference.*not found/i,
    'image_tag_not_found',
  ],
  [
    /unauthorized|authentication required|denied|403 Forbidden|toomanyrequests|pull access denied/i,
    'image_pull_unauthorized',
    ['Pod'],
  ],
  [
    /InvalidImageName|invalid reference format|couldn't parse image/i,
    'invalid_image_name',
  ],
  [
    /secret "[^"]+" not found|couldn't find key|secret.*not found/i,
    'missing_secret_or_key',
    ['Pod'],
  ],
  [/configmap "[^"]+" not found/i, 'missing_configmap_volume'],
  [/Multi-Attach/i, 'volume_multi_attach'],
  [
    /executable file not found|exec format error|no such file or directory|exitCode=12[67]/i,
    'bad_command_or_entrypoint',
    ['Pod'],
  ],
  [
    /Insufficient (cpu|memory|nvidia|ephemeral)|Too many pods/i,
    'unschedulable_insufficient_resources',
  ],
  [/untolerated taint/i, 'unschedulable_untolerated_taint'],
  [/anti-affinity/i, 'unschedulable_anti_affinity'],
  [
    /node affinity\/selector|didn't match Pod's node affinity/i,
    'unschedulable_node_selector_mismatch',
  ],
  [
    /storageclass.*not found|storage class .* does not exist|unbound immediate PersistentVolumeClaims/i,
    'pvc_storageclass_missing',
  ],
  [
    /exceeded quota|must specify limits|must specify requests|forbidden: (maximum|minimum)|LimitRange/i,
    'resource_quota_exceeded',
  ],
  [/ProgressDeadlineExceeded/i, 'rollout_stuck_progress_deadline'],
  [/Readiness probe failed/i, 'readiness_probe_failing'],
  [/Liveness probe failed/i, 'liveness_probe_misconfigured'],
  [/Startup probe failed/i, 'startup_too_slow_for_probe'],
  [/Service has no endpoints/i, 'service_selector_mismatch'],
  [/^Ingress /i, 'ingress_misconfigured', ['Ingress']],
  [/type Ready, reason/i, 'node_not_ready'],
  [
    /type MemoryPressure|low on resource: memory|evicted.*memory/i,
    'node_memory_pressure',
  ],
  [
    /type DiskPressure|ephemeral-storage|low on resource: (ephemeral-storage|imagefs|nodefs)/i,
    'node_disk_pressure_eviction',
  ],
  [
    /BackoffLimitExceeded|has reached the specified backoff limit|Job .* has failed/i,
    'job_backoff_limit_exceeded',
  ],
  [
    /failed to get (cpu|memory|resource) (utilization|metric)|does not have resource configured|missing request for/i,
    'hpa_metrics_unavailable',
  ],
  [
    /desired replica count.*max|ScalingLimited|maximum replica count|TooManyReplicas/i,
    'hpa_maxed_out_saturation',
  ],
  [/no space left on device|ENOSPC|disk full/i, 'pvc_disk_full'],
  [
    /no such host|NXDOMAIN|server misbehaving|Temporary failure in name resolution/i,
    'dns_resolution_failure',
  ],
  [/is forbidden: User "system:serviceaccount/i, 'rbac_forbidden'],
  [
    /connection refused|ECONNREFUSED|i\/o timeout|could not connect/i,
    'app_crash_dependency_unreachable',
  ],
  [
    /too many connections|pool exhausted|timeout acquiring|connection pool/i,
    'connection_pool_exhaustion',
  ],
];

export function labelOf(f: Flag): RootCauseLabel {
  for (const [re, label, kinds] of ROWS)
    if ((!kinds || kinds.includes(f.kind)) && re.test(f.text)) return label;
  return 'insufficient_evidence';
}

/**
 * Root-cause labels (`category`). Every hypothesis carries one. Labels are never renamed: reports in
 * Git and the catalog keep referring to them.
 *
 * @public
 */
export const ROOT_CAUSE_LABELS = {
  oom_killed_limit_too_low:
    'Container killed for exceeding its memory limit; the limit is too low for the working set',
  memory_leak:
    'OOM kills caused by memory growing steadily over uptime, not by a too-small limit',
  crashloop_missing_env_or_config:
    'The process exits on start because required configuration is missing or invalid',
  bad_command_or_entrypoint:
    'The container cannot start its command: executable not found, bad args, shell error',
  app_crash_dependency_unreachable:
    'The process exits because a dependency it needs at start refuses or times out',
  image_tag_not_found: 'The image or tag does not exist in the registry',
  image_pull_unauthorized:
    'The registry refuses the pull: missing or invalid imagePullSecret',
  invalid_image_name: 'The image reference itself is malformed',
  missing_secret_or_key: 'A referenced Secret, or a key in it, does not exist',
  missing_configmap_volume:
    'A referenced ConfigMap or volume source does not exist',
  readiness_probe_failing:
    'Pods run but never become Ready; the Service has no ready endpoints',
  liveness_probe_misconfigured:
    'A healthy process is killed repeatedly by a liveness probe that checks the wrong thing',
  startup_too_slow_for_probe:
    'Start-up takes longer than the probes allow, so the container is restarted mid-start',
  cpu_throttling: 'The CPU limit throttles the container heavily',
  unschedulable_insufficient_resources:
    'No node has enough free CPU, memory or GPU for the pod requests',
  unschedulable_node_selector_mismatch:
    'nodeSelector or node affinity matches no node',
  unschedulable_untolerated_taint:
    'Every candidate node has a taint the pod does not tolerate',
  unschedulable_anti_affinity:
    'Pod anti-affinity needs more eligible nodes than exist',
  pvc_storageclass_missing:
    'A PVC cannot be provisioned: its StorageClass is missing or provisioning fails',
  resource_quota_exceeded:
    'A ResourceQuota or LimitRange forbids creating the pods',
  bad_rollout_regression:
    'A rollout is healthy by Kubernetes standards but made errors or latency worse',
  rollout_stuck_progress_deadline:
    'A rollout cannot complete (ProgressDeadlineExceeded) because the new pods fail',
  config_change_regression:
    'A ConfigMap, Secret or config change, not a code change, started the errors',
  service_selector_mismatch:
    'The Service selector matches no pods, so it has no endpoints',
  networkpolicy_blocking: 'A NetworkPolicy blocks the traffic',
  dns_resolution_failure: 'A hostname the service uses does not resolve',
  ingress_misconfigured:
    'The Ingress points at a missing class, service, port or TLS secret',
  node_not_ready: 'The node hosting the pods went NotReady or unreachable',
  node_disk_pressure_eviction:
    'Pods evicted because the node ran out of disk or ephemeral storage',
  node_memory_pressure:
    'The node ran out of memory, causing system OOM kills or evictions',
  pvc_disk_full: 'The application volume is full (ENOSPC)',
  volume_multi_attach:
    'A ReadWriteOnce volume is still attached elsewhere, so the new pod cannot mount it',
  hpa_maxed_out_saturation:
    'The HPA is at maxReplicas and the service is saturated',
  hpa_metrics_unavailable:
    'The HPA cannot compute its metric and does not scale',
  job_backoff_limit_exceeded: 'A Job exhausted its retries',
  rbac_forbidden:
    'The workload ServiceAccount lacks a Kubernetes API permission it needs',
  upstream_dependency_failure:
    'The service is a victim: a dependency it relies on is failing first',
  connection_pool_exhaustion:
    'The service waits on a saturated connection pool, so requests time out',
  no_issue_healthy: 'Nothing is wrong in the window',
  insufficient_evidence:
    'The symptoms are real but the cause is outside what could be observed',
} as const;

/** @public */
export type RootCauseLabel = keyof typeof ROOT_CAUSE_LABELS;

/** @public */
export const rootCauseLabels = Object.keys(ROOT_CAUSE_LABELS) as [
  RootCauseLabel,
  ...RootCauseLabel[],
];

/** @public */
export function isRootCauseLabel(value: string): value is RootCauseLabel {
  return Object.prototype.hasOwnProperty.call(ROOT_CAUSE_LABELS, value);
}

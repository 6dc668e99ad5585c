import type { NextStep, RootCauseLabel } from '@internal/plugin-rca-common';

export interface StepContext {
  namespace?: string;
  kind?: string;
  name?: string;
  container?: string;
  pod?: string;
  detail?: string;
}

const k = (c: StepContext) =>
  `kubectl${c.namespace ? ` -n ${c.namespace}` : ''}`;
const obj = (c: StepContext) =>
  `${(c.kind ?? 'deployment').toLowerCase()}/${c.name ?? '<name>'}`;

/** Concrete next steps per label; commands are exact where the object is known. */
export function nextStepsFor(
  label: RootCauseLabel,
  c: StepContext,
): NextStep[] {
  switch (label) {
    case 'oom_killed_limit_too_low':
      return [
        {
          text: 'Compare the working set with the memory limit, then raise the limit (or lower usage).',
          command: `${k(c)} top pod --containers${c.pod ? ` ${c.pod}` : ''}`,
        },
        {
          text: 'Raise the memory limit of the container.',
          command: `${k(c)} set resources ${obj(c)}${
            c.container ? ` -c ${c.container}` : ''
          } --limits=memory=<2x current>`,
        },
      ];
    case 'crashloop_missing_env_or_config':
    case 'config_change_regression':
      return [
        {
          text: 'Read the previous container log for the missing setting.',
          command: `${k(c)} logs ${c.pod ?? obj(c)}${
            c.container ? ` -c ${c.container}` : ''
          } --previous`,
        },
        {
          text: 'Compare the environment of the last two revisions.',
          command: `${k(c)} rollout history ${obj(c)} --revision=<n>`,
        },
        {
          text: 'Roll back to the last good revision while the config is fixed.',
          command: `${k(c)} rollout undo ${obj(c)}`,
        },
      ];
    case 'bad_command_or_entrypoint':
      return [
        {
          text: 'Check the command and args against the image entrypoint.',
          command: `${k(c)} get ${obj(
            c,
          )} -o jsonpath='{.spec.template.spec.containers[*].command}'`,
        },
        {
          text: 'Roll back if a new revision introduced it.',
          command: `${k(c)} rollout undo ${obj(c)}`,
        },
      ];
    case 'app_crash_dependency_unreachable':
    case 'upstream_dependency_failure':
      return [
        {
          text: `Check the dependency first${
            c.detail ? `: ${c.detail}` : ''
          }; this service is failing because of it.`,
        },
        {
          text: 'Confirm the dependency endpoint resolves and accepts connections from the namespace.',
          command: `${k(
            c,
          )} run rca-probe --rm -it --image=busybox --restart=Never -- nc -zv <host> <port>`,
        },
      ];
    case 'image_tag_not_found':
      return [
        {
          text: 'Push the missing tag or point the Deployment at an existing one.',
          command: `${k(c)} set image ${obj(c)} ${
            c.container ?? '<container>'
          }=<image>:<existing-tag>`,
        },
      ];
    case 'image_pull_unauthorized':
      return [
        {
          text: 'Check the imagePullSecrets of the pod and the registry credentials in them.',
          command: `${k(c)} get ${obj(
            c,
          )} -o jsonpath='{.spec.template.spec.imagePullSecrets}'`,
        },
      ];
    case 'invalid_image_name':
      return [
        {
          text: 'Fix the image reference (registry/repository:tag).',
          command: `${k(c)} set image ${obj(c)} ${
            c.container ?? '<container>'
          }=<valid image>`,
        },
      ];
    case 'missing_secret_or_key':
      return [
        {
          text: `Create the missing Secret or key${
            c.detail ? ` (${c.detail})` : ''
          }.`,
          command: `${k(c)} get secrets`,
        },
      ];
    case 'missing_configmap_volume':
      return [
        {
          text: `Create the missing ConfigMap${
            c.detail ? ` (${c.detail})` : ''
          } or fix the reference.`,
          command: `${k(c)} get configmaps`,
        },
      ];
    case 'readiness_probe_failing':
      return [
        {
          text: 'Read the probe failures and check the probe path and port against the app.',
          command: `${k(c)} describe pod ${c.pod ?? '<pod>'}`,
        },
        {
          text: 'Check which endpoints the Service has.',
          command: `${k(c)} get endpoints`,
        },
      ];
    case 'liveness_probe_misconfigured':
      return [
        {
          text: 'Point the liveness probe at the right port/path or relax its timing.',
          command: `${k(c)} get ${obj(
            c,
          )} -o jsonpath='{.spec.template.spec.containers[*].livenessProbe}'`,
        },
      ];
    case 'startup_too_slow_for_probe':
      return [
        {
          text: 'Add a startupProbe (or raise initialDelaySeconds / failureThreshold) so start-up can finish.',
          command: `${k(c)} edit ${obj(c)}`,
        },
      ];
    case 'unschedulable_insufficient_resources':
      return [
        {
          text: 'Compare the requests with free capacity; scale the node pool or lower requests.',
          command: 'kubectl describe nodes | grep -A5 "Allocated resources"',
        },
      ];
    case 'unschedulable_node_selector_mismatch':
      return [
        {
          text: 'Check nodeSelector/affinity against node labels.',
          command: 'kubectl get nodes --show-labels',
        },
      ];
    case 'unschedulable_untolerated_taint':
      return [
        {
          text: 'Add a toleration or schedule onto untainted nodes.',
          command:
            'kubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints',
        },
      ];
    case 'unschedulable_anti_affinity':
      return [
        {
          text: 'Relax the pod anti-affinity (preferred instead of required) or add nodes.',
          command: `${k(c)} edit ${obj(c)}`,
        },
      ];
    case 'pvc_storageclass_missing':
      return [
        {
          text: 'Create the StorageClass or point the PVC at an existing one.',
          command: 'kubectl get storageclass',
        },
      ];
    case 'resource_quota_exceeded':
      return [
        {
          text: 'Compare quota usage with the new pods; raise the quota or lower requests.',
          command: `${k(c)} describe resourcequota`,
        },
      ];
    case 'rollout_stuck_progress_deadline':
    case 'bad_rollout_regression':
      return [
        {
          text: 'Roll back the last rollout.',
          command: `${k(c)} rollout undo ${obj(c)}`,
        },
        {
          text: 'Inspect why the new pods fail.',
          command: `${k(c)} rollout status ${obj(c)}`,
        },
      ];
    case 'service_selector_mismatch':
      return [
        {
          text: 'Make the Service selector match the pod labels.',
          command: `${k(c)} get svc ${
            c.name ?? ''
          } -o jsonpath='{.spec.selector}'; ${k(c)} get pods --show-labels`,
        },
      ];
    case 'networkpolicy_blocking':
      return [
        {
          text: `Review the NetworkPolicy${
            c.detail ? ` ${c.detail}` : ''
          }; allow the blocked traffic (DNS egress on port 53 included).`,
          command: `${k(c)} describe networkpolicy`,
        },
      ];
    case 'dns_resolution_failure':
      return [
        {
          text: 'Check the hostname and cluster DNS.',
          command: `${k(
            c,
          )} run rca-dns --rm -it --image=busybox --restart=Never -- nslookup <host>`,
        },
      ];
    case 'ingress_misconfigured':
      return [
        {
          text: `Fix the Ingress${c.detail ? `: ${c.detail}` : ''}.`,
          command: `${k(c)} describe ingress ${c.name ?? ''}`,
        },
      ];
    case 'node_not_ready':
      return [
        {
          text: 'Check the node and move the workload off it.',
          command: `kubectl describe node ${c.detail ?? '<node>'}`,
        },
        {
          text: 'Drain the node once the pods have somewhere to go.',
          command: `kubectl drain ${
            c.detail ?? '<node>'
          } --ignore-daemonsets --delete-emptydir-data`,
        },
      ];
    case 'node_disk_pressure_eviction':
      return [
        {
          text: 'Free disk on the node and set ephemeral-storage requests/limits.',
          command: `kubectl describe node ${c.detail ?? '<node>'}`,
        },
      ];
    case 'node_memory_pressure':
      return [
        {
          text: 'Reduce overcommit: set memory requests close to usage, or add capacity.',
          command: `kubectl describe node ${c.detail ?? '<node>'}`,
        },
      ];
    case 'pvc_disk_full':
      return [
        {
          text: 'Expand the volume or clean it up.',
          command: `${k(c)} exec ${c.pod ?? '<pod>'} -- df -h`,
        },
      ];
    case 'volume_multi_attach':
      return [
        {
          text: 'Wait for or force the detach of the volume from the old node; use a Recreate strategy for RWO volumes.',
          command: 'kubectl get volumeattachments',
        },
      ];
    case 'hpa_maxed_out_saturation':
      return [
        {
          text: 'Raise maxReplicas or capacity; check what saturates.',
          command: `${k(c)} describe hpa ${c.name ?? ''}`,
        },
      ];
    case 'hpa_metrics_unavailable':
      return [
        {
          text: 'Set resource requests on the target and check the metrics API.',
          command: 'kubectl get apiservice v1beta1.metrics.k8s.io',
        },
      ];
    case 'job_backoff_limit_exceeded':
      return [
        {
          text: 'Read the failed pods of the Job.',
          command: `${k(c)} logs job/${c.name ?? '<job>'} --previous`,
        },
      ];
    case 'rbac_forbidden':
      return [
        {
          text: 'Grant the ServiceAccount the missing verb/resource.',
          command: `${k(c)} auth can-i --list --as=system:serviceaccount:${
            c.namespace ?? '<ns>'
          }:<sa>`,
        },
      ];
    case 'cpu_throttling':
    case 'memory_leak':
    case 'connection_pool_exhaustion':
      return [
        {
          text: 'Confirm with metrics over the window (needs the metrics source configured).',
        },
      ];
    case 'no_issue_healthy':
      return [
        {
          text: 'Nothing to fix in Kubernetes; if users still see errors, widen the window or check dependencies outside the cluster.',
        },
      ];
    case 'insufficient_evidence':
    default:
      return [
        {
          text: 'Read the container logs of the failing pods.',
          command: `${k(c)} logs ${c.pod ?? obj(c)} --previous`,
        },
        {
          text: 'Configure the missing sources listed under Evidence gaps and re-run the analysis.',
        },
      ];
  }
}

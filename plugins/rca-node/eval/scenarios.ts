import {
  deployment,
  hpa,
  entity,
  event,
  type EvalScenario,
  NS,
  node,
  pod,
} from '../src/__testUtils__/kit';
import {
  httpTraffic,
  latency,
  step,
  wobble,
} from '../src/__testUtils__/signalsKit';

const A = 'checkout';
const me = [entity(A)];
const crash = (message: string, exitCode = 1, reason = 'Error') => [
  ...deployment(A),
  pod(A, {
    waiting: {
      reason: 'CrashLoopBackOff',
      message: 'back-off 2m40s restarting failed container',
    },
    lastTerminated: { reason, exitCode, message },
  }),
  pod(A, {
    name: `${A}-rs1-d4e5f`,
    waiting: {
      reason: 'CrashLoopBackOff',
      message: 'back-off 2m40s restarting failed container',
    },
    lastTerminated: { reason, exitCode, message },
  }),
  event(
    'Pod',
    `${A}-rs1-a1b2c`,
    'BackOff',
    `Back-off restarting failed container ${A}`,
    { first: 'now-18m' },
  ),
];
const pending = (message: string) => [
  ...deployment(A),
  pod(A, {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastTransitionTime: 'now-20m',
      },
    ],
  }),
  event('Pod', `${A}-rs1-a1b2c`, 'FailedScheduling', message, {
    first: 'now-20m',
  }),
];
const waiting = (
  reason: string,
  message: string,
  extra: ReturnType<typeof event>[] = [],
) => [...deployment(A), pod(A, { waiting: { reason, message } }), ...extra];

/**
 * The evaluation suite: one scenario per Kubernetes-observable label (and negative controls), each
 * with the same planted noise in the namespace.
 */
export const scenarios: EvalScenario[] = [
  {
    name: 'oom-killed',
    expected: 'oom_killed_limit_too_low',
    entities: me,
    objects: crash('', 137, 'OOMKilled'),
  },
  {
    name: 'missing-env',
    expected: 'crashloop_missing_env_or_config',
    entities: me,
    objects: crash(
      'panic: required environment variable STRIPE_API_URL is not set',
    ),
  },
  {
    name: 'bad-entrypoint-exit-127',
    expected: 'bad_command_or_entrypoint',
    entities: me,
    objects: crash('/bin/sh: /app/start.sh: not found', 127),
  },
  {
    name: 'bad-entrypoint-start-error',
    expected: 'bad_command_or_entrypoint',
    entities: me,
    objects: waiting(
      'RunContainerError',
      'failed to create containerd task: exec: "/app/server": stat /app/server: no such file or directory: unknown',
    ),
  },
  {
    name: 'dependency-refused',
    expected: 'app_crash_dependency_unreachable',
    entities: me,
    objects: crash(
      'FATAL: could not connect to postgres: dial tcp 10.0.4.12:5432: connect: connection refused',
    ),
  },
  {
    name: 'image-tag-missing',
    expected: 'image_tag_not_found',
    entities: me,
    objects: waiting(
      'ImagePullBackOff',
      'Back-off pulling image "registry.example.com/checkout:9.9.9"',
      [
        event(
          'Pod',
          `${A}-rs1-a1b2c`,
          'Failed',
          'Failed to pull image "registry.example.com/checkout:9.9.9": rpc error: code = NotFound desc = failed to pull and unpack image: failed to resolve reference "registry.example.com/checkout:9.9.9": registry.example.com/checkout:9.9.9: not found',
          { fieldPath: `spec.containers{${A}}` },
        ),
      ],
    ),
  },
  {
    name: 'image-pull-unauthorized',
    expected: 'image_pull_unauthorized',
    entities: me,
    objects: waiting('ErrImagePull', 'rpc error', [
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Failed',
        'Failed to pull image "private.example.com/checkout:1.0.1": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized',
      ),
    ]),
  },
  {
    name: 'invalid-image-name',
    expected: 'invalid_image_name',
    entities: me,
    objects: waiting(
      'InvalidImageName',
      'Failed to apply default image tag "registry.example.com/Checkout::1": couldn\'t parse image reference: invalid reference format',
    ),
  },
  {
    name: 'missing-secret',
    expected: 'missing_secret_or_key',
    entities: me,
    objects: waiting(
      'CreateContainerConfigError',
      'secret "checkout-db-credentials" not found',
    ),
  },
  {
    name: 'missing-secret-key',
    expected: 'missing_secret_or_key',
    entities: me,
    objects: waiting(
      'CreateContainerConfigError',
      "couldn't find key password in Secret shop/checkout-db",
    ),
  },
  {
    name: 'missing-configmap-volume',
    expected: 'missing_configmap_volume',
    entities: me,
    objects: waiting('ContainerCreating', '', [
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'FailedMount',
        'MountVolume.SetUp failed for volume "config" : configmap "checkout-config" not found',
      ),
    ]),
  },
  {
    name: 'readiness-failing',
    expected: 'readiness_probe_failing',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A, { ready: false }),
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 500',
        { count: 60 },
      ),
    ],
  },
  {
    name: 'liveness-wrong-port',
    expected: 'liveness_probe_misconfigured',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A, {
        lastTerminated: { reason: 'Error', exitCode: 137, ranSec: 300 },
        restarts: 6,
        ready: true,
        container: {
          livenessProbe: {
            httpGet: { path: '/healthz', port: 9090 },
            periodSeconds: 10,
            failureThreshold: 3,
          },
        },
      }),
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Unhealthy',
        'Liveness probe failed: Get "http://10.1.2.3:9090/healthz": dial tcp 10.1.2.3:9090: connect: connection refused',
        { fieldPath: `spec.containers{${A}}` },
      ),
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Killing',
        `Container ${A} failed liveness probe, will be restarted`,
        { type: 'Normal', fieldPath: `spec.containers{${A}}` },
      ),
    ],
  },
  {
    name: 'startup-too-slow',
    expected: 'startup_too_slow_for_probe',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A, {
        waiting: { reason: 'CrashLoopBackOff' },
        lastTerminated: { reason: 'Error', exitCode: 143, ranSec: 38 },
        container: {
          livenessProbe: {
            httpGet: { path: '/healthz', port: 8080 },
            initialDelaySeconds: 10,
            periodSeconds: 10,
            failureThreshold: 3,
          },
        },
      }),
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Unhealthy',
        'Liveness probe failed: Get "http://10.1.2.3:8080/healthz": dial tcp 10.1.2.3:8080: connect: connection refused',
      ),
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Killing',
        `Container ${A} failed liveness probe, will be restarted`,
        { type: 'Normal' },
      ),
    ],
  },
  {
    name: 'insufficient-memory',
    expected: 'unschedulable_insufficient_resources',
    entities: me,
    objects: pending(
      '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    ),
  },
  {
    name: 'node-selector-mismatch',
    expected: 'unschedulable_node_selector_mismatch',
    entities: me,
    objects: pending(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
    ),
  },
  {
    name: 'untolerated-taint',
    expected: 'unschedulable_untolerated_taint',
    entities: me,
    objects: pending(
      '0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}.',
    ),
  },
  {
    name: 'anti-affinity',
    expected: 'unschedulable_anti_affinity',
    entities: me,
    objects: pending(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.",
    ),
  },
  {
    name: 'storageclass-missing',
    expected: 'pvc_storageclass_missing',
    entities: me,
    objects: [
      ...pending(
        '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      ).map(o =>
        o.kind === 'Pod'
          ? {
              ...o,
              spec: {
                ...(o.spec as object),
                volumes: [
                  {
                    name: 'data',
                    persistentVolumeClaim: { claimName: 'checkout-data' },
                  },
                ],
              },
            }
          : o,
      ),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'checkout-data', namespace: NS },
        spec: { storageClassName: 'fast-ssd' },
        status: { phase: 'Pending' },
      },
      event(
        'PersistentVolumeClaim',
        'checkout-data',
        'ProvisioningFailed',
        'storageclass.storage.k8s.io "fast-ssd" not found',
      ),
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'standard' },
      },
    ],
  },
  {
    name: 'quota-exceeded',
    expected: 'resource_quota_exceeded',
    entities: me,
    objects: [
      ...deployment(A, { revision: 3, rolloutAgo: 'now-20m' }).map(o =>
        o.kind === 'ReplicaSet' && o.metadata.name === `${A}-rs3`
          ? {
              ...o,
              status: {
                replicas: 0,
                conditions: [
                  {
                    type: 'ReplicaFailure',
                    status: 'True',
                    reason: 'FailedCreate',
                    message:
                      'pods "checkout-rs3-x" is forbidden: exceeded quota: compute, requested: limits.memory=2Gi, used: limits.memory=15Gi, limited: limits.memory=16Gi',
                    lastTransitionTime: 'now-19m',
                  },
                ],
              },
            }
          : o,
      ),
      pod(A, { rev: 2 }),
      event(
        'ReplicaSet',
        `${A}-rs3`,
        'FailedCreate',
        'Error creating: pods "checkout-rs3-x" is forbidden: exceeded quota: compute, requested: limits.memory=2Gi, used: limits.memory=15Gi, limited: limits.memory=16Gi',
      ),
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'compute', namespace: NS },
        status: {
          hard: { 'limits.memory': '16Gi' },
          used: { 'limits.memory': '15Gi' },
        },
      },
    ],
  },
  {
    name: 'rollout-stuck',
    expected: 'rollout_stuck_progress_deadline',
    entities: me,
    objects: [
      ...deployment(A, {
        revision: 5,
        rolloutAgo: 'now-25m',
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "checkout-rs5" has timed out progressing.',
            lastTransitionTime: 'now-15m',
          },
        ],
      }),
      pod(A, { rev: 4 }),
      pod(A, {
        rev: 5,
        name: `${A}-rs5-q1w2e`,
        waiting: { reason: 'CrashLoopBackOff' },
        lastTerminated: { reason: 'Error', exitCode: 1 },
      }),
    ],
  },
  {
    name: 'configmap-change',
    expected: 'config_change_regression',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A, {
        ready: false,
        volumes: [{ name: 'cfg', configMap: { name: 'checkout-config' } }],
      }),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'checkout-config',
          namespace: NS,
          creationTimestamp: 'now-30d',
          managedFields: [
            { manager: 'kubectl-edit', operation: 'Update', time: 'now-16m' },
          ],
        },
        data: { 'app.yaml': 'timeout: 1ms' },
      },
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503',
        { first: 'now-14m', count: 80 },
      ),
    ],
  },
  {
    name: 'service-selector-mismatch',
    expected: 'service_selector_mismatch',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: A,
          namespace: NS,
          labels: { 'backstage.io/kubernetes-id': A },
        },
        spec: {
          selector: { app: 'checkout-v2' },
          ports: [{ port: 80, targetPort: 8080 }],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: A, namespace: NS },
      },
    ],
  },
  {
    name: 'networkpolicy-dns',
    expected: 'networkpolicy_blocking',
    entities: me,
    objects: [
      ...crash('Error: getaddrinfo EAI_AGAIN payments.shop.svc.cluster.local'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'lockdown',
          namespace: NS,
          creationTimestamp: 'now-22m',
        },
        spec: {
          podSelector: { matchLabels: { app: A } },
          policyTypes: ['Egress'],
          egress: [{ ports: [{ port: 443, protocol: 'TCP' }] }],
        },
      },
    ],
  },
  {
    name: 'dns-failure',
    expected: 'dns_resolution_failure',
    entities: me,
    objects: crash('Error: getaddrinfo ENOTFOUND ledger.internal.example.com'),
  },
  {
    name: 'ingress-class-missing',
    expected: 'ingress_misconfigured',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: A,
          namespace: NS,
          labels: { 'backstage.io/kubernetes-id': A },
        },
        spec: { selector: { app: A }, ports: [{ port: 80, name: 'http' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: A, namespace: NS },
        subsets: [{ addresses: [{ ip: '10.0.0.1' }] }],
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: {
          name: A,
          namespace: NS,
          labels: { 'backstage.io/kubernetes-id': A },
        },
        spec: {
          ingressClassName: 'nginx-internal',
          rules: [
            {
              host: 'shop.example.com',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: A, port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'nginx' },
      },
    ],
  },
  {
    name: 'node-not-ready',
    expected: 'node_not_ready',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A, { ready: false, node: 'node-3' }),
      node('node-3', [
        {
          type: 'Ready',
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastTransitionTime: 'now-12m',
        },
      ]),
    ],
  },
  {
    name: 'disk-pressure-eviction',
    expected: 'node_disk_pressure_eviction',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A, {
        phase: 'Failed',
        status: {
          reason: 'Evicted',
          message:
            'The node was low on resource: ephemeral-storage. Threshold quantity: 1Gi, available: 512Mi.',
        },
      }),
      pod(A, { name: `${A}-rs1-zzz` }),
    ],
  },
  {
    name: 'memory-pressure-eviction',
    expected: 'node_memory_pressure',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A, {
        phase: 'Failed',
        status: {
          reason: 'Evicted',
          message:
            'The node was low on resource: memory. Threshold quantity: 100Mi, available: 20Mi.',
        },
      }),
      pod(A, { name: `${A}-rs1-zzz` }),
    ],
  },
  {
    name: 'multi-attach',
    expected: 'volume_multi_attach',
    entities: me,
    objects: waiting('ContainerCreating', '', [
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'FailedAttachVolume',
        'Multi-Attach error for volume "pvc-1234" Volume is already exclusively attached to one node and can\'t be attached to another',
      ),
    ]),
  },
  {
    name: 'hpa-maxed',
    expected: 'hpa_maxed_out_saturation',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A),
      hpa(10, 14, {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'TooManyReplicas',
        message:
          'the desired replica count is more than the maximum replica count',
        lastTransitionTime: 'now-25m',
      }),
    ],
  },
  {
    name: 'hpa-metrics-unavailable',
    expected: 'hpa_metrics_unavailable',
    entities: me,
    objects: [
      ...deployment(A),
      pod(A),
      hpa(2, 2, {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message:
          'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu',
        lastTransitionTime: 'now-20m',
      }),
    ],
  },
  {
    name: 'job-backoff',
    expected: 'job_backoff_limit_exceeded',
    entities: me,
    objects: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: `${A}-migrate`,
          namespace: NS,
          labels: { 'backstage.io/kubernetes-id': A },
        },
        status: {
          failed: 6,
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
              lastTransitionTime: 'now-10m',
            },
          ],
        },
      },
      event(
        'Job',
        `${A}-migrate`,
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
      ),
    ],
  },
  {
    name: 'rbac-forbidden',
    expected: 'rbac_forbidden',
    entities: me,
    objects: crash(
      'leader election: configmaps "checkout-lock" is forbidden: User "system:serviceaccount:shop:checkout" cannot get resource "configmaps" in API group "" in the namespace "shop"',
    ),
  },
  {
    name: 'disk-full',
    expected: 'pvc_disk_full',
    entities: me,
    objects: crash(
      'FATAL: could not write to file "pg_wal/xlogtemp.31": No space left on device',
    ),
  },
  {
    name: 'upstream-ledger-oom',
    expected: 'upstream_dependency_failure',
    entities: [entity(A, ['component:default/ledger']), entity('ledger')],
    objects: [
      ...deployment(A),
      pod(A, { ready: false }),
      event(
        'Pod',
        `${A}-rs1-a1b2c`,
        'Unhealthy',
        'Readiness probe failed: Get "http://10.1.0.9:8080/ready": context deadline exceeded (ledger timeout)',
        { first: 'now-12m' },
      ),
      ...deployment('ledger'),
      pod('ledger', {
        waiting: { reason: 'CrashLoopBackOff' },
        lastTerminated: { reason: 'OOMKilled', exitCode: 137 },
      }),
      event(
        'Pod',
        'ledger-rs1-a1b2c',
        'BackOff',
        'Back-off restarting failed container ledger',
        { first: 'now-16m' },
      ),
    ],
  },
  {
    name: 'healthy',
    expected: 'no_issue_healthy',
    entities: me,
    objects: [...deployment(A), pod(A), pod(A, { name: `${A}-rs1-zzz` })],
  },
  {
    name: 'healthy-after-rollout',
    expected: 'no_issue_healthy',
    entities: me,
    objects: [
      ...deployment(A, { revision: 9, rolloutAgo: 'now-10m' }),
      pod(A, { rev: 9 }),
      event(
        'Deployment',
        A,
        'ScalingReplicaSet',
        'Scaled up replica set checkout-rs9 to 2',
        { type: 'Normal' },
      ),
    ],
  },
  {
    name: 'crash-no-clue',
    expected: 'insufficient_evidence',
    entities: me,
    objects: crash(''),
  },
  // Metrics and logs: causes that leave no trace in object status.
  {
    name: 'bad-rollout-regression',
    expected: 'bad_rollout_regression',
    entities: me,
    objects: [
      ...deployment(A, { revision: 4, rolloutAgo: 'now-26m' }),
      pod(A, { rev: 4 }),
      pod(A, { rev: 4, name: `${A}-rs4-q9w8e` }),
    ],
    signals: {
      series: [
        // The new pods serve the traffic from the rollout on.
        ...httpTraffic(`${A}-rs4-a1b2c`, wobble(step(-25, 0.004, 0.12), 0.2)),
        ...latency(`${A}-rs4-a1b2c`, step(-25, 0.12, 0.9)),
      ],
    },
  },
  {
    name: 'cpu-throttling',
    expected: 'cpu_throttling',
    entities: me,
    objects: [...deployment(A), pod(A)],
    signals: {
      series: [
        {
          metric: {
            __name__: 'container_cpu_cfs_periods_total',
            namespace: NS,
            pod: `${A}-rs1-a1b2c`,
            container: A,
          },
          counter: true,
          curve: () => 10,
        },
        {
          metric: {
            __name__: 'container_cpu_cfs_throttled_periods_total',
            namespace: NS,
            pod: `${A}-rs1-a1b2c`,
            container: A,
          },
          counter: true,
          curve: wobble(step(-35, 0.3, 6.5), 0.1),
        },
        ...latency(`${A}-rs1-a1b2c`, step(-34, 0.1, 0.6)),
      ],
    },
  },
  {
    name: 'memory-leak',
    expected: 'memory_leak',
    entities: me,
    objects: crash('', 137, 'OOMKilled'),
    signals: {
      series: [
        {
          metric: {
            __name__: 'container_memory_working_set_bytes',
            namespace: NS,
            pod: `${A}-rs1-a1b2c`,
            container: A,
          },
          // Climbs 1.5 MB a minute from a restart 110 minutes ago to the 512 MiB limit: a saw-tooth.
          curve: m => 2e8 + ((m + 130) % 110) * 3e6,
        },
        {
          metric: {
            __name__: 'kube_pod_container_resource_limits',
            namespace: NS,
            pod: `${A}-rs1-a1b2c`,
            container: A,
            resource: 'memory',
            unit: 'byte',
          },
          curve: () => 536870912,
        },
      ],
    },
  },
  {
    name: 'connection-pool-exhaustion',
    expected: 'connection_pool_exhaustion',
    entities: me,
    objects: [...deployment(A), pod(A), pod(A, { name: `${A}-rs1-zzz` })],
    signals: {
      series: [
        ...httpTraffic(`${A}-rs1-a1b2c`, step(-22, 0.004, 0.2)),
        ...latency(`${A}-rs1-a1b2c`, step(-22, 0.1, 4)),
      ],
      logs: [
        {
          pod: `${A}-rs1-a1b2c`,
          level: 'error',
          message: i =>
            `HikariPool-1 - Connection is not available, request timed out after ${
              30000 + i
            }ms (total=20, active=20, idle=0, waiting=${40 + i})`,
          count: 300,
          from: -22,
          to: 0,
        },
      ],
    },
  },
  {
    name: 'dns-failure-in-logs',
    expected: 'dns_resolution_failure',
    entities: me,
    objects: [...deployment(A), pod(A)],
    signals: {
      logs: [
        {
          pod: `${A}-rs1-a1b2c`,
          level: 'error',
          message: i =>
            `payment authorisation failed: dial tcp: lookup payments-db.shop.svc.cluster.local on 10.96.0.10:53: no such host (request ${i})`,
          count: 120,
          from: -15,
          to: 0,
        },
      ],
    },
  },
  {
    name: 'volume-full-in-logs',
    expected: 'pvc_disk_full',
    entities: me,
    objects: [...deployment(A), pod(A)],
    signals: {
      logs: [
        {
          pod: `${A}-rs1-a1b2c`,
          level: 'error',
          message: i =>
            `could not write segment /data/wal/0000${i}: No space left on device`,
          count: 60,
          from: -12,
          to: 0,
        },
      ],
    },
  },
  {
    name: 'rbac-in-logs',
    expected: 'rbac_forbidden',
    entities: me,
    objects: [...deployment(A), pod(A)],
    signals: {
      logs: [
        {
          pod: `${A}-rs1-a1b2c`,
          level: 'error',
          message: () =>
            'leader election failed: leases.coordination.k8s.io "checkout" is forbidden: User "system:serviceaccount:shop:checkout" cannot get resource "leases" in API group "coordination.k8s.io"',
          count: 40,
          from: -30,
          to: 0,
        },
      ],
    },
  },
  {
    name: 'chronic-errors-are-not-the-incident',
    expected: 'no_issue_healthy',
    entities: me,
    objects: [...deployment(A), pod(A)],
    signals: {
      logs: [
        {
          pod: `${A}-rs1-a1b2c`,
          level: 'error',
          message: i =>
            `redis timeout after 250 ms on GET session:${i} (connection refused)`,
          count: 200,
          from: -120,
          to: 0,
        },
      ],
    },
  },
];

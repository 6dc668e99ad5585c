import { entity } from '../../../src/__testUtils__/kit';
import { step } from '../../../src/__testUtils__/signalsKit';
import { chronicKlog, chronicLogfmt } from '../herrings';
import {
  ev,
  healthyNodes,
  node,
  NODES,
  obj,
  pod,
  running,
  statefulSet,
  terminated,
  waiting,
} from '../k8s';
import {
  crashLoop,
  failedMount,
  failedScheduling,
  probeFailures,
} from '../kubelet';
import { log, logfmt } from '../telemetry';
import type { BlindScenario } from '../types';

/** Volumes: attachments, provisioning, full disks behind crash loops and readiness failures. */

const PVC_ID = 'pvc-80c52f0e-8ebc-4f29-b93a-12bd0978be8b';
const PROM = 'quay.io/prometheus/prometheus:v2.18.2';

const pvc = (
  name: string,
  sc: string,
  phase: string,
  o: { volume?: string; size?: string; access?: string } = {},
) =>
  obj(
    'v1',
    'PersistentVolumeClaim',
    name,
    {
      spec: {
        accessModes: [o.access ?? 'ReadWriteOnce'],
        storageClassName: sc,
        resources: { requests: { storage: o.size ?? '10Gi' } },
        ...(o.volume ? { volumeName: o.volume } : {}),
      },
      status: {
        phase,
        ...(phase === 'Bound'
          ? {
              capacity: { storage: o.size ?? '10Gi' },
              accessModes: [o.access ?? 'ReadWriteOnce'],
            }
          : {}),
      },
    },
    { created: 'now-120d' },
  );

const storageClass = (name: string, isDefault = false) =>
  obj(
    'storage.k8s.io/v1',
    'StorageClass',
    name,
    {
      provisioner: 'ebs.csi.aws.com',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    },
    {
      ns: null,
      created: 'now-400d',
      annotations: isDefault
        ? { 'storageclass.kubernetes.io/is-default-class': 'true' }
        : undefined,
    },
  );

/** Free bytes of a PVC as the kubelet reports them (no pod label on these series). */
const volumeFree = (
  claim: string,
  free: (m: number) => number,
  capacity: number,
) => [
  {
    metric: {
      __name__: 'kubelet_volume_stats_available_bytes',
      namespace: 'shop',
      persistentvolumeclaim: claim,
    },
    curve: free,
  },
  {
    metric: {
      __name__: 'kubelet_volume_stats_capacity_bytes',
      namespace: 'shop',
      persistentvolumeclaim: claim,
    },
    curve: () => capacity,
  },
];

const GI = 1024 ** 3;

export const storageScenarios: BlindScenario[] = [
  // https://github.com/longhorn/longhorn/issues/5345 — after the StatefulSet pod moved, its RWO volume
  // was still attached to the old node: "Multi-Attach error ... Volume is already exclusively attached
  // to one node and can't be attached to another" (a stale VolumeAttachment).
  {
    name: 'statefulset-rwo-multi-attach',
    expected: 'volume_multi_attach',
    source: 'https://github.com/longhorn/longhorn/issues/5345',
    entities: [entity('redis')],
    objects: [
      node(NODES[0], {
        conditions: [
          {
            type: 'Ready',
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
            lastTransitionTime: 'now-31m',
          },
        ],
        taints: [
          {
            key: 'node.kubernetes.io/unreachable',
            effect: 'NoExecute',
            timeAdded: 'now-31m',
          },
        ],
      }),
      node(NODES[1]),
      node(NODES[2]),
      statefulSet('redis', {
        image: 'docker.io/library/redis:7.2.4',
        replicas: 1,
        ready: 0,
        claims: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: 'longhorn',
              resources: { requests: { storage: '8Gi' } },
            },
          },
        ],
      }),
      pod({
        app: 'redis',
        name: 'redis-0',
        owner: { kind: 'StatefulSet', name: 'redis' },
        node: NODES[1],
        phase: 'Pending',
        created: 'now-24m',
        volumes: [
          {
            name: 'data',
            persistentVolumeClaim: { claimName: 'data-redis-0' },
          },
        ],
        containers: [
          {
            name: 'redis',
            image: 'docker.io/library/redis:7.2.4',
            state: waiting('ContainerCreating'),
          },
        ],
      }),
      pvc('data-redis-0', 'longhorn', 'Bound', { volume: PVC_ID, size: '8Gi' }),
      obj(
        'storage.k8s.io/v1',
        'VolumeAttachment',
        'csi-3b6f2e1a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f',
        {
          spec: {
            attacher: 'driver.longhorn.io',
            nodeName: NODES[0],
            source: { persistentVolumeName: PVC_ID },
          },
          status: { attached: true },
        },
        { ns: null, created: 'now-40d' },
      ),
      ev(
        'Pod',
        'redis-0',
        'FailedAttachVolume',
        `Multi-Attach error for volume "${PVC_ID}" Volume is already exclusively attached to one node and can't be attached to another`,
        { component: 'attachdetach-controller', first: 'now-24m', count: 14 },
      ),
      failedMount(
        'redis-0',
        'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data kube-api-access-5xq2w]: timed out waiting for the condition',
        10,
      ),
      ev(
        'Node',
        NODES[0],
        'NodeNotReady',
        `Node ${NODES[0]} status is now: NodeNotReady`,
        {
          type: 'Normal',
          component: 'node-controller',
          first: 'now-31m',
          last: 'now-31m',
        },
      ),
    ],
    logs: [
      log(
        'api-gateway-6c9d7b8f5-m2x8q',
        'api-gateway',
        'error',
        60,
        -24,
        0,
        (_i, at) =>
          logfmt(at, 'error', 'rate limiter backend unavailable', {
            err: 'dial tcp 10.96.20.11:6379: connect: connection refused',
          }),
      ),
      chronicLogfmt(
        'longhorn-manager-x7q2k',
        'longhorn-manager',
        'Failed to sync Longhorn setting longhorn-system/backup-target',
        { controller: 'longhorn-setting' },
      ),
    ],
    needles: [PVC_ID, 'data-redis-0'],
    redHerrings: [
      {
        object: NODES[0],
        what: 'the node went NotReady half an hour ago: it started the move, but the new pod fails on the stale attachment',
      },
      {
        object: 'longhorn-manager',
        what: 'a chronic backup-target sync error',
      },
    ],
  },
  // https://github.com/kubernetes/kubernetes/issues/81714 — a Prometheus StatefulSet claimed storage
  // class "standard", which this cluster does not have: PVC Pending, pod unschedulable.
  {
    name: 'statefulset-storageclass-not-found',
    expected: 'pvc_storageclass_missing',
    source: 'https://github.com/kubernetes/kubernetes/issues/81714',
    entities: [entity('prometheus')],
    objects: [
      ...healthyNodes(),
      storageClass('gp3', true),
      storageClass('gp2'),
      statefulSet('prometheus', {
        image: 'quay.io/prometheus/prometheus:v2.53.0',
        replicas: 1,
        ready: 0,
        claims: [
          {
            metadata: { name: 'prometheus-data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: 'standard',
              resources: { requests: { storage: '16Gi' } },
            },
          },
        ],
      }),
      pod({
        app: 'prometheus',
        name: 'prometheus-0',
        owner: { kind: 'StatefulSet', name: 'prometheus' },
        phase: 'Pending',
        created: 'now-28m',
        volumes: [
          {
            name: 'prometheus-data',
            persistentVolumeClaim: {
              claimName: 'prometheus-data-prometheus-0',
            },
          },
        ],
        containers: [
          {
            name: 'prometheus',
            image: 'quay.io/prometheus/prometheus:v2.53.0',
          },
        ],
      }),
      pvc('prometheus-data-prometheus-0', 'standard', 'Pending', {
        size: '16Gi',
      }),
      ev(
        'PersistentVolumeClaim',
        'prometheus-data-prometheus-0',
        'ProvisioningFailed',
        'storageclass.storage.k8s.io "standard" not found',
        {
          component: 'persistentvolume-controller',
          first: 'now-28m',
          count: 113,
        },
      ),
      failedScheduling(
        'prometheus-0',
        '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
        22,
        'now-28m',
      ),
      pod({
        app: 'alertmanager',
        labels: { app: 'alertmanager' },
        name: 'alertmanager-0',
        owner: { kind: 'StatefulSet', name: 'alertmanager' },
        created: 'now-30d',
        containers: [
          {
            name: 'alertmanager',
            image: 'quay.io/prometheus/alertmanager:v0.27.0',
          },
        ],
      }),
    ],
    logs: [
      chronicKlog(
        'kube-state-metrics-7b9d6c8f5-q2w4x',
        'kube-state-metrics',
        'reflector.go:547',
        'k8s.io/client-go/informers/factory.go:160: watch of *v1.VolumeAttachment ended with: an error on the server ("unable to decode an event from the watch stream: http2: client connection lost") has prevented the request from succeeding',
      ),
      log('alertmanager-0', 'alertmanager', 'warn', 20, -25, 0, (_i, at) =>
        logfmt(at, 'warn', 'Notify for alerts failed', {
          component: 'dispatcher',
          receiver: 'slack',
          err: 'context deadline exceeded',
        }),
      ),
    ],
    needles: ['standard', 'prometheus-data-prometheus-0'],
    redHerrings: [
      { object: 'kube-state-metrics', what: 'chronic watch-stream reconnects' },
      {
        object: 'alertmanager-0',
        what: 'Slack notifications timing out: a separate egress problem',
      },
    ],
  },
  // https://github.com/prometheus/prometheus/issues/8128 — Prometheus ran out of space and kept
  // crash-looping on "opening storage failed: open /prometheus/wal/00000500: no space left on device",
  // even after the PV and PVC were enlarged.
  {
    name: 'prometheus-wal-no-space',
    expected: 'pvc_disk_full',
    source: 'https://github.com/prometheus/prometheus/issues/8128',
    entities: [entity('prometheus-k8s')],
    objects: [
      ...healthyNodes(),
      statefulSet('prometheus-k8s', { image: PROM, replicas: 1, ready: 0 }),
      pod({
        app: 'prometheus-k8s',
        name: 'prometheus-k8s-0',
        owner: { kind: 'StatefulSet', name: 'prometheus-k8s' },
        created: 'now-7d',
        volumes: [
          {
            name: 'prometheus-k8s-db',
            persistentVolumeClaim: {
              claimName: 'prometheus-k8s-db-prometheus-k8s-0',
            },
          },
        ],
        containers: [
          {
            name: 'prometheus',
            image: PROM,
            restarts: 31,
            state: waiting(
              'CrashLoopBackOff',
              'back-off 5m0s restarting failed container=prometheus pod=prometheus-k8s-0_shop',
            ),
            last: terminated('Error', 1, {
              message:
                'opening storage failed: open /prometheus/wal/00000500: no space left on device',
            }),
          },
          {
            name: 'config-reloader',
            image:
              'quay.io/prometheus-operator/prometheus-config-reloader:v0.40.0',
          },
        ],
      }),
      ...crashLoop('prometheus-k8s-0', 'prometheus', PROM, 31, 'now-58m'),
      pvc('prometheus-k8s-db-prometheus-k8s-0', 'managed-premium', 'Bound', {
        volume: 'pvc-5b9e1c7a-2f4d-4c8e-9a1b-7d3e6f2c8a4b',
        size: '60Gi',
      }),
      ev(
        'PersistentVolumeClaim',
        'prometheus-k8s-db-prometheus-k8s-0',
        'FileSystemResizeSuccessful',
        'MountVolume.NodeExpandVolume succeeded for volume "pvc-5b9e1c7a-2f4d-4c8e-9a1b-7d3e6f2c8a4b" aks-nodepool1-38380500-0',
        { type: 'Normal', first: 'now-3h', last: 'now-3h' },
      ),
    ],
    logs: [
      log('prometheus-k8s-0', 'prometheus', 'error', 31, -58, 0, (_i, at) =>
        logfmt(at, 'error', 'opening storage failed', {
          caller: 'main.go:798',
          err: 'open /prometheus/wal/00000500: no space left on device',
        }),
      ),
      chronicKlog(
        'kube-state-metrics-7b9d6c8f5-q2w4x',
        'kube-state-metrics',
        'reflector.go:547',
        'watch of *v1.PersistentVolume ended with: very short watch: k8s.io/client-go/informers/factory.go:160: Unexpected watch close - watch lasted less than a second and no items received',
      ),
      chronicLogfmt(
        'prometheus-operator-7d9c8b6f5-x2k4q',
        'prometheus-operator',
        'sync prometheus',
        {
          key: 'shop/k8s',
          err: 'updating config failed: creating config secret failed: Secret "prometheus-k8s" is invalid: data: Too long: must have at most 1048576 bytes',
        },
      ),
    ],
    signals: {
      series: volumeFree(
        'prometheus-k8s-db-prometheus-k8s-0',
        step(-60, 0.2 * GI, 0),
        60 * GI,
      ),
    },
    needles: ['prometheus-k8s-db-prometheus-k8s-0', 'no space left on device'],
    redHerrings: [
      {
        object: 'prometheus-operator',
        what: 'a chronic config-secret size error from the operator',
      },
      {
        object: 'kube-state-metrics',
        what: 'chronic watch reconnects; the PVC was also enlarged three hours ago, which looks like a fix already applied',
      },
    ],
  },
  // https://github.com/kubernetes/test-infra/issues/20439 — one of two Prometheus replicas ran out of
  // disk and stayed 2/3 ready: the readiness probe failed while the other replica served.
  {
    name: 'replica-disk-full-readiness',
    expected: 'pvc_disk_full',
    source: 'https://github.com/kubernetes/test-infra/issues/20439',
    entities: [entity('prometheus-prow')],
    objects: [
      ...healthyNodes(),
      statefulSet('prometheus-prow', {
        image: 'quay.io/prometheus/prometheus:v2.24.0',
        replicas: 2,
        ready: 1,
      }),
      pod({
        app: 'prometheus-prow',
        name: 'prometheus-prow-0',
        owner: { kind: 'StatefulSet', name: 'prometheus-prow' },
        node: NODES[0],
        created: 'now-4d',
        containers: [
          {
            name: 'prometheus',
            image: 'quay.io/prometheus/prometheus:v2.24.0',
          },
          {
            name: 'config-reloader',
            image:
              'quay.io/prometheus-operator/prometheus-config-reloader:v0.44.1',
          },
          {
            name: 'rules-configmap-reloader',
            image: 'docker.io/jimmidyson/configmap-reload:v0.4.0',
          },
        ],
      }),
      pod({
        app: 'prometheus-prow',
        name: 'prometheus-prow-1',
        owner: { kind: 'StatefulSet', name: 'prometheus-prow' },
        node: NODES[1],
        created: 'now-4d',
        containers: [
          {
            name: 'prometheus',
            image: 'quay.io/prometheus/prometheus:v2.24.0',
            ready: false,
            restarts: 74,
            state: running('now-3m'),
            readinessProbe: { httpGet: { path: '/-/ready', port: 'web' } },
          },
          {
            name: 'config-reloader',
            image:
              'quay.io/prometheus-operator/prometheus-config-reloader:v0.44.1',
          },
          {
            name: 'rules-configmap-reloader',
            image: 'docker.io/jimmidyson/configmap-reload:v0.4.0',
          },
        ],
      }),
      ...probeFailures(
        'prometheus-prow-1',
        'prometheus',
        'Readiness',
        'HTTP probe failed with statuscode: 503',
        160,
        'now-50m',
      ),
      pvc('prometheus-prow-db-prometheus-prow-1', 'ssd', 'Bound', {
        volume: 'pvc-2c8e4a1f-9b7d-4e3c-8a6f-1d5b9c7e2a4f',
        size: '100Gi',
      }),
      pvc('prometheus-prow-db-prometheus-prow-0', 'ssd', 'Bound', {
        volume: 'pvc-7f1d3b9e-6a2c-4d8e-b5f7-3c9a1e6d2b8f',
        size: '100Gi',
      }),
    ],
    logs: [
      log('prometheus-prow-1', 'prometheus', 'error', 90, -50, 0, (_i, at) =>
        logfmt(at, 'warn', 'append failed', {
          caller: 'scrape.go:1094',
          component: 'scrape manager',
          scrape_pool: 'prow-hook',
          err: 'write to WAL: log samples: write /prometheus/wal/00008836: no space left on device',
        }),
      ),
      log(
        'prometheus-prow-0',
        'rules-configmap-reloader',
        'warn',
        20,
        -120,
        0,
        (_i, at) =>
          `${at
            .toISOString()
            .slice(0, 19)
            .replace(
              'T',
              ' ',
            )} error: Received response code 500 , expected 200`,
      ),
    ],
    signals: {
      series: [
        ...volumeFree(
          'prometheus-prow-db-prometheus-prow-1',
          m => Math.max(0, 0.6 * GI + (m + 60) * -0.05 * GI),
          100 * GI,
        ),
        ...volumeFree(
          'prometheus-prow-db-prometheus-prow-0',
          () => 38 * GI,
          100 * GI,
        ),
      ],
    },
    needles: ['prometheus-prow-db-prometheus-prow-1', 'prometheus-prow-1'],
    redHerrings: [
      {
        object: 'rules-configmap-reloader',
        what: 'a chronic reload 500 from a sidecar on the healthy replica',
      },
      {
        object: 'prometheus-prow-0',
        what: 'the healthy replica keeps serving',
      },
    ],
  },
];

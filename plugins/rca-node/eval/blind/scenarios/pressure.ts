import { entity } from '../../../src/__testUtils__/kit';
import { step } from '../../../src/__testUtils__/signalsKit';
import { chronicLogfmt } from '../herrings';
import {
  daemonSet,
  deployment,
  ev,
  node,
  pod,
  running,
  terminated,
} from '../k8s';
import { failedScheduling, scheduled } from '../kubelet';
import { json, log, memory, traceId } from '../telemetry';
import type { BlindScenario } from '../types';

/** Node pressure: a noisy neighbour, ephemeral storage. */

const DEMO = 'gke-demo-pool-1-9f3a1b2c-x2k4';

const REDIS = 'docker.io/library/redis:7.2.4';

const FF = 'docker.io/revenz/fileflows:24.08';

const evicted = (
  app: string,
  name: string,
  owner: string,
  message: string,
  nodeName: string,
  container = app,
) =>
  pod({
    app,
    name,
    owner: { kind: 'ReplicaSet', name: owner },
    node: nodeName,
    phase: 'Failed',
    reason: 'Evicted',
    message,
    created: 'now-6d',
    containers: [
      {
        name: container,
        image: `registry.example.com/${app}:latest`,
        ready: false,
        state: terminated('ContainerStatusUnknown', 137, {
          message:
            'The container could not be located when the pod was terminated',
          finished: 'now-17m',
        }),
      },
    ],
  });

export const pressureScenarios: BlindScenario[] = [
  // https://github.com/HolmesGPT/holmesgpt/pull/2449 — an ml-training pod without a memory limit
  // exhausted a small tainted node; session-store, checkout-cache and email-queue were evicted, and an
  // unrelated system pod restart looked like part of it.
  {
    name: 'noisy-neighbour-node-memory-pressure',
    expected: 'node_memory_pressure',
    source: 'https://github.com/HolmesGPT/holmesgpt/pull/2449',
    entities: [entity('session-store')],
    objects: [
      node(DEMO, {
        conditions: [
          {
            type: 'MemoryPressure',
            status: 'True',
            reason: 'KubeletHasInsufficientMemory',
            message: 'kubelet has insufficient memory available',
            lastTransitionTime: 'now-18m',
          },
        ],
        taints: [
          { key: 'workload', value: 'demo', effect: 'NoSchedule' },
          {
            key: 'node.kubernetes.io/memory-pressure',
            effect: 'NoSchedule',
            timeAdded: 'now-18m',
          },
        ],
        allocatable: { memory: '2Gi' },
      }),
      ...deployment('session-store', {
        hash: '6f8d7c9b5d',
        image: REDIS,
        created: 'now-6d',
        replicas: 1,
        ready: 0,
      }),
      evicted(
        'session-store',
        'session-store-6f8d7c9b5d-7hq2m',
        'session-store-6f8d7c9b5d',
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 64232Ki. Container redis was using 187Mi, request is 64Mi, has larger consumption of memory. ',
        DEMO,
        'redis',
      ),
      pod({
        app: 'session-store',
        name: 'session-store-6f8d7c9b5d-n4w8x',
        owner: { kind: 'ReplicaSet', name: 'session-store-6f8d7c9b5d' },
        phase: 'Pending',
        created: 'now-17m',
        containers: [{ name: 'redis', image: REDIS }],
      }),
      failedScheduling(
        'session-store-6f8d7c9b5d-n4w8x',
        '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
        30,
        'now-17m',
      ),
      evicted(
        'checkout-cache',
        'checkout-cache-5c7d9b8f6c-2kx8p',
        'checkout-cache-5c7d9b8f6c',
        'The node was low on resource: memory. Threshold quantity: 100Mi, available: 71020Ki. Container checkout-cache was using 142Mi, request is 64Mi, has larger consumption of memory. ',
        DEMO,
      ),
      pod({
        app: 'ml-training',
        labels: { app: 'ml-training' },
        name: 'ml-training-8b6c7d9f5-q2w4e',
        owner: { kind: 'ReplicaSet', name: 'ml-training-8b6c7d9f5' },
        node: DEMO,
        created: 'now-25m',
        containers: [
          {
            name: 'trainer',
            image: 'registry.example.com/ml/trainer:0.3.1',
            resources: { requests: { memory: '128Mi' } },
          },
        ],
      }),
      daemonSet('cilium', {
        image: 'quay.io/cilium/cilium:v1.15.6',
        desired: 1,
        ns: 'kube-system',
      }),
      ev(
        'Pod',
        'cilium-7kq9v',
        'Killing',
        'Container cilium-agent definition changed, will be restarted',
        {
          ns: 'kube-system',
          type: 'Normal',
          first: 'now-16m',
          last: 'now-16m',
        },
      ),
      ev('Node', DEMO, 'EvictionThresholdMet', 'Attempting to reclaim memory', {
        host: DEMO,
        first: 'now-18m',
        count: 6,
      }),
    ],
    logs: [
      log(
        'ml-training-8b6c7d9f5-q2w4e',
        'trainer',
        'info',
        25,
        -25,
        0,
        (i, at) =>
          json(at, 'info', 'loaded shard into memory', {
            shard: i,
            rss_mb: 140 + i * 70,
          }),
      ),
    ],
    signals: {
      series: memory(
        'ml-training-8b6c7d9f5-q2w4e',
        'trainer',
        m => Math.max(120, 120 + (m + 25) * 75),
        0,
      ),
    },
    needles: ['ml-training', DEMO],
    redHerrings: [
      {
        object: 'cilium',
        what: 'a system DaemonSet pod restarted for an unrelated config change during the incident',
      },
      {
        object: 'session-store-6f8d7c9b5d-n4w8x',
        what: 'the replacement pod is Pending on the memory-pressure taint: a consequence, not an untolerated-taint misconfiguration',
      },
    ],
  },
  // https://github.com/Tanguille/cluster/pull/4607 — fileflows was evicted when control-1 ran low on
  // ephemeral storage: it used 1.1 GiB against a request of 0, so the kubelet chose it first.
  {
    name: 'ephemeral-storage-eviction',
    expected: 'node_disk_pressure_eviction',
    source: 'https://github.com/Tanguille/cluster/pull/4607',
    entities: [entity('fileflows')],
    objects: [
      node('control-1', {
        conditions: [
          {
            type: 'DiskPressure',
            status: 'True',
            reason: 'KubeletHasDiskPressure',
            message: 'kubelet has disk pressure',
            lastTransitionTime: 'now-21m',
          },
        ],
        taints: [
          {
            key: 'node.kubernetes.io/disk-pressure',
            effect: 'NoSchedule',
            timeAdded: 'now-21m',
          },
        ],
      }),
      node('worker-2'),
      ...deployment('fileflows', {
        hash: '6d8b7f9c5d',
        image: FF,
        created: 'now-30d',
        replicas: 1,
        ready: 1,
      }),
      pod({
        app: 'fileflows',
        name: 'fileflows-6d8b7f9c5d-v2n7k',
        owner: { kind: 'ReplicaSet', name: 'fileflows-6d8b7f9c5d' },
        node: 'control-1',
        phase: 'Failed',
        reason: 'Evicted',
        created: 'now-30d',
        message:
          'The node was low on resource: ephemeral-storage. Threshold quantity: 80463020976, available: 78017988Ki. Container app was using 1148032Ki, request is 0, has larger consumption of ephemeral-storage. ',
        containers: [
          {
            name: 'app',
            image: FF,
            ready: false,
            state: terminated('Error', 137, { finished: 'now-20m' }),
          },
        ],
      }),
      pod({
        app: 'fileflows',
        name: 'fileflows-6d8b7f9c5d-h8q3x',
        owner: { kind: 'ReplicaSet', name: 'fileflows-6d8b7f9c5d' },
        node: 'worker-2',
        created: 'now-19m',
        containers: [{ name: 'app', image: FF, state: running('now-18m') }],
      }),
      scheduled('fileflows-6d8b7f9c5d-h8q3x', 'worker-2', 'now-19m'),
      ev(
        'Pod',
        'fileflows-6d8b7f9c5d-v2n7k',
        'Evicted',
        'The node was low on resource: ephemeral-storage. Threshold quantity: 80463020976, available: 78017988Ki. Container app was using 1148032Ki, request is 0, has larger consumption of ephemeral-storage. ',
        { first: 'now-20m', last: 'now-20m' },
      ),
      ev(
        'Node',
        'control-1',
        'EvictionThresholdMet',
        'Attempting to reclaim ephemeral-storage',
        { host: 'control-1', first: 'now-21m', count: 3 },
      ),
      ev(
        'Node',
        'worker-2',
        'FreeDiskSpaceFailed',
        'Failed to garbage collect required amount of images. Attempted to free 4621828915 bytes, but only found 0 bytes eligible to free.',
        { host: 'worker-2', first: 'now-6d', last: 'now-30m', count: 412 },
      ),
      pod({
        app: 'nextcloud',
        labels: { app: 'nextcloud' },
        name: 'nextcloud-7c5d9f8b6c-z2k4w',
        owner: { kind: 'ReplicaSet', name: 'nextcloud-7c5d9f8b6c' },
        node: 'control-1',
        created: 'now-40d',
        containers: [
          { name: 'nextcloud', image: 'docker.io/library/nextcloud:29.0.4' },
        ],
      }),
    ],
    logs: [
      log('fileflows-6d8b7f9c5d-h8q3x', 'app', 'warn', 20, -18, 0, (i, at) =>
        json(
          at,
          'warn',
          'transcode restarted from the beginning: temp file missing',
          { file: `/temp/${traceId('ff', i).slice(0, 8)}.mkv` },
        ),
      ),
      chronicLogfmt(
        'nextcloud-7c5d9f8b6c-z2k4w',
        'nextcloud',
        'Could not detect any host in Forwarded header',
        { app: 'core' },
      ),
    ],
    signals: {
      series: [
        {
          metric: {
            __name__: 'node_filesystem_avail_bytes',
            instance: 'control-1',
            node: 'control-1',
            mountpoint: '/var/lib/kubelet',
          },
          curve: step(-21, 9.6e10, 7.9e10),
        },
      ],
    },
    needles: ['control-1', 'ephemeral-storage'],
    redHerrings: [
      {
        object: 'nextcloud-7c5d9f8b6c-z2k4w',
        what: 'a chronic proxy-header warning on the same node',
      },
      {
        object: 'worker-2',
        what: 'FreeDiskSpaceFailed image-GC warnings on the other node, firing for six days',
      },
    ],
  },
];

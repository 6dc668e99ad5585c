import { entity } from '../../../src/__testUtils__/kit';
import { latency, wobble } from '../../../src/__testUtils__/signalsKit';
import {
  chronicJson,
  chronicKlog,
  clearedHpa,
  ISTIO,
  neighbourCrash,
  oldSidecarOom,
  sidecar,
} from '../herrings';
import {
  cronJob,
  deployment,
  ev,
  healthyNodes,
  job,
  node,
  NODES,
  pod,
  terminated,
} from '../k8s';
import { scaledDown, scaledUp } from '../kubelet';
import { accessLog, envoy, log, traceId, traffic } from '../telemetry';
import type { BlindScenario } from '../types';

/** Healthy controls: loud, unrelated warnings around a workload that is fine. */

const INV = 'registry.example.com/commerce/inventory:6.4.1';
const WEB = 'registry.example.com/commerce/orders-web:3.9.0';
const DE = 'registry.example.com/data/cloudloader-dataeditor:2.0.7';
const CAT = 'registry.example.com/catalog/catalog-api';

const npd = [
  {
    type: 'ContainerRuntimeReady',
    status: 'True',
    reason: 'ContainerRuntimeIsReady',
    message: 'Monitoring for the ContainerRuntime system is active',
  },
  {
    type: 'StorageReady',
    status: 'True',
    reason: 'DiskIsReady',
    message: 'Monitoring for the Disk system is active',
  },
  {
    type: 'NetworkingReady',
    status: 'True',
    reason: 'NetworkingIsReady',
    message: 'Monitoring for the Networking system is active',
  },
  {
    type: 'KernelReady',
    status: 'True',
    reason: 'KernelIsReady',
    message: 'Monitoring for the Kernel system is active',
  },
];

const catalogPods = (hash: string, created: string) =>
  ['2kq8w', 'm7x4z', 'v9t2n'].map((s, i) =>
    pod({
      app: 'catalog-api',
      name: `catalog-api-${hash}-${s}`,
      owner: { kind: 'ReplicaSet', name: `catalog-api-${hash}` },
      node: NODES[i],
      created,
      containers: [
        { name: 'catalog-api', image: `${CAT}:4.2.0` },
        i === 2 ? oldSidecarOom('4d') : sidecar(),
      ],
    }),
  );

export const controlScenarios: BlindScenario[] = [
  // https://github.com/k8sgpt-ai/k8sgpt/issues/1461 — on a healthy EKS cluster, node-monitoring
  // conditions such as "ContainerRuntimeReady ... Monitoring for the ContainerRuntime system is active"
  // were reported as errors. Nothing is wrong with the service.
  {
    name: 'healthy-node-monitoring-conditions',
    expected: 'no_issue_healthy',
    source: 'https://github.com/k8sgpt-ai/k8sgpt/issues/1461',
    entities: [entity('inventory')],
    objects: [
      ...NODES.map(n => node(n, { conditions: npd })),
      ...deployment('inventory', {
        hash: '6d8f9c7b5c',
        image: INV,
        created: 'now-11d',
        replicas: 3,
      }),
      ...['6d8f9c7b5c-4xq2k', '6d8f9c7b5c-h8m3w', '6d8f9c7b5c-t2v9z'].map(
        (s, i) =>
          pod({
            app: 'inventory',
            name: `inventory-${s}`,
            owner: { kind: 'ReplicaSet', name: 'inventory-6d8f9c7b5c' },
            node: NODES[i],
            created: 'now-11d',
            containers: [
              { name: 'inventory', image: INV },
              i ? sidecar() : oldSidecarOom('3d'),
            ],
          }),
      ),
      ...clearedHpa('inventory'),
    ],
    logs: [
      accessLog('inventory-6d8f9c7b5c-4xq2k', 'inventory', '/v1/stock'),
      chronicJson(
        'inventory-6d8f9c7b5c-h8m3w',
        'inventory',
        'warehouse feed checksum mismatch, re-downloading',
        { feed: 'wh-berlin' },
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'inventory-6d8f9c7b5c-4xq2k',
          'inventory',
          wobble(() => 0.003, 0.3),
          30,
        ),
        ...latency(
          'inventory-6d8f9c7b5c-4xq2k',
          wobble(() => 0.09, 0.1),
          30,
        ),
      ],
    },
    needles: ['inventory'],
    redHerrings: [
      {
        object: NODES[0],
        what: 'extra node conditions from node-problem-detector, all reporting healthy',
      },
      {
        object: 'inventory-6d8f9c7b5c-4xq2k',
        what: 'its istio-proxy was OOMKilled three days ago',
      },
      {
        object: 'HorizontalPodAutoscaler shop/inventory',
        what: 'an HPA metrics outage that ended 45 minutes ago',
      },
    ],
  },
  // https://github.com/k8sgpt-ai/k8sgpt/issues/1581 — completed smoke-test Job pods were reported as
  // failing because a sidecar ends with exit code 255 when the Job completes. The runs succeeded.
  {
    name: 'healthy-completed-jobs-sidecar-255',
    expected: 'no_issue_healthy',
    source: 'https://github.com/k8sgpt-ai/k8sgpt/issues/1581',
    entities: [entity('cloudloader-dataeditor')],
    objects: [
      ...healthyNodes(),
      cronJob('smoke-test-cloudloader-dataeditor', 'cloudloader-dataeditor', {
        schedule: '*/15 * * * *',
        image: DE,
        last: 'now-13m',
      }),
      ...[13, 28, 43].map(ago =>
        job(
          `smoke-test-cloudloader-dataeditor-2893${7600 - ago}`,
          'cloudloader-dataeditor',
          {
            cronJob: 'smoke-test-cloudloader-dataeditor',
            image: DE,
            succeeded: 1,
            started: `now-${ago}m`,
            conditions: [
              {
                type: 'Complete',
                status: 'True',
                lastTransitionTime: `now-${ago - 1}m`,
              },
            ],
          },
        ),
      ),
      ...[13, 28, 43].map((ago, i) =>
        pod({
          app: 'cloudloader-dataeditor',
          name: `smoke-test-cloudloader-dataeditor-2893${7600 - ago}-${
            ['djj5f', 'fbksx', 'f7rl4'][i]
          }`,
          owner: {
            kind: 'Job',
            name: `smoke-test-cloudloader-dataeditor-2893${7600 - ago}`,
          },
          phase: 'Succeeded',
          created: `now-${ago}m`,
          containers: [
            {
              name: 'smoke-test',
              image: DE,
              ready: false,
              state: terminated('Completed', 0, {
                started: `now-${ago}m`,
                finished: `now-${ago - 1}m`,
              }),
            },
            {
              name: 'istio-proxy',
              image: ISTIO,
              ready: false,
              state: terminated('Error', 255, {
                started: `now-${ago}m`,
                finished: `now-${ago - 1}m`,
              }),
            },
            {
              name: 'log-shipper',
              image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.4',
              ready: false,
              state: terminated('Completed', 0, {
                finished: `now-${ago - 1}m`,
              }),
            },
          ],
        }),
      ),
      ...neighbourCrash(
        'dataeditor-ui',
        'dataeditor-ui-5c9d8b7f6c-k2w8q',
        "Error: Cannot find module '/app/server.js'",
      ),
    ],
    logs: [
      log(
        'smoke-test-cloudloader-dataeditor-28937587-djj5f',
        'smoke-test',
        'info',
        6,
        -13,
        -12,
        i =>
          [
            'running 42 checks',
            'load: ok (1.2s)',
            'edit: ok (0.8s)',
            'export: ok (2.1s)',
            'cleanup: ok',
            'PASS 42/42',
          ][i],
      ),
    ],
    needles: ['smoke-test-cloudloader-dataeditor'],
    redHerrings: [
      {
        object: 'smoke-test-cloudloader-dataeditor-28937587-djj5f',
        what: 'istio-proxy exit 255 in a Succeeded pod: how the sidecar ends when the Job completes',
      },
      { object: 'dataeditor-ui', what: 'a different workload crash-looping' },
    ],
  },
  // https://github.com/HolmesGPT/holmesgpt/pull/2150 — loud infrastructure noise (CNI IP exhaustion on
  // other pods, Karpenter drain failures, pods Pending on impossible selectors) around a workload; here
  // the workload itself is healthy.
  {
    name: 'healthy-amid-infra-noise',
    expected: 'no_issue_healthy',
    source: 'https://github.com/HolmesGPT/holmesgpt/pull/2150',
    entities: [entity('orders-web')],
    objects: [
      ...healthyNodes(),
      ...deployment('orders-web', {
        hash: '7c9d6f8b5d',
        image: WEB,
        created: 'now-6d',
        replicas: 2,
      }),
      ...['7c9d6f8b5d-2wq8k', '7c9d6f8b5d-x4n7m'].map((s, i) =>
        pod({
          app: 'orders-web',
          name: `orders-web-${s}`,
          owner: { kind: 'ReplicaSet', name: 'orders-web-7c9d6f8b5d' },
          node: NODES[i],
          created: 'now-6d',
          containers: [{ name: 'orders-web', image: WEB }, sidecar()],
        }),
      ),
      ...['a2k9x', 'b7m4q', 'c3t8w', 'd9v2z'].map(s =>
        ev(
          'Pod',
          `log-archival-index-to-es-${s}`,
          'FailedCreatePodSandBox',
          'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container',
          { first: 'now-50m', count: 10 },
        ),
      ),
      ev(
        'Node',
        NODES[2],
        'FailedDraining',
        'Failed to drain node, 3 pods are waiting to be evicted',
        { component: 'karpenter', first: 'now-40m', last: 'now-5m', count: 10 },
      ),
      ...['q1', 'q2', 'q3'].map(s =>
        pod({
          app: 'noise-pending',
          labels: { app: 'noise-pending' },
          name: `noise-pending-${s}`,
          owner: { kind: 'ReplicaSet', name: 'noise-pending-6b5c' },
          phase: 'Pending',
          created: 'now-2h',
          spec: {
            nodeSelector: {
              'node.kubernetes.io/instance-type': 'x2iedn.32xlarge',
            },
          },
          containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.9' }],
        }),
      ),
    ],
    logs: [
      accessLog('orders-web-7c9d6f8b5d-2wq8k', 'orders-web', '/orders'),
      log(
        'orders-web-7c9d6f8b5d-2wq8k',
        'istio-proxy',
        'info',
        60,
        -60,
        0,
        (i, at) =>
          envoy(at, {
            path: '/orders',
            code: 200,
            upstream: 'orders-svc.shop.svc.cluster.local:8080',
            cluster: '10.244.1.77:8080',
            ms: 18,
            bytes: 2412,
            trace: traceId('web', i),
          }),
      ),
      chronicKlog(
        'aws-node-7xq2k',
        'aws-node',
        'ipamd.go:1284',
        'IP pool is too low: available (0) < ENI target (1) * addrsPerENI (14)',
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'orders-web-7c9d6f8b5d-2wq8k',
          'orders-web',
          wobble(() => 0.002, 0.4),
          35,
        ),
        ...latency(
          'orders-web-7c9d6f8b5d-2wq8k',
          wobble(() => 0.11, 0.1),
          35,
        ),
      ],
    },
    needles: ['orders-web'],
    redHerrings: [
      {
        object: 'log-archival-index-to-es',
        what: 'CNI IP-exhaustion sandbox failures on other pods',
      },
      {
        object: 'noise-pending',
        what: 'pods Pending on an impossible instance type for two hours',
      },
      { object: NODES[2], what: 'Karpenter failing to drain a node' },
    ],
  },
  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#complete-deployment — a routine
  // rollout 40 minutes ago completed (NewReplicaSetAvailable); the second cluster runs the same version;
  // the monitoring namespace is not readable. Nothing is wrong.
  {
    name: 'healthy-after-routine-rollout-two-clusters',
    expected: 'no_issue_healthy',
    source:
      'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#complete-deployment',
    entities: [entity('catalog-api')],
    faults: { forbiddenNamespaces: ['monitoring'] },
    objects: [
      ...healthyNodes(),
      ...deployment('catalog-api', {
        hash: '84c7d9b6f5',
        image: `${CAT}:4.2.0`,
        prev: { hash: '6f5b8c7d9d', image: `${CAT}:4.1.9` },
        created: 'now-40m',
        replicas: 3,
      }),
      ...catalogPods('84c7d9b6f5', 'now-40m'),
      scaledUp('catalog-api', 'catalog-api-84c7d9b6f5', 3, 'now-40m'),
      scaledDown('catalog-api', 'catalog-api-6f5b8c7d9d', 0, 'now-38m'),
      ev(
        'Pod',
        'catalog-api-6f5b8c7d9d-9xq2w',
        'Killing',
        'Stopping container catalog-api',
        {
          type: 'Normal',
          first: 'now-38m',
          last: 'now-38m',
          fieldPath: 'spec.containers{catalog-api}',
        },
      ),
      ev(
        'Pod',
        'catalog-api-84c7d9b6f5-2kq8w',
        'Unhealthy',
        'Readiness probe failed: Get "http://10.244.1.19:8080/ready": dial tcp 10.244.1.19:8080: connect: connection refused',
        {
          first: 'now-40m',
          last: 'now-40m',
          count: 2,
          fieldPath: 'spec.containers{catalog-api}',
        },
      ),
      ...neighbourCrash(
        'catalog-importer',
        'catalog-importer-5d9b8c7f6d-w2k4q',
        "KeyError: 'SUPPLIER_FEED_URL'",
      ),
    ],
    logs: [
      accessLog('catalog-api-84c7d9b6f5-2kq8w', 'catalog-api', '/v2/items'),
      chronicJson(
        'catalog-api-84c7d9b6f5-m7x4z',
        'catalog-api',
        'image CDN returned 404 for thumbnail',
        { sku: 'SKU-00412' },
      ),
    ],
    signals: {
      series: [
        ...traffic(
          'catalog-api-84c7d9b6f5-2kq8w',
          'catalog-api',
          wobble(() => 0.003, 0.3),
          50,
        ),
        ...latency(
          'catalog-api-84c7d9b6f5-2kq8w',
          wobble(() => 0.07, 0.1),
          50,
        ),
      ],
    },
    clusters: {
      'prod-us': {
        objects: [
          ...healthyNodes(),
          ...deployment('catalog-api', {
            hash: '84c7d9b6f5',
            image: `${CAT}:4.2.0`,
            created: 'now-2h',
            replicas: 3,
          }),
          ...catalogPods('84c7d9b6f5', 'now-2h'),
        ],
      },
    },
    needles: ['catalog-api'],
    redHerrings: [
      {
        object: 'catalog-importer',
        what: 'a neighbour crash-looping on a missing env var',
      },
      {
        object: 'catalog-api-84c7d9b6f5-2kq8w',
        what: 'two readiness failures during start-up 40 minutes ago, normal for a rollout',
      },
      {
        object: 'catalog-api-84c7d9b6f5-v9t2n',
        what: 'its istio-proxy was OOMKilled four days ago',
      },
    ],
  },
];
